package pk.gov.punjab.rabta.realdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;


import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.demo.DemoActivity;
import pk.gov.punjab.rabta.support.ExpectedRows;
import pk.gov.punjab.rabta.support.RealDatabases;

/**
 * The demo CFMS schema on the machine's PostgreSQL and the PMIS schema on its MariaDB, with both flows running
 * between them. Run by the real-db Maven profile; connection settings come from RABTA_TEST_PG_* and RABTA_TEST_MARIADB_*.
 */
@Tag("real-db")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestPropertySource(locations = "classpath:bus-test.properties", properties = "rabta.demo.enabled=false")
@DirtiesContext
class RealDatabaseSmokeTests {
    @Autowired
    ConnectorRegistry connectors;

    @Autowired
    CodeTables codes;

    @DynamicPropertySource
    static void realDatabases(DynamicPropertyRegistry registry) {
        RealDatabases.pmisAndCfms(registry);
    }

    @Test
    void bothFlowsRunBetweenCfmsOnPostgresqlAndPmisOnMariadb() {
        JdbcTemplate pmis = new JdbcTemplate(connectors.dataSource("pmis-db"));
        JdbcTemplate cfms = new JdbcTemplate(connectors.dataSource("cfms-db"));
        assertThat(pmis.queryForObject("SELECT COUNT(*) FROM JAIL_MST", Long.class)).isEqualTo(codes.table("jails").rows().size());
        assertThat(cfms.queryForObject("SELECT COUNT(*) FROM police_station", Long.class)).isEqualTo(codes.table("police-stations").rows().size());

        new DemoActivity(connectors.dataSource("pmis-db"), connectors.dataSource("cfms-db"), codes, 7, 0).seed(15);
        List<Map<String, Object>> admissions = pmis.queryForList("SELECT * FROM ADMSN ORDER BY ADM_ID");
        List<Map<String, Object>> hearings = cfms.queryForList("SELECT h.*, c.police_station_id, c.fir_number, c.fir_year, c.court_case_no"
                + " FROM hearing h JOIN case_file c ON c.id = h.case_id ORDER BY h.id");
        assertThat(admissions).isNotEmpty();
        assertThat(hearings).isNotEmpty();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(cfms.queryForObject("SELECT COUNT(*) FROM pmis_custody_inbox", Long.class)).isEqualTo(admissions.size());
            assertThat(pmis.queryForObject("SELECT COUNT(*) FROM CRT_PROD_INBX", Long.class)).isEqualTo(hearings.size());
        });
        ExpectedRows expected = new ExpectedRows(codes);
        for (Map<String, Object> admission : admissions) {
            Map<String, Object> want = expected.custodyInboxRow(admission);
            ExpectedRows.assertRowMatches(cfms.queryForMap("SELECT * FROM pmis_custody_inbox WHERE jail_code = ? AND admission_id = ?",
                    want.get("jail_code"), want.get("admission_id")), want, "admission " + admission.get("ADM_ID"));
        }
        for (Map<String, Object> hearing : hearings) {
            Map<String, Object> want = expected.productionInboxRow(hearing);
            ExpectedRows.assertRowMatches(pmis.queryForMap("SELECT * FROM CRT_PROD_INBX WHERE FIR_KEY = ? AND HRG_DT = ?",
                    want.get("FIR_KEY"), want.get("HRG_DT")), want, "hearing " + hearing.get("id"));
        }
    }

}
