package pk.gov.punjab.rabta.demo;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A fixed set of under-trial prisoners, dated from today, each showing one rule of the law on detention (and a few
 * that must raise nothing): the demo shows every kind of alert within a pass of start, and a test can hold the alert
 * rules and the detention report to exact numbers. All in Lahore: Civil Lines police station, Sessions Judge Lahore.
 */
public final class DemoAlertCases {
    /** Alerts the cases raise, by rule, before any candidate link is confirmed. */
    public static final Map<String, Integer> EXPECTED = expected();
    /** The one candidate link the cases hold (a mistyped CNIC); confirming it raises one more BAIL_NOT_RELEASED. */
    public static final int CANDIDATES = 1;
    /** Under-trial prisoners held, women, juveniles, mothers with children, and children with their mothers. */
    public static final int UNDER_TRIAL = 18;
    public static final int WOMEN = 2;
    public static final int JUVENILES = 2;
    public static final int MOTHERS = 1;
    /** By length of detention: under 3 months, 3 to 6, 6 to 12, 1 to 2 years, over 2 years. */
    public static final int[] BANDS = {11, 1, 3, 3, 0};
    public static final String NOT_PRODUCED_REASON = "POLICE GUARD NOT AVAILABLE";

    private static final DateTimeFormatter PMIS_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final int STATION = 101;
    private static final int COURT = 501;
    private static final int THEFT = 1024;
    private static final int MURDER = 1002;
    private static final int ROBBERY = 1028;

    private final JdbcTemplate pmis;
    private final JdbcTemplate cfms;
    private final LocalDate today;
    private final TransactionTemplate pmisTransaction;
    private final TransactionTemplate cfmsTransaction;
    private int fir = 9000;

    public DemoAlertCases(DataSource pmis, DataSource cfms, LocalDate today) {
        this.pmis = new JdbcTemplate(pmis);
        this.cfms = new JdbcTemplate(cfms);
        this.pmisTransaction = new TransactionTemplate(new DataSourceTransactionManager(pmis));
        this.cfmsTransaction = new TransactionTemplate(new DataSourceTransactionManager(cfms));
        this.today = today;
    }

    private static Map<String, Integer> expected() {
        Map<String, Integer> e = new LinkedHashMap<>();
        e.put("STATUTORY_BAIL", 4);
        e.put("VULNERABLE_UTP", 4);
        e.put("JUVENILE_IN_JAIL", 1);
        e.put("JUVENILE_HEINOUS_OVER_6_MONTHS", 1);
        e.put("CHALLAN_OVERDUE", 1);
        e.put("REMAND_LAPSING", 1);
        e.put("NOT_PRODUCED", 1);
        e.put("BAIL_NOT_RELEASED", 1);
        e.put("ORPHAN_IN_PMIS", 1);
        e.put("ORPHAN_IN_CFMS", 1);
        return Map.copyOf(e);
    }

    /** Writes every case in one transaction per department, so a capture sees them whole or not at all. */
    public void install() {
        cfmsTransaction.executeWithoutResult(tx -> pmisTransaction.executeWithoutResult(ptx -> write()));
    }

