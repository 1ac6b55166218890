package pk.gov.punjab.rabta.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.support.OnIntendedDatabase;
import pk.gov.punjab.rabta.flows.FlowStats;
import pk.gov.punjab.rabta.support.ExpectedRows;

/**
 * What capture guarantees, the same on every database: a late commit is not lost, rows sharing a timestamp across
 * batch boundaries arrive once each, and a backfill delivers every row unchanged. Subclasses choose the databases.
 */
public abstract class CaptureGuaranteesContract implements OnIntendedDatabase {
    private static final Logger log = LoggerFactory.getLogger(CaptureGuaranteesContract.class);
    static final String FLOW = "pmis-admissions-to-cfms";
    static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    ConnectorRegistry connectors;

    @Autowired
    FlowStats stats;

    @Autowired
    CodeTables codes;

    @Autowired
    CaptureComponent capture;

    /** How many rows the backfill test writes. */
    abstract int backfillRows();

    @Override
    public ConnectorRegistry connectorRegistry() {
        return connectors;
    }

    @Test
    void aRowCommittedLateWithAnOlderTimestampIsDelivered() throws Exception {
        DataSource pmis = connectors.dataSource("pmis-db");
        Timestamp older = Timestamp.from(Instant.now().minusSeconds(2));
        try (Connection slow = pmis.getConnection()) {
            slow.setAutoCommit(false);
            insertAdmissions(slow, 500_001, 1, older);
            // Newer rows commit first and are captured: the checkpoint moves past the slow row's timestamp.
            try (Connection fast = pmis.getConnection()) {
                insertAdmissions(fast, 500_002, 2, Timestamp.from(Instant.now()));
            }
            await().atMost(WAIT).until(() -> inbox(500_002) && inbox(500_003));
            assertThat(inbox(500_001)).isFalse();
            slow.commit();
        }
        await().atMost(WAIT).until(() -> inbox(500_001));
    }

    @Test
    void rowsSharingOneTimestampAcrossBatchBoundariesArriveOnceEach() throws Exception {
        long deliveredBefore = stats.of(FLOW).delivered();
        long skippedBefore = stats.of(FLOW).duplicatesSkipped();
        try (Connection connection = connectors.dataSource("pmis-db").getConnection()) {
            insertAdmissions(connection, 600_001, 230, Timestamp.from(Instant.now()));
        }
        await().atMost(WAIT).until(() -> countInbox(600_001, 600_230) == 230);
        await().atMost(WAIT).until(() -> stats.of(FLOW).delivered() - deliveredBefore >= 230);
        assertThat(stats.of(FLOW).delivered() - deliveredBefore).isEqualTo(230);
        assertThat(stats.of(FLOW).duplicatesSkipped() - skippedBefore).isZero();
    }

    @Test
    void aBackfillDeliversEveryRowWithTheSameContent() throws Exception {
        int rows = backfillRows();
        long first = 1_000_001;
        try (Connection connection = connectors.dataSource("pmis-db").getConnection()) {
            connection.setAutoCommit(false);
            // Newer than anything captured so far, as rows written after the bus started are; microseconds apart per
            // chunk, so no row lies in the future and a later test's rows, stamped now, are newer than the checkpoint.
            Instant base = Instant.now();
            for (int done = 0; done < rows; done += 5_000) {
                insertAdmissions(connection, first + done, Math.min(5_000, rows - done), Timestamp.from(base.plusNanos(done)));
                connection.commit();
            }
        }
        long started = System.nanoTime();
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(1))
                .until(() -> countInbox(first, first + rows - 1) == rows);
        double seconds = (System.nanoTime() - started) / 1e9;
        log.info("BACKFILL {} rows from {} delivered in {} s: {} records/s", rows, databaseName(), String.format("%.1f", seconds),
                Math.round(rows / seconds));

