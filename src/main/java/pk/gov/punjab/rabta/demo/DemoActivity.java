package pk.gov.punjab.rabta.demo;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import pk.gov.punjab.rabta.codes.CodeTables;

/**
 * What happens in the demo world: cases are registered in CFMS, their accused admitted to PMIS jails, hearings held and
 * adjourned, bail granted, prisoners released. Each write stamps the source's own change timestamp.
 */
public final class DemoActivity {
    private static final DateTimeFormatter PMIS_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final List<String> OUTCOMES = List.of("ADJOURNED", "ADJOURNED", "ADJOURNED", "EVIDENCE RECORDED",
            "CHARGE FRAMED", "ARGUMENTS HEARD");
    private static final List<String> ADJOURNED_BY = List.of("PROSECUTION", "DEFENCE", "COURT");
    private static final List<String> RELEASE_REASONS = List.of("BAIL", "BAIL", "ACQUITTED", "DISCHARGED", "SENTENCE COMPLETED");
    // PMIS's own transfer reason codes: court order, overcrowding, security, medical, trial in another district.
    private static final List<String> TRANSFER_REASONS = List.of("OVC", "OVC", "CRT", "SEC", "MED", "TRL");
    private static final List<String> NOT_PRODUCED_REASONS = List.of("POLICE GUARD NOT AVAILABLE", "POLICE GUARD NOT AVAILABLE",
            "VEHICLE NOT AVAILABLE", "PRISONER ILL", "PRISONER IN ANOTHER COURT", "SECURITY CONCERN");

    private final JdbcTemplate pmis;
    private final JdbcTemplate cfms;
    private final CodeTables codes;
    private final Random random;
    // Draws for what the alert rules read (sickness, warrants, production, orphans); kept apart from the first random
    // so a seed still yields the same cases, accused and hearings.
    private final Random facts;
    private final TransactionTemplate cfmsTransaction;
    private final TransactionTemplate pmisTransaction;
    private final int badRecordPercent;
    private final Consumer<Map<String, Object>> releaseRecorded;

    public DemoActivity(DataSource pmis, DataSource cfms, CodeTables codes, long seed, int badRecordPercent) {
        this(pmis, cfms, codes, seed, badRecordPercent, released -> { });
    }

    /** releaseRecorded is told of each release once PMIS has written it, with the admission row as it now stands. */
    public DemoActivity(DataSource pmis, DataSource cfms, CodeTables codes, long seed, int badRecordPercent,
                        Consumer<Map<String, Object>> releaseRecorded) {
        this.pmis = new JdbcTemplate(pmis);
        this.cfms = new JdbcTemplate(cfms);
        this.codes = codes;
        this.random = new Random(seed);
        this.facts = new Random(seed + 1);
        this.cfmsTransaction = new TransactionTemplate(new DataSourceTransactionManager(cfms));
        this.pmisTransaction = new TransactionTemplate(new DataSourceTransactionManager(pmis));
        this.badRecordPercent = badRecordPercent;
        this.releaseRecorded = releaseRecorded;
    }

    /** A fresh demo world: cases spread over the last two years, with their accused, admissions, hearings and transfers. */
    public synchronized void seed(int cases) {
        for (int i = 0; i < cases; i++) {
            long caseId = registerCase(LocalDate.now().minusDays(20 + random.nextInt(700)));
            long hearings = 1 + random.nextInt(3);
            for (int h = 0; h < hearings; h++) {
                holdHearing(caseId);
            }
        }
        // Drawn after the cases, so a given seed yields the same cases as before transfers existed.
        for (int t = 0; t < Math.max(1, cases / 5); t++) {
            transfer(true);
        }
    }

    /** One random event, weighted towards what jails and courts do most. */
    public synchronized void tick() {
        int roll = random.nextInt(100);
        if (roll < 25) {
            registerCase(LocalDate.now().minusDays(random.nextInt(20)));
        } else if (roll < 60) {
            randomCase().ifPresent(this::holdHearing);
        } else if (roll < 75) {
            recordOutcome();
        } else if (roll < 88) {
            release();
        } else if (roll < 95) {
            grantBail();
        } else {
            transfer(false);
        }
    }

