package pk.gov.punjab.rabta.deadletter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import jakarta.jms.JMSException;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import pk.gov.punjab.rabta.audit.AuditLog;
import pk.gov.punjab.rabta.bus.ParkedEntities;
import pk.gov.punjab.rabta.record.RecordJson;
import pk.gov.punjab.rabta.security.PersonalData;

/**
 * /api/ops/dead-letters: find, show, replay (one, a selection, or all matching a filter), discard, export and edit
 * dead letters; /api/ops/edits: approve or reject edits; /api/ops/parked: entities waiting on a dead letter;
 * /api/ops/retention/purge: purge old payloads.
 */
@RestController
@Tag(name = "Dead letters", description = "Failed messages: find, show, replay, discard, export, edit with four eyes")
public class DeadLetterController {
    private static final int MOST_PER_PAGE = 1_000;
    private static final List<String> CSV_COLUMNS = List.of("deadLetterId", "flow", "reason", "field", "message", "entityKey", "sourceSystem",
            "sourceKey", "sourceVersion", "attempts", "firstFailedAt", "lastFailedAt", "replayable");

    private final DeadLetterOperations operations;
    private final ReplayJobs jobs;
    private final PayloadEdits edits;
    private final ParkedEntities parked;
    private final Retention retention;
    private final AuditLog audit;

    public DeadLetterController(DeadLetterOperations operations, ReplayJobs jobs, PayloadEdits edits, ParkedEntities parked, Retention retention,
                                AuditLog audit) {
        this.audit = audit;
        this.operations = operations;
        this.jobs = jobs;
        this.edits = edits;
        this.parked = parked;
        this.retention = retention;
    }

    /** A page of letters and how many match in all. */
    public record Page(int total, int offset, int limit, List<Map<String, Object>> items) {
    }

