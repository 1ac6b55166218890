package pk.gov.punjab.rabta.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.flows.FlowStats;
import pk.gov.punjab.rabta.soap.SoapBusTestSupport;
import pk.gov.punjab.rabta.support.ExpectedRows;
import pk.gov.punjab.rabta.support.InboxHistory;

/** With rabta.demo.push-releases on, the demo PMIS pushes each release to the bus's notifyRelease as PMIS would. */
class DemoReleasePushTests extends SoapBusTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PUSH_FLOW = "pmis-releases-to-cfms";
    /** The polled admissions' flow, whose delivery route also takes the pushed releases off the bus. */
    private static final String DELIVERY_FLOW = "pmis-admissions-to-cfms";

    @Autowired
    DemoSystems demo;

    @Autowired
    FlowStats stats;

    @Autowired
    CodeTables codes;

    @Test
    void aReleaseTheDemoPmisRecordsIsPushedToTheBusAndReachesTheCfmsInboxOnceAlongsideThePoll() {
        InboxHistory.install(cfms());
        long firstAdmission = pmis().queryForObject("SELECT COALESCE(MAX(ADM_ID), 0) + 1 FROM ADMSN", Long.class);
        for (int i = 0; i < 20 && admissionsFrom(firstAdmission).size() < 3; i++) {
            demo.activity().seed(1);
        }
        List<Long> admitted = admissionsFrom(firstAdmission);
        assertThat(admitted).hasSizeGreaterThanOrEqualTo(3);
        await().atMost(WAIT).until(() -> admitted.stream().allMatch(id -> inboxRows(id).size() == 1));

        long pushesBefore = stats.of(PUSH_FLOW).captured();
        long acceptedBefore = demo.releasePush().accepted();
        long writtenBefore = stats.of(DELIVERY_FLOW).delivered();
        long skippedBefore = stats.of(DELIVERY_FLOW).duplicatesSkipped();
        List<Long> released = admitted.subList(0, 2);
        for (long admission : released) {
            demo.activity().release(admission);
        }

        // The push is answered once the bus holds the record, so the counts are up as soon as release() returns.
        assertThat(demo.releasePush().accepted() - acceptedBefore).as("releases the bus acknowledged").isEqualTo(released.size());
        assertThat(stats.of(PUSH_FLOW).captured() - pushesBefore).as("records received on /soap/pmis/releases").isEqualTo(released.size());
        assertThat(demo.releasePush().failed()).isZero();
        // Each release reaches the inbox twice, pushed and polled: one copy is written, the other found already current.
        await().atMost(WAIT).until(() -> stats.of(DELIVERY_FLOW).delivered() - writtenBefore + stats.of(DELIVERY_FLOW).duplicatesSkipped() - skippedBefore
                >= 2L * released.size());
        assertThat(stats.of(DELIVERY_FLOW).delivered() - writtenBefore).as("releases written").isEqualTo(released.size());
        assertThat(stats.of(DELIVERY_FLOW).duplicatesSkipped() - skippedBefore).as("second copies dropped").isEqualTo(released.size());
        for (long admission : released) {
            assertThat(inboxRows(admission)).singleElement().satisfies(row -> assertThat(row.get("custody_status")).isEqualTo("RELEASED"));
        }
        ExpectedRows expected = new ExpectedRows(codes);
        for (long admission : admitted) {
            Map<String, Object> source = pmis().queryForMap("SELECT * FROM ADMSN WHERE ADM_ID = ?", admission);
            List<Map<String, Object>> rows = inboxRows(admission);
            assertThat(rows).as("inbox rows of admission %s", admission).hasSize(1);
            ExpectedRows.assertRowMatches(rows.get(0), expected.custodyInboxRow(source), "admission " + admission);
        }
        assertThat(InboxHistory.versionsWrittenTwice(cfms())).as("a version written twice").isEmpty();
    }

    private List<Long> admissionsFrom(long firstAdmission) {
        return pmis().queryForList("SELECT ADM_ID FROM ADMSN WHERE ADM_ID >= ? ORDER BY ADM_ID", Long.class, firstAdmission);
    }

    private List<Map<String, Object>> inboxRows(long admission) {
        return cfms().queryForList("SELECT * FROM pmis_custody_inbox WHERE admission_id = ?", admission);
    }
}
