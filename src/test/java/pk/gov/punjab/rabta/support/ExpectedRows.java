package pk.gov.punjab.rabta.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import pk.gov.punjab.rabta.codes.CodeTables;

/**
 * What each inbox row must hold, computed straight from the source row and the code tables, independently of the
 * mapping engine, so the end-to-end tests check the engine rather than repeat it.
 */
public final class ExpectedRows {
    private static final DateTimeFormatter PMIS_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final CodeTables codes;

    public ExpectedRows(CodeTables codes) {
        this.codes = codes;
    }

    /** The CFMS custody inbox row for a PMIS ADMSN row. */
    public Map<String, Object> custodyInboxRow(Map<String, Object> admission) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("jail_code", code("jails", "pmis_code", admission.get("JAIL_CD"), "code"));
        row.put("admission_id", ((Number) admission.get("ADM_ID")).longValue());
        row.put("jail_name", code("jails", "pmis_code", admission.get("JAIL_CD"), "name"));
        row.put("prisoner_number", text(admission.get("PRSNR_NO")));
        row.put("prisoner_name", text(admission.get("PRSNR_NM")));
        row.put("relative_name", text(admission.get("FTHR_HSBND_NM")));
        row.put("relation", code("relations", "pmis", admission.get("REL_TYP"), "code"));
        row.put("gender", code("genders", "pmis", admission.get("SEX"), "code"));
        row.put("cnic", admission.get("CNIC_NO") == null ? null : admission.get("CNIC_NO").toString().replace("-", ""));
        row.put("age", admission.get("AGE_YRS") == null ? null : ((Number) admission.get("AGE_YRS")).intValue());
        row.put("juvenile", "Y".equals(admission.get("JUV_FLG")));
        row.put("fir_key", admission.get("DIST_CD") + "-" + admission.get("PS_CD") + "-" + Integer.parseInt(admission.get("FIR_NO").toString())
                + "-" + admission.get("FIR_YR"));
        row.put("sections", admission.get("SECTIONS") == null ? null : Arrays.stream(admission.get("SECTIONS").toString().split(","))
                .map(String::trim).map(s -> s.replace(' ', '-')).collect(Collectors.joining(",")));
        row.put("arrested_on", pmisDate(admission.get("ARST_DT")));
        row.put("admitted_on", pmisDate(admission.get("ADM_DT")));
        row.put("custody_status", code("custody-statuses", "pmis", admission.get("PRSNR_STS"), "code"));
        row.put("released_on", pmisDate(admission.get("REL_DT")));
        row.put("release_reason", text(admission.get("REL_RSN")));
        row.put("rabta_version", millis(admission.get("UPD_TS")));
        return row;
    }

    /** The PMIS production inbox row for a CFMS hearing joined to its case. */
    public Map<String, Object> productionInboxRow(Map<String, Object> hearing) {
        Map<String, Object> row = new LinkedHashMap<>();
        String station = code("police-stations", "cfms_id", hearing.get("police_station_id"), "code");
        row.put("FIR_KEY", station + "-" + hearing.get("fir_number") + "-" + hearing.get("fir_year"));
        row.put("HRG_DT", PMIS_DATE.format(localDate(hearing.get("hearing_date"))));
        row.put("CASE_REF", text(hearing.get("court_case_no")));
        row.put("CFMS_CASE", ((Number) hearing.get("case_id")).longValue());
        row.put("CRT_CD", code("courts", "cfms_id", hearing.get("court_id"), "code"));
        row.put("CRT_NM", code("courts", "cfms_id", hearing.get("court_id"), "name"));
        row.put("PURPOSE", code("hearing-purposes", "cfms_id", hearing.get("purpose_id"), "code"));
        row.put("OUTCOME", hearing.get("outcome") == null ? null : hearing.get("outcome").toString().trim().toUpperCase());
        row.put("ADJ_BY", hearing.get("adjourned_by") == null ? "NONE" : hearing.get("adjourned_by").toString().trim().toUpperCase());
        row.put("NXT_HRG_DT", hearing.get("next_hearing_date") == null ? null : PMIS_DATE.format(localDate(hearing.get("next_hearing_date"))));
        row.put("PROD_REQ", "Y");
        row.put("RBT_VER", millis(hearing.get("updated_at")));
        return row;
    }

    /** Compares an inbox row with what it must hold, column by column, normalising JDBC types across databases. */
    public static void assertRowMatches(Map<String, Object> actual, Map<String, Object> expected, String what) {
        expected.forEach((column, value) -> assertThat(normalise(actual.get(column)))
                .as("%s column %s", what, column)
                .isEqualTo(normalise(value)));
    }

    private static Object normalise(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (value instanceof String s) {
            return s.trim();
        }
        return value;
    }

    private String code(String table, String by, Object value, String column) {
        if (value == null) {
            return null;
        }
        return codes.table(table).find(by, value.toString()).map(r -> r.get(column)).orElse(null);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString().trim();
    }

    private static LocalDate pmisDate(Object value) {
        return value == null ? null : LocalDate.parse(value.toString(), PMIS_DATE);
    }

    private static LocalDate localDate(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }

    static Long millis(Object value) {
        return value instanceof Timestamp t ? t.getTime() : ((java.time.LocalDateTime) value).atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
    }
}
