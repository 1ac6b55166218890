package pk.gov.punjab.rabta.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import pk.gov.punjab.rabta.record.Masking;
import pk.gov.punjab.rabta.record.RecordJson;

/**
 * Appends to the hash-chained audit log in the state database, which a trigger keeps append-only where the database
 * allows ({@link AppendOnlyAudit}). Message events (delivered, dead-lettered, replayed)
 * are queued and written by one thread in batches, so a delivery pays for a queue insert, not a database write;
 * operator actions wait until their row is written. A clean stop writes everything queued (this log stops after the
 * routes); a crash loses at most the entries queued since the last batch (about {@value #BATCH_WAIT_MS} ms), and
 * since each batch is one transaction the chain itself stays whole.
 */
@Component
public class AuditLog implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final int BATCH = 1_000;
    private static final long BATCH_WAIT_MS = 200;
    private static final String INSERT = "INSERT INTO rabta_audit (seq, at, actor, action, target, reason, details, prev_hash, hash)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate state;
    private final TransactionTemplate transactions;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;
    private long lastSeq;
    private String lastHash = AuditEntry.GENESIS;

    public AuditLog(JdbcTemplate state, TransactionTemplate transactions) {
        this.state = state;
        this.transactions = transactions;
    }

    private record Pending(String actor, String action, String target, String reason, Map<String, ?> details,
                           CompletableFuture<Long> written) {
    }

    /** Queues an entry; it is written within a moment. For the bus's own message events. */
    public void record(String actor, String action, String target, String reason, Map<String, ?> details) {
        Pending entry = new Pending(actor, action, target, reason, details, null);
        if (running) {
            queue.add(entry);
        } else {
            write(List.of(entry));
        }
    }

    /** Writes an entry before returning, and gives its sequence number. For operator actions. */
    public long recordNow(String actor, String action, String target, String reason, Map<String, ?> details) {
        CompletableFuture<Long> written = new CompletableFuture<>();
        Pending entry = new Pending(actor, action, target, reason, details, written);
        if (!running) {
            write(List.of(entry));
        } else {
            queue.add(entry);
        }
        try {
            return written.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the audit log", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write the audit log: " + e.getMessage(), e);
        }
    }

    /** Waits until everything queued so far is written; the marker it queues writes no row. */
    public void flush() {
        recordNow(null, null, null, null, null);
    }

    /** The last sequence number written by this bus, so verification can tell rows missing at the end. */
    public synchronized long lastWritten() {
        return lastSeq;
    }

    private synchronized void write(List<Pending> batch) {
        List<Object[]> rows = new ArrayList<>(batch.size());
        long seq = lastSeq;
        String prev = lastHash;
        for (Pending p : batch) {
            if (p.action() == null) {
                continue;
            }
            seq++;
            String at = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
            String details = p.details() == null ? null : RecordJson.write(p.details());
            String target = truncate(p.target(), 400);
            // An operator's reason is free text; a CNIC typed into it is kept masked, as in every log. No reason is null, not "".
            String reason = p.reason() == null || p.reason().isBlank() ? null : truncate(Masking.inText(p.reason()), 2000);
            String hash = AuditEntry.hash(prev, AuditEntry.canonical(seq, at, p.actor(), p.action(), target, reason, details));
            rows.add(new Object[] {seq, at, p.actor(), p.action(), target, reason, details, prev, hash});
            prev = hash;
        }
        try {
            if (!rows.isEmpty()) {
                transactions.executeWithoutResult(status -> state.batchUpdate(INSERT, rows));
            }
        } catch (RuntimeException e) {
            batch.stream().filter(p -> p.written() != null).forEach(p -> p.written().completeExceptionally(e));
            throw e;
        }
        long written = lastSeq;
        lastSeq = seq;
        lastHash = prev;
        for (Pending p : batch) {
            if (p.action() != null) {
                written++;
            }
            if (p.written() != null) {
                p.written().complete(written);
            }
        }
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private void drainLoop() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(BATCH_WAIT_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Cannot write {} audit entries; trying again", batch.size(), e);
                sleepQuietly();
                continue;
            }
            batch.clear();
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void start() {
        AppendOnlyAudit.install(state);
        Map<String, Object> head = state.queryForList("SELECT seq, hash FROM rabta_audit WHERE seq = (SELECT MAX(seq) FROM rabta_audit)")
                .stream().findFirst().orElse(null);
        if (head != null) {
            lastSeq = ((Number) head.get("seq")).longValue();
            lastHash = head.get("hash").toString();
        }
        running = true;
        writer = new Thread(this::drainLoop, "rabta-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = writer;
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            write(rest);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Started before and stopped after the routes (Camel's phase is higher), so no route's entry is lost on a clean stop. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1_000;
    }
}
