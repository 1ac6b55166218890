package pk.gov.punjab.rabta.deadletter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import pk.gov.punjab.rabta.audit.AuditLog;

/** Bulk replays run in the background, one at a time, each with progress an operator can follow or cancel. */
@Component
public class ReplayJobs {
    private static final Logger log = LoggerFactory.getLogger(ReplayJobs.class);
    private static final int JOBS_KEPT = 100;

    private final DeadLetterOperations operations;
    private final AuditLog audit;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "rabta-replay"));
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    public ReplayJobs(DeadLetterOperations operations, AuditLog audit) {
        this.operations = operations;
        this.audit = audit;
    }

    public Job start(DeadLetterFilter filter, String actor, String why, double ratePerSecond) {
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("the rate must be 0 (no limit) or more messages per second, not " + ratePerSecond);
        }
        // An unknown flow is refused now, not found later by a job that replays nothing.
        operations.flowsOf(filter);
        Job job = new Job(UUID.randomUUID().toString(), actor, filter, ratePerSecond);
        if (jobs.size() >= JOBS_KEPT) {
            jobs.values().stream().filter(j -> !j.state.equals("RUNNING") && !j.state.equals("QUEUED"))
                    .map(j -> j.id).findFirst().ifPresent(jobs::remove);
        }
        jobs.put(job.id, job);
        audit.recordNow(actor, "dead-letters.replay-started", job.id, why, Map.of("filter", filter.forAudit(), "ratePerSecond", ratePerSecond));
        runner.submit(() -> {
            try {
                operations.replayMatching(filter, actor, why, ratePerSecond, job);
                job.finish(job.cancelled() ? "CANCELLED" : "DONE", null);
            } catch (Exception e) {
                log.error("Replay job {} failed", job.id, e);
                job.finish("FAILED", e.getMessage());
            }
            audit.recordNow(actor, "dead-letters.replay-finished", job.id, why,
                    Map.of("state", job.state, "replayed", job.replayed, "failed", job.failed, "notReplayable", job.notReplayable));
        });
        return job;
    }

    /** Stops a job after the letters already under way; refused once it has finished. The cancel is audited with who asked. */
    public Job cancel(String id, String actor, String why) {
        Job job = get(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no replay job '" + id + "'"));
        synchronized (job) {
            if (!job.state.equals("QUEUED") && !job.state.equals("RUNNING")) {
                throw new IllegalStateException("replay job " + id + " has already finished (" + job.state + ")");
            }
            job.cancelledBy = actor;
            job.cancel();
        }
        audit.recordNow(actor, "dead-letters.replay-cancelled", id, why,
                Map.of("state", job.state, "replayed", job.replayed, "total", job.total, "requestedBy", job.requestedBy));
        log.info("Replay job {} cancelled by {} after {} of {} letters", id, actor, job.replayed, job.total);
        return job;
    }

    public Optional<Job> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    public List<Job> all() {
        return new ArrayList<>(jobs.values());
    }

    @PreDestroy
    void stop() {
        jobs.values().forEach(Job::cancel);
        runner.shutdown();
    }

    /** One bulk replay: how many letters it found, has replayed and could not, and its state. */
    public static final class Job {
        private final String id;
        private final String requestedBy;
        private final DeadLetterFilter filter;
        private final double ratePerSecond;
        private final Instant requestedAt = Instant.now();
        private volatile String state = "QUEUED";
        private volatile int total;
        private volatile int notReplayable;
        private volatile int replayed;
        private volatile int failed;
        private volatile Instant startedAt;
        private volatile Instant finishedAt;
        private volatile String error;
        private volatile boolean cancelled;
        private volatile String cancelledBy;

        Job(String id, String requestedBy, DeadLetterFilter filter, double ratePerSecond) {
            this.id = id;
            this.requestedBy = requestedBy;
            this.filter = filter;
            this.ratePerSecond = ratePerSecond;
        }

        synchronized void begin(int total, int notReplayable) {
            this.total = total;
            this.notReplayable = notReplayable;
            this.startedAt = Instant.now();
            this.state = "RUNNING";
        }

        synchronized void progress(int replayedNow, int failedNow) {
            replayed += replayedNow;
            failed += failedNow;
        }

        synchronized void finish(String finalState, String failure) {
            state = finalState;
            error = failure;
            finishedAt = Instant.now();
        }

        public void cancel() {
            cancelled = true;
        }

        boolean cancelled() {
            return cancelled;
        }

        public String id() {
            return id;
        }

        public String getId() {
            return id;
        }

        public String getRequestedBy() {
            return requestedBy;
        }

        public DeadLetterFilter getFilter() {
            return filter;
        }

        public double getRatePerSecond() {
            return ratePerSecond;
        }

        public String getState() {
            return state;
        }

        public int getTotal() {
            return total;
        }

        public int getNotReplayable() {
            return notReplayable;
        }

        public int getReplayed() {
            return replayed;
        }

        public int getFailed() {
            return failed;
        }

        public Instant getRequestedAt() {
            return requestedAt;
        }

        public Instant getStartedAt() {
            return startedAt;
        }

        public Instant getFinishedAt() {
            return finishedAt;
        }

        public String getError() {
            return error;
        }

        /** Who cancelled the job, if anyone did. */
        public String getCancelledBy() {
            return cancelledBy;
        }

        /** Messages per second so far. */
        public double getRate() {
            if (startedAt == null) {
                return 0;
            }
            Instant end = finishedAt != null ? finishedAt : Instant.now();
            long millis = Math.max(1, Duration.between(startedAt, end).toMillis());
            return Math.round(replayed * 1000.0 * 10 / millis) / 10.0;
        }
    }
}
