package pk.gov.punjab.rabta.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Counts the bus process's fsync, fdatasync and msync calls in its strace log (-y: the file of each), by file. */
final class Fsyncs {
    // e.g. "12345 fdatasync(57</work/.../artemis/journal/activemq-data-3.amq>) = 0"
    private static final Pattern CALL = Pattern.compile("(fsync|fdatasync|msync)\\((?:\\d+<([^>]*)>)?");

    private Fsyncs() {
    }

    /** Syncs per delivered record over a window of records delivered, with the database servers' counters of that window. */
    static Map<String, Object> perRecord(Path trace, int records, Map<String, Object> window) throws IOException {
        long journal = 0;
        long state = 0;
        long other = 0;
        for (String line : Files.readAllLines(trace)) {
            Matcher call = CALL.matcher(line);
            if (!call.find() || line.contains("resumed>")) {
                continue;
            }
            String file = call.group(2) == null ? "" : call.group(2);
            if (file.contains("/artemis/")) {
                journal++;
            } else if (file.contains("/state/")) {
                state++;
            } else {
                other++;
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>(window);
        figures.put("records", records);
        figures.put("bus_artemis_journal_syncs", journal);
        figures.put("bus_state_db_syncs", state);
        figures.put("bus_other_syncs", other);
        long mariaLog = ((Number) window.get("mariadb_innodb_log_writes")).longValue();
        long pgWal = ((Number) window.get("postgresql_wal_sync")).longValue();
        figures.put("artemis_journal_per_record", round3((double) journal / records));
        figures.put("bus_state_per_record", round3((double) state / records));
        figures.put("mariadb_log_writes_per_record", round3((double) mariaLog / records));
        figures.put("postgresql_wal_sync_per_record", round3((double) pgWal / records));
        figures.put("counted", "a window of its own after the throughput runs: " + records + " admissions committed in PMIS and"
                + " delivered while strace -f -p (every thread of the bus) logged each fsync, fdatasync and msync with its file;"
                + " MariaDB: SHOW GLOBAL STATUS Innodb_log_writes (10.11 has no Innodb_os_log_fsyncs; its redo log is written"
                + " O_DIRECT) and Innodb_data_fsyncs; PostgreSQL: pg_stat_wal.wal_sync; both server-wide, so other users of the"
                + " servers are counted too. The bus delivers record by record (one JMS transaction and one autocommit upsert"
                + " each), so a delivered batch is one record; a capture batch is 500.");
        return figures;
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