        JdbcTemplate pmis = new JdbcTemplate(connectors.dataSource("pmis-db"));
        JdbcTemplate cfms = new JdbcTemplate(connectors.dataSource("cfms-db"));
        Map<Long, Map<String, Object>> delivered = new HashMap<>();
        cfms.query("SELECT * FROM pmis_custody_inbox WHERE admission_id BETWEEN ? AND ?", rs -> {
            Map<String, Object> row = new org.springframework.util.LinkedCaseInsensitiveMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
            }
            delivered.put(((Number) row.get("admission_id")).longValue(), row);
        }, first, first + rows - 1);
        assertThat(delivered).hasSize(rows);
        ExpectedRows expected = new ExpectedRows(codes);
        List<Map<String, Object>> source = pmis.queryForList("SELECT * FROM ADMSN WHERE ADM_ID BETWEEN ? AND ?", first, first + rows - 1);
        assertThat(source).hasSize(rows);
        for (Map<String, Object> row : source) {
            Map<String, Object> actual = delivered.get(((Number) row.get("ADM_ID")).longValue());
            ExpectedRows.assertRowMatches(actual, expected.custodyInboxRow(row), "admission " + row.get("ADM_ID"));
            assertThat(actual.get("rabta_hash").toString()).hasSize(64);
        }
    }

    @Test
    void reconciliationSendsWhatPollingMissedChangedOrDeletedBehindItsBack() throws Exception {
        JdbcTemplate pmis = new JdbcTemplate(connectors.dataSource("pmis-db"));
        try (var connection = connectors.dataSource("pmis-db").getConnection()) {
            insertAdmissions(connection, 710_000, 1, Timestamp.from(Instant.now()));
        }
        await().atMost(WAIT).until(() -> inbox(710_000));
        // Committed with a timestamp far behind the checkpoint and outside the overlap window: polling never sees it.
        try (var connection = connectors.dataSource("pmis-db").getConnection()) {
            insertAdmissions(connection, 710_001, 1, Timestamp.from(Instant.now().minusSeconds(3600)));
        }
        Thread.sleep(1_000);
        assertThat(inbox(710_001)).isFalse();

        Reconciliation.Report first = capture.reconcile(FLOW);
        assertThat(first.neverSent()).isEqualTo(1);
        await().atMost(WAIT).until(() -> inbox(710_001));

        // Changed without a new timestamp.
        pmis.update("UPDATE ADMSN SET PRSNR_NM = 'ALI RAZA KHAN' WHERE ADM_ID = 710001");
        Reconciliation.Report second = capture.reconcile(FLOW);
        assertThat(second.changedUnseen()).isEqualTo(1);
        assertThat(second.neverSent()).isZero();
        await().atMost(WAIT).until(() -> "ALI RAZA KHAN".equals(new JdbcTemplate(connectors.dataSource("cfms-db"))
                .queryForObject("SELECT prisoner_name FROM pmis_custody_inbox WHERE admission_id = 710001", String.class)));

        // Deleted: a watermark cannot see a row that is gone.
        pmis.update("DELETE FROM ADMSN WHERE ADM_ID = 710001");
        Reconciliation.Report third = capture.reconcile(FLOW);
        assertThat(third.deletedUnseen()).isEqualTo(1);
        await().atMost(WAIT).until(() -> !inbox(710_001));

        Reconciliation.Report quiet = capture.reconcile(FLOW);
        assertThat(quiet.sent()).isZero();
    }

    String databaseName() throws Exception {
        try (Connection connection = connectors.dataSource("pmis-db").getConnection()) {
            return connection.getMetaData().getDatabaseProductName();
        }
    }

    boolean inbox(long admissionId) {
        return countInbox(admissionId, admissionId) == 1;
    }

    long countInbox(long from, long to) {
        return new JdbcTemplate(connectors.dataSource("cfms-db")).queryForObject(
                "SELECT COUNT(*) FROM pmis_custody_inbox WHERE admission_id BETWEEN ? AND ?", Long.class, from, to);
    }

    /** Valid PMIS admissions with consecutive ids, all stamped with one timestamp. */
    public static void insertAdmissions(Connection connection, long firstId, int count, Timestamp updated) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ADMSN (ADM_ID, JAIL_CD, PRSNR_NO, PRSNR_NM,"
                + " FTHR_HSBND_NM, REL_TYP, SEX, CNIC_NO, AGE_YRS, DOB, JUV_FLG, DIST_CD, PS_CD, FIR_NO, FIR_YR, SECTIONS, ARST_DT,"
                + " ADM_DT, PRSNR_STS, UPD_TS) VALUES (?, 'J001', ?, 'ALI RAZA', 'MUHAMMAD RAMZAN', 'S/O', 'M', ?, 30, '01/01/1996', 'N',"
                + " 'LHR', '001', ?, '2026', 'PPC 379, PPC 411', '01/11/2026', '03/11/2026', 'UTP', ?)")) {
            for (long id = firstId; id < firstId + count; id++) {
                insert.setLong(1, id);
                insert.setString(2, "J001/2026/" + id);
                insert.setString(3, String.format("35202-%07d-1", id % 10_000_000));
                insert.setString(4, String.valueOf(1 + id % 900));
                insert.setTimestamp(5, updated);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
