package pk.gov.punjab.rabta.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.jdbc.core.JdbcTemplate;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.bus.BusSender;

/**
 * Puts PMIS admissions on the admission flow's bus queue as capture does, so that the real delivery side takes them;
 * a CHECK constraint on the CFMS inbox makes chosen admissions fail there and become dead letters.
 */
public final class DeadLetterMaker {
    public static final String FLOW = "pmis-admissions-to-cfms";

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final BusSender sender;

    public DeadLetterMaker(CamelContext camel, ProducerTemplate producer, BusSender sender) throws Exception {
        this.camel = camel;
        this.producer = producer;
        this.sender = sender;
        if (camel.getRoute("test-publish") == null) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:publish").routeId("test-publish")
                            .to("mapping:pmis-admission-to-custody-episode")
                            .to("bus:custody-episodes");
                }
            });
        }
    }

    /** The CFMS inbox refuses admissions in the range from..to while they are on judicial remand. */
    public static void refuseRemands(JdbcTemplate cfms, String name, long from, long to) {
        cfms.execute("ALTER TABLE pmis_custody_inbox ADD CONSTRAINT " + name
                + " CHECK (NOT (admission_id BETWEEN " + from + " AND " + to + " AND custody_status = 'JUDICIAL_REMAND'))");
    }

    public static void allow(JdbcTemplate cfms, String name) {
        cfms.execute("ALTER TABLE pmis_custody_inbox DROP CONSTRAINT " + name);
    }

    /** Publishes admissions first..first+count-1 on judicial remand, in capture-sized broker transactions. */
    public void publishRemands(long first, int count) throws Exception {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (long id = first; id < first + count; id++) {
            batch.add(admission(id, "JR"));
            if (batch.size() == 500) {
                publish(batch);
                batch.clear();
            }
        }
        publish(batch);
    }

    private void publish(List<Map<String, Object>> rows) throws Exception {
        if (rows.isEmpty()) {
            return;
        }
        try (BusSender.Batch batch = sender.beginBatch()) {
            for (Map<String, Object> row : rows) {
                Map<String, Object> headers = new LinkedHashMap<>();
                headers.put(RabtaHeaders.SOURCE_SYSTEM, "PMIS");
                headers.put(RabtaHeaders.SOURCE_KEY, "ADMSN:" + row.get("ADM_ID"));
                headers.put(RabtaHeaders.SOURCE_VERSION, 1_000L);
                headers.put(RabtaHeaders.SOURCE_HASH, "JR-" + row.get("ADM_ID"));
                headers.put(RabtaHeaders.CAPTURED_AT, Instant.now().toString());
                headers.put(RabtaHeaders.CORRELATION_ID, UUID.randomUUID().toString());
                producer.sendBodyAndHeaders("direct:publish", row, headers);
            }
            batch.commit();
        }
    }

    public static Map<String, Object> admission(long id, String status) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ADM_ID", id);
        row.put("JAIL_CD", "J001");
        row.put("PRSNR_NO", "J001/2026/" + id);
        row.put("PRSNR_NM", "ALI RAZA");
        row.put("SEX", "M");
        row.put("CNIC_NO", String.format("35202-%07d-1", id % 10_000_000));
        row.put("DIST_CD", "LHR");
        row.put("PS_CD", "001");
        row.put("FIR_NO", String.valueOf(id % 900 + 1));
        row.put("FIR_YR", "2026");
        row.put("SECTIONS", "PPC 379");
        row.put("ADM_DT", "03/11/2026");
        row.put("PRSNR_STS", status);
        return row;
    }

    /** The entity key the admission flow gives an admission. */
    public static String entityKey(long id) {
        return "CJ-LHR:" + id;
    }

    public CamelContext camel() {
        return camel;
    }
}
