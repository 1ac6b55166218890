package pk.gov.punjab.rabta.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A drill's closing count of the admission flow, taken from the databases: a source row counts as delivered when the
 * CFMS inbox holds its key with its version and the content hash worked out afresh from it, as dead-lettered when a
 * letter names it, and as lost otherwise; a duplicate is the same key, version and hash written twice.
 */
public final class DeliveryTally {
    private final long captured;
    private final long delivered;
    private final long deadLettered;
    private final long lost;
    private final long duplicated;
    private final List<String> problems;

    private DeliveryTally(long captured, long delivered, long deadLettered, long lost, long duplicated, List<String> problems) {
        this.captured = captured;
        this.delivered = delivered;
        this.deadLettered = deadLettered;
        this.lost = lost;
        this.duplicated = duplicated;
        this.problems = problems;
    }

    /** Counts every ADMSN row of PMIS against pmis_custody_inbox of CFMS; letters are the flow's dead letters. */
    public static DeliveryTally ofAdmissions(JdbcTemplate pmis, JdbcTemplate cfms, ContentHashes hashes, List<Map<String, Object>> letters) {
        Map<String, Map<String, Object>> inbox = new HashMap<>();
        for (Map<String, Object> row : cfms.queryForList("SELECT jail_code, admission_id, rabta_version, rabta_hash FROM pmis_custody_inbox")) {
            inbox.put(row.get("jail_code") + ":" + ((Number) row.get("admission_id")).longValue(), row);
        }
        Set<String> lettered = new HashSet<>();
        for (Map<String, Object> letter : letters) {
            lettered.add(String.valueOf(letter.get("sourceKey")));
        }
        List<Map<String, Object>> source = pmis.queryForList("SELECT * FROM ADMSN");
        long delivered = 0;
        long deadLettered = 0;
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> admission : source) {
            // A row the mapping refuses has no content to deliver: it counts only if a letter names it.
            Optional<ContentHashes.Canonical> expected = hashes.ofIfMapped(admission);
            Long version = ExpectedRows.millis(admission.get("UPD_TS"));
            Map<String, Object> row = expected.map(e -> inbox.get(e.key())).orElse(null);
            if (row != null && Objects.equals(version, ((Number) row.get("rabta_version")).longValue())
                    && expected.get().hash().equals(row.get("rabta_hash"))) {
                delivered++;
            } else if (lettered.contains("ADMSN:" + admission.get("ADM_ID"))) {
                deadLettered++;
            } else if (problems.size() < 10) {
                problems.add(expected.map(e -> e.key() + " version " + version + " hash " + e.hash()).orElse("ADMSN:" + admission.get("ADM_ID")
                        + ", refused by the mapping,") + ": the inbox holds "
                        + (row == null ? "nothing" : "version " + row.get("rabta_version") + " hash " + row.get("rabta_hash")));
            }
        }
        long duplicated = InboxHistory.contentWrittenTwice(cfms).size();
        return new DeliveryTally(source.size(), delivered, letters.size(), source.size() - delivered - deadLettered, duplicated, problems);
    }

    public long captured() {
        return captured;
    }

    public long delivered() {
        return delivered;
    }

    public long deadLettered() {
        return deadLettered;
    }

    public long lost() {
        return lost;
    }

    public long duplicated() {
        return duplicated;
    }

    /** Up to ten source rows not found in the target as they must be, for a failing assertion's message. */
    public List<String> problems() {
        return problems;
    }

    public String line() {
        return String.format("captured %d, delivered %d, dead-lettered %d, lost %d, duplicated %d", captured, delivered, deadLettered,
                lost, duplicated);
    }

    /**
     * Prints the line and writes it to target/drills/TESTCLASS.txt as well: surefire keeps test output in its report
     * files, and CI prints these.
     */
    public DeliveryTally report(Class<?> test) {
        System.out.println(line());
        try {
            Path drills = Files.createDirectories(Path.of("target", "drills"));
            Files.writeString(drills.resolve(test.getSimpleName() + ".txt"), line() + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