    private void write() {
        // Statutory bail: a man held over a year for theft (due), a woman over six months (due), a man eleven and a
        // half months (warned).
        held(kase(THEFT, 402), man("Tariq Mehmood", 1), "J001", 400);
        held(kase(THEFT, 202), woman("Shazia Bibi", 2, 0), "J012", 200);
        held(kase(THEFT, 352), man("Kashif Iqbal", 3), "J001", 350);
        // Not yet due: a capital case under two years, and a man with a previous conviction (4th proviso).
        held(kase(MURDER, 402), man("Zahid Hussain", 4), "J001", 400);
        long convicted = kase(THEFT, 402);
        held(convicted, man("Naveed Akhtar", 5), "J001", 400);
        cfms.update("UPDATE accused SET previous_conviction = TRUE WHERE case_id = ?", convicted);
        // Juveniles: 16 in an ordinary jail for theft; 15 in a borstal for robbery (heinous) over six months.
        held(kase(THEFT, 32), person("Hamza Ali", "Muhammad Sadiq", "S/O", "M", 6, 16), "J001", 30);
        held(kase(ROBBERY, 202), person("Bilal Ahmed", "Fazal Din", "S/O", "M", 7, 15), "J013", 200);
        // No challan twenty days after the FIR.
        long noChallan = kase(THEFT, 20);
        cfms.update("UPDATE case_file SET challan_date = NULL, challan_type = NULL WHERE id = ?", noChallan);
        held(noChallan, man("Usman Ghani", 8), "J001", 19);
        // Remand lapsed: no warrant, last hearing twenty days ago with no next date.
        long lapsed = kase(THEFT, 62);
        Admitted lapsing = held(lapsed, man("Shahid Mahmood", 9), "J001", 60);
        pmis.update("UPDATE ADMSN SET WRNT_EXP_DT = NULL WHERE ADM_ID = ?", lapsing.admissionId);
        cfms.update("DELETE FROM hearing WHERE case_id = ?", lapsed);
        hearing(lapsed, 20, "PRODUCED", null, null);
        // Not produced at the last hearing.
        long notProduced = kase(THEFT, 82);
        held(notProduced, man("Irfan Ali", 10), "J001", 80);
        hearing(notProduced, 3, "NOT_PRODUCED", NOT_PRODUCED_REASON, today.plusDays(11));
        // Bail granted ten days ago, still held.
        long bailed = kase(THEFT, 82);
        Admitted stillHeld = held(bailed, man("Waqas Ahmad", 11), "J001", 80);
        bail(bailed, stillHeld.accusedId, 10);
        // PMIS holds a prisoner on an FIR CFMS does not have; CFMS shows an accused in custody PMIS never admitted.
        long pmisOnly = kase(THEFT, 12);
        Admitted orphan = held(pmisOnly, man("Adnan Sabir", 12), "J001", 10);
        pmis.update("UPDATE ADMSN SET FIR_NO = ? WHERE ADM_ID = ?", String.valueOf(fir + 5000), orphan.admissionId);
        cfms.update("UPDATE accused SET in_custody = FALSE WHERE id = ?", orphan.accusedId);
        long cfmsOnly = kase(THEFT, 12);
        accused(cfmsOnly, man("Sajid Rasool", 13), true, 10);
        // A mistyped CNIC and another spelling of the name: a candidate for a person to confirm; bail granted too.
        long typo = kase(THEFT, 82);
        Admitted candidate = held(typo, man("Muhammad Arshad Khan", 14), "J001", 80);
        pmis.update("UPDATE ADMSN SET CNIC_NO = ?, PRSNR_NM = ? WHERE ADM_ID = ?", "35202-0000041-3", "MOHD. ARSHAD KHAN", candidate.admissionId);
        bail(typo, candidate.accusedId, 10);
        // One FIR, two co-accused, each linked by CNIC; nothing due.
        long coAccused = kase(THEFT, 32);
        held(coAccused, man("Akram Butt", 15), "J001", 30);
        held(coAccused, man("Aslam Butt", 16), "J001", 30);
        // One prisoner held on two FIRs: the clock runs per case, so only the older FIR's statutory bail is due.
        long newer = kase(THEFT, 102);
        long older = kase(THEFT, 402);
        Person twice = man("Rashid Mehmood", 20);
        Admitted onBoth = held(newer, twice, "J001", 100);
        accused(older, twice, true, 400);
        Map<String, Object> olderFir = cfms.queryForMap("SELECT fir_number, fir_year FROM case_file WHERE id = ?", older);
        pmis.update("UPDATE ADMSN SET ADDL_FIRS = ? WHERE ADM_ID = ?", "LHR-001-" + olderFir.get("fir_number") + "-"
                + olderFir.get("fir_year") + "@" + PMIS_DATE.format(today.minusDays(400)), onBoth.admissionId);
        // Sick; a mother with her child; one released long ago, which raises nothing.
        Admitted sick = held(kase(THEFT, 32), man("Javed Iqbal", 17), "J001", 30);
        pmis.update("UPDATE ADMSN SET SICK_FLG = 'Y' WHERE ADM_ID = ?", sick.admissionId);
        held(kase(THEFT, 32), woman("Parveen Akhtar", 18, 1), "J012", 30);
        Admitted released = held(kase(THEFT, 402), man("Riaz Ahmed", 19), "J001", 400);
        pmis.update("UPDATE ADMSN SET REL_DT = ?, REL_RSN = 'BAIL', PRSNR_STS = 'REL' WHERE ADM_ID = ?",
                PMIS_DATE.format(today.minusDays(5)), released.admissionId);
    }

    private record Person(String name, String relative, String relation, String gender, String cnic, int age, int children) {
    }

    private record Admitted(long accusedId, long admissionId) {
    }

    private static Person man(String name, int n) {
        return person(name, "Ghulam Rasool", "S/O", "M", n, 30 + n);
    }

    private static Person woman(String name, int n, int children) {
        Person p = person(name, "Muhammad Bashir", "W/O", "F", n, 28);
        return new Person(p.name, p.relative, p.relation, p.gender, p.cnic, p.age, children);
    }

    private static Person person(String name, String relative, String relation, String gender, int n, int age) {
        // 35202 (Lahore), the person's number, and a last digit odd for men and even for women.
        String cnic = "35202" + String.format("%07d", n) + ("F".equals(gender) ? "2" : "3");
        return new Person(name, relative, relation, gender, cnic, age, 0);
    }

