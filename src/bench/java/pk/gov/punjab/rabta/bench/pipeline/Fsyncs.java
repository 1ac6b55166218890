package pk.gov.punjab.rabta.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the bus process's own fsync, fdatasync and msync calls from its strace log (-ttt -y: time and file of each),
 * within each throughput run, by the file they forced; the database servers' counters come with each run's window.
 */
final class Fsyncs {
    // e.g. "12345 1733112345.123456 fdatasync(57</work/.../artemis/journal/activemq-data-3.amq>) = 0"
    private static final Pattern CALL = Pattern.compile("^\\d+\\s+(\\d+\\.\\d+)\\s+(fsync|fdatasync|msync)\\((?:\\d+<([^>]*)>)?");

    private Fsyncs() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> attribute(Path trace, Map<String, Object> results, Map<String, Object> f) throws IOException {
        List<Map<String, Object>> windows = (List<Map<String, Object>>) f.get("fsync_windows");
        long records = ((Number) results.get("records")).longValue();
        long journal = 0;
        long state = 0;
        long other = 0;
        long mariaLog = 0;
        long pgWal = 0;
        List<String> lines = Files.readAllLines(trace);
        for (Map<String, Object> window : windows) {
            double from = ((Number) window.get("from_epoch_s")).doubleValue();
            double to = ((Number) window.get("to_epoch_s")).doubleValue();
            long j = 0;
            long s = 0;
            long o = 0;
            for (String line : lines) {
                Matcher call = CALL.matcher(line);
                if (!call.find()) {
                    continue;
                }
                double at = Double.parseDouble(call.group(1));
                if (at < from || at > to) {
                    continue;
                }
                String file = call.group(3) == null ? "" : call.group(3);
                if (file.contains("/artemis/")) {
                    j++;
                } else if (file.contains("/state/")) {
                    s++;
                } else {
                    o++;
                }
            }
            window.put("bus_artemis_journal_syncs", j);
            window.put("bus_state_db_syncs", s);
            window.put("bus_other_syncs", o);
            journal += j;
            state += s;
            other += o;
            mariaLog += ((Number) window.get("mariadb_innodb_log_writes")).longValue();
            pgWal += ((Number) window.get("postgresql_wal_sync")).longValue();
        }
        double delivered = (double) records * windows.size();
        Map<String, Object> perRecord = new LinkedHashMap<>();
        perRecord.put("artemis_journal_per_record", round3(journal / delivered));
        perRecord.put("bus_state_per_record", round3(state / delivered));
        perRecord.put("bus_other_per_record", round3(other / delivered));
        perRecord.put("mariadb_log_per_record", round3(mariaLog / delivered));
        perRecord.put("postgresql_wal_per_record", round3(pgWal / delivered));
        perRecord.put("per_capture_batch_of_500", round3((journal + state + other + mariaLog + pgWal) / delivered * 500));
        perRecord.put("counted", "bus process: strace -f --seccomp-bpf -e trace=fsync,fdatasync,msync, by file, within each"
                + " run's window (source commit to last inbox write); MariaDB: SHOW GLOBAL STATUS Innodb_log_writes (10.11 has no Innodb_os_log_fsyncs); PostgreSQL:"
                + " pg_stat_wal.wal_sync; both server-wide, so other users of the servers are counted too. The bus delivers"
                + " record by record (one JMS transaction and one autocommit upsert each): a delivered batch is one record.");
        return perRecord;
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