    /** Registers an FIR case in CFMS with one or two accused; those arrested are admitted to a jail in PMIS. */
    long registerCase(LocalDate firDate) {
        // One event, one transaction per department, as their own systems write it: a capture never reads half a case.
        return cfmsTransaction.execute(tx -> pmisTransaction.execute(ptx -> writeCase(firDate)));
    }

    private long writeCase(LocalDate firDate) {
        Map<String, String> station = pick(codes.table("police-stations").rows());
        String district = station.get("district");
        int stationId = Integer.parseInt(station.get("cfms_id"));
        int year = firDate.getYear();
        long caseId = nextId(cfms, "case_file", "id");
        Integer firNumber = cfms.queryForObject("SELECT COALESCE(MAX(fir_number), 0) + 1 FROM case_file WHERE police_station_id = ? AND fir_year = ?",
                Integer.class, stationId, year);
        Map<String, String> court = courtIn(district);
        Timestamp now = now();
        cfms.update("INSERT INTO case_file (id, police_station_id, fir_number, fir_year, fir_date, court_id, court_case_no, challan_type,"
                        + " challan_date, status, prosecutor_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                caseId, stationId, firNumber, year, java.sql.Date.valueOf(firDate), Integer.parseInt(court.get("cfms_id")),
                "SC-" + caseId + "/" + year, random.nextBoolean() ? "FINAL" : "INTERIM",
                random.nextInt(10) < 7 ? java.sql.Date.valueOf(firDate.plusDays(10 + random.nextInt(30))) : null,
                "UNDER_TRIAL", "DDPP " + pick(List.of("Ayesha Siddiqa", "Kamran Akhtar", "Saima Noreen", "Farhan Ali", "Rabia Tariq")),
                now, now);
        List<Map<String, String>> sections = new ArrayList<>();
        int count = 1 + random.nextInt(2);
        while (sections.size() < count) {
            Map<String, String> section = pick(codes.table("offence-sections").rows());
            if (!sections.contains(section)) {
                sections.add(section);
                cfms.update("INSERT INTO case_section (case_id, section_id) VALUES (?, ?)", caseId, Integer.parseInt(section.get("cfms_id")));
            }
        }
        cfms.update("UPDATE case_file SET section_ids = ? WHERE id = ?",
                String.join(",", sections.stream().map(sec -> sec.get("cfms_id")).toList()), caseId);
        int accusedCount = random.nextInt(4) == 0 ? 2 : 1;
        for (int a = 0; a < accusedCount; a++) {
            DemoPeople.Person person = DemoPeople.next(random);
            boolean inCustody = random.nextInt(10) < 8;
            long accusedId = nextId(cfms, "accused", "id");
            cfms.update("INSERT INTO accused (id, case_id, full_name, relative_name, relation, gender_id, cnic, age, in_custody,"
                            + " previous_conviction, dangerous, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    accusedId, caseId, person.name(), person.relativeName(), person.relation(),
                    genderId(person.gender()), person.cnic(), person.age(), inCustody, facts.nextInt(100) < 4,
                    facts.nextInt(100) < 2, now);
            if (inCustody) {
                LocalDate arrested = firDate.plusDays(random.nextInt(5));
                cfms.update("UPDATE accused SET arrest_date = ? WHERE id = ?", java.sql.Date.valueOf(arrested), accusedId);
                // Now and then CFMS shows an accused in custody whom PMIS never admitted: an orphan the bus reports.
                if (facts.nextInt(100) >= 3) {
                    admit(person, station, firNumber, year, sections, arrested);
                }
            }
        }
        return caseId;
    }