    /** A case registered {@code firDaysAgo} days ago, challaned ten days after its FIR. */
    private long kase(int section, int firDaysAgo) {
        long id = next(cfms, "case_file", "id");
        fir++;
        LocalDate firDate = today.minusDays(firDaysAgo);
        Timestamp now = now();
        cfms.update("INSERT INTO case_file (id, police_station_id, fir_number, fir_year, fir_date, court_id, court_case_no, challan_type,"
                        + " challan_date, status, prosecutor_name, section_ids, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, STATION, fir, firDate.getYear(), Date.valueOf(firDate), COURT, "SC-" + id + "/" + firDate.getYear(), "FINAL",
                Date.valueOf(firDate.plusDays(10)), "UNDER_TRIAL", "DDPP Ayesha Siddiqa", String.valueOf(section), now, now);
        cfms.update("INSERT INTO case_section (case_id, section_id) VALUES (?, ?)", id, section);
        // A hearing a week ahead: a next court date keeps the remand covered.
        hearing(id, -7, null, null, null);
        return id;
    }

    private long accused(long caseId, Person p, boolean inCustody, int arrestedDaysAgo) {
        long id = next(cfms, "accused", "id");
        cfms.update("INSERT INTO accused (id, case_id, full_name, relative_name, relation, gender_id, cnic, age, in_custody, arrest_date,"
                        + " previous_conviction, dangerous, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, FALSE, ?)",
                id, caseId, p.name, p.relative, p.relation, "F".equals(p.gender) ? 2 : 1, p.cnic, p.age, inCustody,
                Date.valueOf(today.minusDays(arrestedDaysAgo)), now());
        return id;
    }

    /** The accused of a case, arrested and admitted {@code arrestedDaysAgo} days ago, with a remand warrant running. */
    private Admitted held(long caseId, Person p, String jail, int arrestedDaysAgo) {
        long accusedId = accused(caseId, p, true, arrestedDaysAgo);
        Integer firNumber = cfms.queryForObject("SELECT fir_number FROM case_file WHERE id = ?", Integer.class, caseId);
        Integer year = cfms.queryForObject("SELECT fir_year FROM case_file WHERE id = ?", Integer.class, caseId);
        String section = cfms.queryForObject("SELECT section_ids FROM case_file WHERE id = ?", String.class, caseId);
        String sectionText = switch (Integer.parseInt(section)) {
            case MURDER -> "PPC 302";
            case ROBBERY -> "PPC 392";
            default -> "PPC 379";
        };
        long admissionId = next(pmis, "ADMSN", "ADM_ID");
        LocalDate arrested = today.minusDays(arrestedDaysAgo);
        String cnic = p.cnic.substring(0, 5) + "-" + p.cnic.substring(5, 12) + "-" + p.cnic.substring(12);
        pmis.update("INSERT INTO ADMSN (ADM_ID, JAIL_CD, PRSNR_NO, PRSNR_NM, FTHR_HSBND_NM, REL_TYP, SEX, CNIC_NO, AGE_YRS, JUV_FLG,"
                        + " DIST_CD, PS_CD, FIR_NO, FIR_YR, SECTIONS, ARST_DT, ADM_DT, PRSNR_STS, SICK_FLG, CHLD_CNT, WRNT_EXP_DT, UPD_TS)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'LHR', '001', ?, ?, ?, ?, ?, ?, 'N', ?, ?, ?)",
                admissionId, jail, jail + "/" + arrested.getYear() + "/" + admissionId, p.name.toUpperCase(), p.relative.toUpperCase(),
                p.relation, p.gender, cnic, p.age, p.age < 18 ? "Y" : "N", String.valueOf(firNumber), String.valueOf(year),
                sectionText, PMIS_DATE.format(arrested), PMIS_DATE.format(arrested), arrestedDaysAgo > 14 ? "UTP" : "JR",
                p.children, PMIS_DATE.format(today.plusDays(10)), now());
        return new Admitted(accusedId, admissionId);
    }

    private void hearing(long caseId, int daysAgo, String production, String reason, LocalDate next) {
        Timestamp now = now();
        cfms.update("INSERT INTO hearing (id, case_id, court_id, hearing_date, purpose_id, outcome, next_hearing_date, production,"
                        + " non_production_reason, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
                next(cfms, "hearing", "id"), caseId, COURT, Date.valueOf(today.minusDays(daysAgo)),
                production == null ? null : "ADJOURNED", next == null ? null : Date.valueOf(next), production, reason, now, now);
    }

    private void bail(long caseId, long accusedId, int daysAgo) {
        cfms.update("INSERT INTO court_order (id, case_id, accused_id, order_date, order_type, surety_amount, updated_at) VALUES (?, ?, ?, ?, 'BAIL', 100000, ?)",
                next(cfms, "court_order", "id"), caseId, accusedId, Date.valueOf(today.minusDays(daysAgo)), now());
    }

    private static long next(JdbcTemplate jdbc, String table, String column) {
        Long id = jdbc.queryForObject("SELECT COALESCE(MAX(" + column + "), 0) + 1 FROM " + table, Long.class);
        return id == null ? 1 : id;
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }
}