    @GetMapping("/api/ops/dead-letters")
    @Operation(summary = "Dead letters matching a filter, oldest first per flow, a page at a time",
            description = "reason: VALIDATION, UNMAPPED_CODE, SCHEMA, MATCHING, TARGET_REJECTED, UNEXPECTED; from/to: ISO-8601 instants"
                    + " on the last failure; q: free text anywhere in the letter")
    public Page list(@RequestParam(required = false) String flow, @RequestParam(required = false) String reason,
                     @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                     @RequestParam(required = false) String entityKey, @RequestParam(required = false) String q,
                     @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "50") int limit,
                     Authentication caller) throws JMSException {
        if (offset < 0 || limit < 1 || limit > MOST_PER_PAGE) {
            throw new IllegalArgumentException("offset must be 0 or more and limit 1 to " + MOST_PER_PAGE);
        }
        List<Map<String, Object>> found = operations.find(DeadLetterFilter.of(flow, reason, from, to, entityKey, q, null), asSeenBy(caller));
        List<Map<String, Object>> page = found.subList(Math.min(offset, found.size()), Math.min(found.size(), offset + limit)).stream()
                .map(DeadLetterController::summary).map(letter -> PersonalData.forCaller(letter, caller)).toList();
        return new Page(found.size(), offset, limit, page);
    }

    @GetMapping("/api/ops/dead-letters/{flow}")
    @Operation(summary = "The dead letters of one flow (same filters as /api/ops/dead-letters)")
    public Page listOfFlow(@PathVariable String flow, @RequestParam(required = false) String reason,
                           @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                           @RequestParam(required = false) String entityKey, @RequestParam(required = false) String q,
                           @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "50") int limit,
                           Authentication caller) throws JMSException {
        return list(flow, reason, from, to, entityKey, q, offset, limit, caller);
    }

    @GetMapping("/api/ops/dead-letters/{flow}/{id}")
    @Operation(summary = "One dead letter in full: reason, field, value, step, attempts, source, mapped and canonical records")
    public Map<String, Object> show(@PathVariable String flow, @PathVariable String id, Authentication caller) throws JMSException {
        Map<String, Object> letter = operations.find(flow, id).orElseThrow(() -> notFound(flow, id));
        letter.put("replayable", DeadLetterOperations.replayable(letter));
        return PersonalData.forCaller(letter, caller);
    }

    /** An operator's reason for an action. */
    public record Reason(String reason) {
    }

    @PostMapping("/api/ops/dead-letters/{flow}/{id}/replay")
    @Operation(summary = "Replays one dead letter: its canonical record goes back on the flow's queue, ahead of its entity's held updates")
    public Map<String, Object> replay(@PathVariable String flow, @PathVariable String id, @RequestBody(required = false) Reason why,
                                      Authentication caller) throws JMSException {
        return summary(operations.replay(flow, id, caller.getName(), why == null ? null : why.reason(), null).orElseThrow(() -> notFound(flow, id)));
    }

    @PostMapping("/api/ops/dead-letters/{flow}/{id}/discard")
    @Operation(summary = "Discards one dead letter, with a required reason; its entity's held updates go on")
    public Map<String, Object> discard(@PathVariable String flow, @PathVariable String id, @RequestParam(required = false) String reason,
                                       @RequestBody(required = false) Reason body, Authentication caller) throws JMSException {
        String why = reason != null ? reason : body == null ? null : body.reason();
        return summary(operations.discard(flow, id, caller.getName(), why).orElseThrow(() -> notFound(flow, id)));
    }

    /** Which letters a bulk replay takes, its rate limit in messages per second (0: none) and the operator's reason. */
    public record ReplayRequest(Filter filter, Double ratePerSecond, String reason) {
    }

    /** A filter as JSON: every part optional; ids selects letters one by one. */
    public record Filter(String flow, String reason, String from, String to, String entityKey, String q, List<String> ids) {
        DeadLetterFilter toFilter() {
            return DeadLetterFilter.of(flow, reason, from, to, entityKey, q, ids);
        }
    }

    @PostMapping("/api/ops/dead-letters/replay")
    @Operation(summary = "Replays a selection (ids) or every letter matching a filter, in the background at a limited rate;"
            + " follow it at /api/ops/replay-jobs/{id}")
    public ResponseEntity<ReplayJobs.Job> replayMatching(@RequestBody ReplayRequest request, Authentication caller) {
        if (request.filter() == null) {
            throw new IllegalArgumentException("a bulk replay needs a filter; {\"filter\": {}} replays every dead letter of every flow");
        }
        double rate = request.ratePerSecond() == null ? retention.defaultReplayRate() : request.ratePerSecond();
        return ResponseEntity.accepted().body(jobs.start(request.filter().toFilter(), caller.getName(), request.reason(), rate));
    }

    @GetMapping("/api/ops/replay-jobs")
    @Operation(summary = "Bulk replays of this run of the bus, newest first, with their progress")
    public List<Object> replayJobs(Authentication caller) {
        return jobs.all().stream().sorted(Comparator.comparing(ReplayJobs.Job::getRequestedAt).reversed())
                .map(job -> jobForCaller(job, caller)).toList();
    }

    @GetMapping("/api/ops/replay-jobs/{id}")
    @Operation(summary = "One bulk replay's progress: state, total, replayed, failed, rate")
    public Object replayJob(@PathVariable String id, Authentication caller) {
        return jobForCaller(jobs.get(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no replay job '" + id + "'")), caller);
    }

    /** A job as the caller may see it: its filter's free text may quote a CNIC. */
    private static Object jobForCaller(ReplayJobs.Job job, Authentication caller) {
        return PersonalData.seenWhole(caller) ? job : PersonalData.masked(RecordJson.MAPPER.convertValue(job, Map.class));
    }

    @PostMapping("/api/ops/replay-jobs/{id}/cancel")
    @Operation(summary = "Stops a bulk replay after the letters already under way (within about a second at a limited rate); audited")
    public ReplayJobs.Job cancelReplayJob(@PathVariable String id, @RequestBody(required = false) Reason why, Authentication caller) {
        return jobs.cancel(id, caller.getName(), why == null ? null : why.reason());
    }

    @GetMapping("/api/ops/dead-letters/export")
    @Operation(summary = "Every letter matching a filter, as JSON (whole letters) or CSV (one line each); audited")
    public void export(@RequestParam(defaultValue = "json") String format, @RequestParam(required = false) String flow,
                       @RequestParam(required = false) String reason, @RequestParam(required = false) String from,
                       @RequestParam(required = false) String to, @RequestParam(required = false) String entityKey,
                       @RequestParam(required = false) String q, Authentication caller, HttpServletResponse response)
            throws JMSException, IOException {
        if (!format.equals("json") && !format.equals("csv")) {
            throw new IllegalArgumentException("format is json or csv, not '" + format + "'");
        }
        DeadLetterFilter filter = DeadLetterFilter.of(flow, reason, from, to, entityKey, q, null);
        List<Map<String, Object>> letters = operations.find(filter, asSeenBy(caller)).stream()
                .map(letter -> PersonalData.forCaller(letter, caller)).toList();
        Map<String, Object> exported = new LinkedHashMap<>();
        exported.put("format", format);
        exported.put("filter", filter.forAudit());
        exported.put("letters", letters.size());
        exported.put("masked", !PersonalData.seenWhole(caller));
        audit.recordNow(caller.getName(), "dead-letters.exported", null, null, exported);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Content-Disposition", "attachment; filename=dead-letters." + format);
        if (format.equals("json")) {
            response.setContentType("application/json");
            RecordJson.MAPPER.writeValue(response.getOutputStream(), letters);
            return;
        }
        response.setContentType("text/csv");
        PrintWriter out = response.getWriter();
        out.print(String.join(",", CSV_COLUMNS) + "\r\n");
        for (Map<String, Object> letter : letters) {
            Map<String, Object> row = summary(letter);
            out.print(String.join(",", CSV_COLUMNS.stream().map(column -> csv(row.get(column))).toList()) + "\r\n");
        }
        out.flush();
    }

    /** A patch of the canonical record (RFC 6902 JSON Patch) and the reason for it. */
    public record EditRequest(JsonNode patch, String reason) {
    }

    @PostMapping("/api/ops/dead-letters/{flow}/{id}/edits")
    @Operation(summary = "Proposes an edit of the letter's canonical record; it is replayed once another person with the approver role approves it")
    public ResponseEntity<PayloadEdits.Edit> edit(@PathVariable String flow, @PathVariable String id, @RequestBody EditRequest request,
                                                  Authentication caller) throws JMSException {
        return ResponseEntity.status(HttpStatus.CREATED).body(edits.propose(flow, id, request.patch(), request.reason(), caller.getName()));
    }

    @GetMapping("/api/ops/edits")
    @Operation(summary = "Edits, newest first; state: PENDING, APPROVED or REJECTED")
    public List<PayloadEdits.Edit> edits(@RequestParam(required = false) String state, Authentication caller) {
        if (state != null && !List.of(PayloadEdits.PENDING, PayloadEdits.APPROVED, PayloadEdits.REJECTED).contains(state.toUpperCase())) {
            throw new IllegalArgumentException("state is PENDING, APPROVED or REJECTED, not '" + state + "'");
        }
        return edits.list(state).stream().map(edit -> forCaller(edit, caller)).toList();
    }

    @GetMapping("/api/ops/edits/{id}")
    @Operation(summary = "One edit: patch, record before and after, editor, approver")
    public PayloadEdits.Edit editById(@PathVariable String id, Authentication caller) {
        return forCaller(edits.get(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no edit '" + id + "'")), caller);
    }

    /** An approver's comment. */
    public record Decision(String comment, String reason) {
    }

    @PostMapping("/api/ops/edits/{id}/approve")
    @Operation(summary = "Approves another person's edit and replays the edited record (approver role; never one's own edit)")
    public PayloadEdits.Edit approve(@PathVariable String id, @RequestBody(required = false) Decision decision, Authentication caller)
            throws JMSException {
        return edits.approve(id, caller.getName(), decision == null ? null : decision.comment());
    }

    @PostMapping("/api/ops/edits/{id}/reject")
    @Operation(summary = "Rejects an edit, with a reason; the letter stays on its dead-letter queue")
    public PayloadEdits.Edit reject(@PathVariable String id, @RequestBody(required = false) Decision decision, Authentication caller) {
        return edits.reject(id, caller.getName(), decision == null ? null : decision.reason());
    }

    @GetMapping("/api/ops/parked")
    @Operation(summary = "Entities whose updates wait behind a dead letter")
    public List<Map<String, Object>> parked(Authentication caller) {
        return PersonalData.forCaller(parked.list(), caller);
    }

    @PostMapping("/api/ops/retention/purge")
    @Operation(summary = "Purges the payload of dead letters older than the configured age (or olderThan, e.g. P30D) now (admin)")
    public Map<String, Object> purge(@RequestParam(required = false) String olderThan, Authentication caller) throws JMSException {
        Duration age;
        try {
            age = olderThan == null ? retention.payloadRetention() : Duration.parse(olderThan);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("olderThan is an ISO-8601 duration such as P30D or PT12H, not '" + olderThan + "'", e);
        }
        if (age == null || age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("no retention age: give olderThan or set rabta.ops.dead-letter-payload-retention");
        }
        Instant cutoff = Instant.now().minus(age);
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("cutoff", cutoff.toString());
        outcome.put("purged", retention.purge(cutoff, caller.getName()));
        return outcome;
    }

    private static PayloadEdits.Edit forCaller(PayloadEdits.Edit edit, Authentication caller) {
        return PersonalData.seenWhole(caller) ? edit : new PayloadEdits.Edit(edit.id(), edit.flow(), edit.deadLetterId(), edit.editor(),
                PersonalData.textForCaller(edit.reason(), caller), PersonalData.forCaller(edit.patch(), caller),
                PersonalData.forCaller(edit.before(), caller), PersonalData.forCaller(edit.after(), caller),
                edit.state(), edit.approver(), PersonalData.textForCaller(edit.decision(), caller), edit.createdAt(), edit.decidedAt());
    }

    /** How a letter's free text is searched for this caller: as they see it, so a viewer cannot search by a masked CNIC or name. */
    @SuppressWarnings("unchecked")
    private static UnaryOperator<Map<String, Object>> asSeenBy(Authentication caller) {
        return PersonalData.seenWhole(caller) ? UnaryOperator.identity() : letter -> (Map<String, Object>) PersonalData.masked(letter);
    }

    static Map<String, Object> summary(Map<String, Object> letter) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String key : CSV_COLUMNS) {
            summary.put(key, letter.get(key));
        }
        summary.put("replayable", DeadLetterOperations.replayable(letter));
        if (letter.get("payloadPurgedAt") != null) {
            summary.put("payloadPurgedAt", letter.get("payloadPurgedAt"));
        }
        return summary;
    }

    private static String csv(Object value) {
        String text = value == null ? "" : value.toString();
        return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    private static ResponseStatusException notFound(String flow, String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead letter '" + id + "' on DLQ." + flow);
    }
}
