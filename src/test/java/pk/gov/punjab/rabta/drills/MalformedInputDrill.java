package pk.gov.punjab.rabta.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import pk.gov.punjab.rabta.deadletter.DeadLetterFilter;
import pk.gov.punjab.rabta.deadletter.DeadLetterOperations;
import pk.gov.punjab.rabta.support.DrillBed;
import pk.gov.punjab.rabta.support.OnDrillBed;

/**
 * Drill: 10,000 malformed PMIS admissions of six kinds mixed into 100,000 good ones on PostgreSQL; every bad one is
 * dead-lettered with the reason and field of its kind, every good one reaches the CFMS inbox on MariaDB. Five kinds
 * are refused by the mapping; the sixth, a name longer than the CFMS inbox holds, by MariaDB itself, which sends its
 * delivery batches round again one row at a time.
 */
@Tag("drill")
class MalformedInputDrill extends OnDrillBed {
    private static final long FIRST = 7_000_001;
    private static final int ROWS = 110_000;
    // Every eleventh row is malformed: 10,000 in 110,000.
    private static final int EVERY = 11;

    /** A malformed kind: the column it spoils, the value it writes there, and the reason and field the letter must name. */
    private enum Bad {
        IMPOSSIBLE_DATE("ADM_DT", "31/02/2026", "VALIDATION", "admittedOn"::equals),
        BAD_CNIC("CNIC_NO", "35202-12345-1", "VALIDATION", "person.cnic"::equals),
        UNKNOWN_CODE("PRSNR_STS", "ZZZ", "UNMAPPED_CODE", "status"::equals),
        // A date keyed in Urdu (Arabic-Indic) digits: text in the wrong digit encoding.
        WRONG_ENCODING("ARST_DT", "\u0660\u0661/\u0661\u0661/\u0662\u0660\u0662\u0666", "VALIDATION", "arrestedOn"::equals),
        // An age no prisoner has, which the canonical schema bounds (0..120).
        OUT_OF_RANGE("AGE_YRS", "999", "SCHEMA", field -> field.contains("age")),
        // A name of 150 characters, which PMIS (its column widened here) keeps and the CFMS inbox (120) refuses.
        OVERSIZE_TEXT("PRSNR_NM", "ALI RAZA " + "KHAN ".repeat(28), "TARGET_REJECTED", "null"::equals);

        final String column;
        final String value;
        final String reason;
        final Predicate<String> field;

        Bad(String column, String value, String reason, Predicate<String> field) {
            this.column = column;
            this.value = value;
            this.reason = reason;
            this.field = field;
        }
    }

    @Test
    void everyMalformedRowIsDeadLetteredWithItsReasonAndEveryGoodOneDelivered() throws Exception {
        Instant began = Instant.now();
        insertRows();
        System.out.printf("%d rows written to PMIS in %d s%n", ROWS, Duration.between(began, Instant.now()).toSeconds());
        int bad = ROWS / EVERY;
        Map<Bad, Integer> expected = new TreeMap<>();
        for (long id = FIRST; id < FIRST + ROWS; id++) {
            if (kindOf(id) != null) {
                expected.merge(kindOf(id), 1, Integer::sum);
            }
        }
        // More consumers than the other drills: a backlog of 100,000 drains by many commits sharing each disk sync.
        try (ConfigurableApplicationContext bus = DrillBed.startBus(bed.busArguments("--rabta.bus.consumers=16"))) {
            bed.settleAndCheck(bus, getClass(), bad, Duration.ofMinutes(20));
            System.out.printf("settled %d s after the bus started%n", Duration.between(began, Instant.now()).toSeconds());

            List<Map<String, Object>> letters = bus.getBean(DeadLetterOperations.class).find(DeadLetterFilter.all(DrillBed.FLOW));
            Map<Bad, Integer> byKind = new TreeMap<>();
            for (Map<String, Object> letter : letters) {
                long id = Long.parseLong(String.valueOf(letter.get("sourceKey")).substring("ADMSN:".length()));
                Bad kind = kindOf(id);
                assertThat(kind).as("letter for a good row: %s", letter).isNotNull();
                assertThat(letter.get("reason")).as("reason of %s", letter).isEqualTo(kind.reason);
                assertThat(kind.field.test(String.valueOf(letter.get("field")))).as("field of %s", letter).isTrue();
                assertThat(String.valueOf(letter.get("message"))).as("message of %s", letter).isNotBlank();
                if (kind == Bad.OVERSIZE_TEXT) {
                    assertThat(String.valueOf(letter.get("message"))).as("message of %s", letter).contains("prisoner_name");
                }
                byKind.merge(kind, 1, Integer::sum);
            }
            System.out.println("dead letters by kind " + byKind);
            assertThat(byKind).as("letters by kind").isEqualTo(expected);
        }
    }

    /** The malformed kind of a row, or null for a good one. */
    private static Bad kindOf(long id) {
        long index = id - FIRST;
        return index % EVERY == EVERY - 1 ? Bad.values()[(int) (index / EVERY % Bad.values().length)] : null;
    }

    private void insertRows() throws Exception {
        bed.pmis().execute("ALTER TABLE ADMSN ALTER COLUMN PRSNR_NM TYPE VARCHAR(300)");
        try (Connection connection = bed.pmis().getDataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO ADMSN (ADM_ID, JAIL_CD, PRSNR_NO, PRSNR_NM,"
                     + " FTHR_HSBND_NM, REL_TYP, SEX, CNIC_NO, AGE_YRS, DOB, JUV_FLG, DIST_CD, PS_CD, FIR_NO, FIR_YR, SECTIONS, ARST_DT,"
                     + " ADM_DT, PRSNR_STS, UPD_TS) VALUES (?, 'J001', ?, ?, 'MUHAMMAD RAMZAN', 'S/O', 'M', ?, ?, '01/01/1996', 'N',"
                     + " 'LHR', '001', ?, '2026', 'PPC 379, PPC 411', ?, ?, ?, ?)")) {
            connection.setAutoCommit(false);
            Instant base = Instant.now().minusMillis(ROWS + 60_000);
            for (long id = FIRST; id < FIRST + ROWS; id++) {
                Bad kind = kindOf(id);
                insert.setLong(1, id);
                insert.setString(2, "J001/2026/" + id);
                insert.setString(3, kind == Bad.OVERSIZE_TEXT ? kind.value : "ALI RAZA");
                insert.setString(4, kind == Bad.BAD_CNIC ? kind.value : String.format("35202-%07d-1", id % 10_000_000));
                insert.setInt(5, kind == Bad.OUT_OF_RANGE ? Integer.parseInt(kind.value) : 30);
                insert.setString(6, String.valueOf(1 + id % 900));
                insert.setString(7, kind == Bad.WRONG_ENCODING ? kind.value : "01/11/2026");
                insert.setString(8, kind == Bad.IMPOSSIBLE_DATE ? kind.value : "03/11/2026");
                insert.setString(9, kind == Bad.UNKNOWN_CODE ? kind.value : "UTP");
                // Rows a millisecond apart and all in the past, as a day's admissions would be, not all in one instant.
                insert.setTimestamp(10, Timestamp.from(base.plusMillis(id - FIRST)));
                insert.addBatch();
                if ((id - FIRST) % 5_000 == 4_999) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
            insert.executeBatch();
            connection.commit();
        }
    }
}