    private void admit(DemoPeople.Person person, Map<String, String> station, int firNumber, int year,
                       List<Map<String, String>> sections, LocalDate arrested) {
        long admissionId = nextId(pmis, "ADMSN", "ADM_ID");
        String jail = jailFor(person, station.get("district"));
        String cnic = person.cnic().substring(0, 5) + "-" + person.cnic().substring(5, 12) + "-" + person.cnic().substring(12);
        String name = person.name().toUpperCase();
        String firNo = String.valueOf(firNumber);
        int slip = facts.nextInt(100);
        if (slip < 5) {
            // A clerk's typo in the middle of the CNIC: matching falls back to names and asks a person to confirm.
            char digit = cnic.charAt(8);
            cnic = cnic.substring(0, 8) + (char) ('0' + (digit - '0' + 1) % 10) + cnic.substring(9);
        } else if (slip < 8) {
            // PMIS holds the prisoner on an FIR number CFMS does not have: an orphan the bus reports.
            firNo = String.valueOf(firNumber + 5000);
        } else if (slip < 13) {
            // Another spelling of the same name, as PMIS clerks write it.
            name = name.replace("MUHAMMAD", "MOHD.").replace("AHMED", "AHMAD").replace("HUSSAIN", "HUSAIN");
        }
        if (random.nextInt(100) < badRecordPercent) {
            // Legacy data entry errors the bus must dead-letter, not pass on: a short CNIC or a jail code PMIS never had.
            if (random.nextBoolean()) {
                cnic = cnic.substring(0, 11);
            } else {
                jail = "J999";
            }
        }
        LocalDate admitted = arrested.plusDays(1 + random.nextInt(14));
        if (admitted.isAfter(LocalDate.now())) {
            admitted = LocalDate.now();
        }
        List<String> sectionText = sections.stream().map(s -> s.get("code").replaceFirst("-", " ")).toList();
        pmis.update("INSERT INTO ADMSN (ADM_ID, JAIL_CD, PRSNR_NO, PRSNR_NM, FTHR_HSBND_NM, REL_TYP, SEX, CNIC_NO, AGE_YRS, DOB, JUV_FLG,"
                        + " DIST_CD, PS_CD, FIR_NO, FIR_YR, SECTIONS, ARST_DT, ADM_DT, PRSNR_STS, UPD_TS)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                admissionId, jail, jail + "/" + admitted.getYear() + "/" + admissionId, name,
                person.relativeName().toUpperCase(), person.relation(), person.gender(), cnic, person.age(),
                PMIS_DATE.format(admitted.minusYears(person.age()).minusDays(random.nextInt(365))), person.juvenile() ? "Y" : "N",
                station.get("district"), station.get("code").substring(station.get("code").indexOf('-') + 1),
                firNo, String.valueOf(year), String.join(", ", sectionText),
                PMIS_DATE.format(arrested), PMIS_DATE.format(admitted),
                admitted.isAfter(LocalDate.now().minusDays(14)) ? "JR" : "UTP", now());
        // What the medical officer, the women's ward and the warrant register add to the admission.
        int children = "F".equals(person.gender()) && facts.nextInt(100) < 30 ? 1 + facts.nextInt(2) : 0;
        String warrantExpiry = facts.nextInt(100) < 85 ? PMIS_DATE.format(LocalDate.now().plusDays(1 + facts.nextInt(14))) : null;
        pmis.update("UPDATE ADMSN SET SICK_FLG = ?, CHLD_CNT = ?, WRNT_EXP_DT = ? WHERE ADM_ID = ?",
                facts.nextInt(100) < 4 ? "Y" : "N", children, warrantExpiry, admissionId);
    }

    /** Lists a hearing of a case before its court, a few days to weeks ahead. */
    void holdHearing(long caseId) {
        Map<String, Object> kase = cfms.queryForMap("SELECT court_id, fir_date FROM case_file WHERE id = ?", caseId);
        LocalDate firDate = ((java.sql.Date) kase.get("fir_date")).toLocalDate();
        LocalDate latest = cfms.queryForObject("SELECT MAX(hearing_date) FROM hearing WHERE case_id = ?", LocalDate.class, caseId);
        // Always after the case's last hearing: a case is never heard twice on one day.
        LocalDate date = latest == null ? firDate.plusDays(15 + random.nextInt(60)) : latest.plusDays(7 + random.nextInt(28));
        Timestamp now = now();
        cfms.update("INSERT INTO hearing (id, case_id, court_id, hearing_date, purpose_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                nextId(cfms, "hearing", "id"), caseId, ((Number) kase.get("court_id")).intValue(), java.sql.Date.valueOf(date),
                Integer.parseInt(pick(codes.table("hearing-purposes").rows()).get("cfms_id")), now, now);
    }

    /** A hearing without an outcome (held, or due within a month) is adjourned or proceeds, with the next date fixed after it. */
    private void recordOutcome() {
        List<Long> open = cfms.queryForList("SELECT id FROM hearing WHERE outcome IS NULL AND hearing_date <= ? ORDER BY id",
                Long.class, java.sql.Date.valueOf(LocalDate.now().plusDays(30)));
        if (open.isEmpty()) {
            return;
        }
        long hearingId = open.get(random.nextInt(open.size()));
        String outcome = pick(OUTCOMES);
        String adjournedBy = outcome.equals("ADJOURNED") ? pick(ADJOURNED_BY) : null;
        // The next date follows the hearing itself, which may lie a few days ahead: PMIS refuses one that does not.
        LocalDate hearingDate = cfms.queryForObject("SELECT hearing_date FROM hearing WHERE id = ?", LocalDate.class, hearingId);
        LocalDate from = hearingDate != null && hearingDate.isAfter(LocalDate.now()) ? hearingDate : LocalDate.now();
        cfms.update("UPDATE hearing SET outcome = ?, adjourned_by = ?, next_hearing_date = ?, updated_at = ? WHERE id = ?",
                outcome, adjournedBy, java.sql.Date.valueOf(from.plusDays(7 + random.nextInt(21))), now(), hearingId);
        // Whether the jail produced the prisoner is known once the hearing has been held.
        int produced = facts.nextInt(100);
        if (hearingDate != null && !hearingDate.isAfter(LocalDate.now())) {
            cfms.update("UPDATE hearing SET production = ?, non_production_reason = ? WHERE id = ?",
                    produced < 10 ? "NOT_PRODUCED" : produced < 15 ? "VIDEO_LINK" : "PRODUCED",
                    produced < 10 ? NOT_PRODUCED_REASONS.get(facts.nextInt(NOT_PRODUCED_REASONS.size())) : null, hearingId);
        }
    }

    /** A prisoner in custody is released; PMIS updates the admission row in place. */
    private void release() {
        List<Long> inCustody = pmis.queryForList("SELECT ADM_ID FROM ADMSN WHERE REL_DT IS NULL ORDER BY ADM_ID", Long.class);
        if (inCustody.isEmpty()) {
            return;
        }
        release(inCustody.get(random.nextInt(inCustody.size())));
    }

    /** Releases this prisoner today, then tells releaseRecorded. */
    synchronized void release(long admissionId) {
        pmis.update("UPDATE ADMSN SET REL_DT = ?, REL_RSN = ?, PRSNR_STS = 'REL', UPD_TS = ? WHERE ADM_ID = ?",
                PMIS_DATE.format(LocalDate.now()), pick(RELEASE_REASONS), now(), admissionId);
        releaseRecorded.accept(pmis.queryForMap("SELECT * FROM ADMSN WHERE ADM_ID = ?", admissionId));
    }

    /**
     * A prisoner still held is moved to another jail of the same kind (women's, borstal, or other) and PMIS enters it in
     * its transfer register; a seeded transfer is dated between admission and today, a live one today.
     */
    void transfer(boolean backdated) {
        List<Map<String, Object>> held = pmis.queryForList("SELECT ADM_ID, PRSNR_NO, JAIL_CD, ADM_DT FROM ADMSN WHERE REL_DT IS NULL ORDER BY ADM_ID");
        if (held.isEmpty()) {
            return;
        }
        Map<String, Object> prisoner = held.get(random.nextInt(held.size()));
        long admissionId = ((Number) prisoner.get("ADM_ID")).longValue();
        List<String> earlier = pmis.queryForList("SELECT TO_JAIL_CD FROM TRNSFR WHERE ADM_ID = ? ORDER BY TRF_ID DESC", String.class, admissionId);
        String from = earlier.isEmpty() ? (String) prisoner.get("JAIL_CD") : earlier.get(0);
        String kind = jailKind(codes.table("jails").find("pmis_code", from).map(j -> j.get("category")).orElse(""));
        List<Map<String, String>> destinations = codes.table("jails").rows().stream()
                .filter(j -> !j.get("pmis_code").equals(from) && jailKind(j.get("category")).equals(kind)).toList();
        if (destinations.isEmpty()) {
            return;
        }
        LocalDate date = LocalDate.now();
        if (backdated) {
            LocalDate admitted = LocalDate.parse((String) prisoner.get("ADM_DT"), PMIS_DATE);
            date = admitted.plusDays(random.nextInt((int) Math.max(1, date.toEpochDay() - admitted.toEpochDay() + 1)));
        }
        long transferId = nextId(pmis, "TRNSFR", "TRF_ID");
        pmis.update("INSERT INTO TRNSFR (TRF_ID, ADM_ID, PRSNR_NO, FROM_JAIL_CD, TO_JAIL_CD, TRF_DT, TRF_RSN, AUTH_REF, UPD_TS)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                transferId, admissionId, prisoner.get("PRSNR_NO"), from, pick(destinations).get("pmis_code"), PMIS_DATE.format(date),
                pick(TRANSFER_REASONS), "IGP/TRF/" + date.getYear() + "/" + transferId, now());
    }

    private static String jailKind(String category) {
        return "WOMEN".equals(category) || "BORSTAL".equals(category) ? category : "OTHER";
    }

    /** The court grants bail to an accused in custody, with a surety amount. */
    private void grantBail() {
        List<Map<String, Object>> accused = cfms.queryForList("SELECT id, case_id FROM accused WHERE in_custody = ? ORDER BY id", true);
        if (accused.isEmpty()) {
            return;
        }
        Map<String, Object> one = accused.get(random.nextInt(accused.size()));
        cfms.update("INSERT INTO court_order (id, case_id, accused_id, order_date, order_type, surety_amount, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                nextId(cfms, "court_order", "id"), one.get("case_id"), one.get("id"), java.sql.Date.valueOf(LocalDate.now()), "BAIL",
                new java.math.BigDecimal(50_000 + 50_000 * random.nextInt(10)), now());
    }

    private java.util.Optional<Long> randomCase() {
        Long max = cfms.queryForObject("SELECT MAX(id) FROM case_file", Long.class);
        return max == null ? java.util.Optional.empty() : java.util.Optional.of(1 + (long) random.nextInt(max.intValue()));
    }

    private Map<String, String> courtIn(String district) {
        List<Map<String, String>> local = codes.table("courts").rows().stream()
                .filter(c -> district.equals(c.get("district")) && !"JUVENILE".equals(c.get("type"))).toList();
        return local.isEmpty() ? pick(codes.table("courts").rows()) : pick(local);
    }

    /** Women to a women's jail, juveniles to a borstal, others to a jail of their district where there is one. */
    private String jailFor(DemoPeople.Person person, String district) {
        List<Map<String, String>> jails = codes.table("jails").rows();
        // Borstals are few: a third of juveniles end up in an ordinary jail, which the bus reports.
        String category = "F".equals(person.gender()) ? "WOMEN" : person.juvenile() && facts.nextInt(3) > 0 ? "BORSTAL" : null;
        List<Map<String, String>> fitting = jails.stream()
                .filter(j -> category != null ? category.equals(j.get("category")) : district.equals(j.get("district"))
                        && !"WOMEN".equals(j.get("category")) && !"BORSTAL".equals(j.get("category")))
                .toList();
        if (fitting.isEmpty()) {
            fitting = jails.stream().filter(j -> "CENTRAL".equals(j.get("category"))).toList();
        }
        return pick(fitting).get("pmis_code");
    }

    private static int genderId(String pmisGender) {
        return switch (pmisGender) {
            case "F" -> 2;
            case "T" -> 3;
            default -> 1;
        };
    }

    private static long nextId(JdbcTemplate jdbc, String table, String column) {
        Long id = jdbc.queryForObject("SELECT COALESCE(MAX(" + column + "), 0) + 1 FROM " + table, Long.class);
        return id == null ? 1 : id;
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }
}
