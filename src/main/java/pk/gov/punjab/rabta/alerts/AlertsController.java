package pk.gov.punjab.rabta.alerts;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
import pk.gov.punjab.rabta.matching.CaseLinks;
import pk.gov.punjab.rabta.register.SynchronisedRecords;
import pk.gov.punjab.rabta.security.PersonalData;

/** /api/ops/alerts, /api/ops/links and /api/ops/reports/detention: what the rules found, the review queue, the report. */
@RestController
@Tag(name = "Under-trial prisoners", description = "Alerts, the review queue of prisoner-to-case candidates, and the detention report")
public class AlertsController {
    private static final ZoneId PAKISTAN = ZoneId.of("Asia/Karachi");

    private final AlertBook book;
    private final AlertWatch watch;
    private final CaseLinks links;
    private final DetentionReport report;
    private final SynchronisedRecords records;

    public AlertsController(AlertBook book, AlertWatch watch, CaseLinks links, DetentionReport report, SynchronisedRecords records) {
        this.book = book;
        this.watch = watch;
        this.links = links;
        this.report = report;
        this.records = records;
    }

    @GetMapping("/api/ops/alerts")
    @Operation(summary = "Alerts, newest change first; filter by rule (STATUTORY_BAIL, ...) and status (OPEN, CLOSED)")
    public List<JsonNode> alerts(@RequestParam(required = false) String rule, @RequestParam(required = false) String status,
                                 @RequestParam(defaultValue = "200") int limit, @RequestParam(defaultValue = "0") int offset) {
        if (rule != null && Arrays.stream(AlertRule.values()).noneMatch(r -> r.name().equals(rule))) {
            throw new IllegalArgumentException("unknown rule '" + rule + "' (known: " + Arrays.toString(AlertRule.values()) + ")");
        }
        if (status != null && !List.of(AlertBook.OPEN, AlertBook.CLOSED).contains(status)) {
            throw new IllegalArgumentException("status is OPEN or CLOSED, not '" + status + "'");
        }
        if (limit < 1 || limit > 10_000 || offset < 0) {
            throw new IllegalArgumentException("limit is 1 to 10000 and offset 0 or more");
        }
        return book.list(rule, status, limit, offset);
    }

    @GetMapping("/api/ops/alerts/rules")
    @Operation(summary = "Every rule with its title and legal basis")
    public List<Map<String, String>> rules() {
        return Arrays.stream(AlertRule.values()).map(r -> Map.of("rule", r.name(), "title", r.title(), "legalBasis", r.legalBasis())).toList();
    }

    @PostMapping("/api/ops/alerts/evaluate")
    @Operation(summary = "Links and checks every detention now instead of at the next interval; answers what the pass did")
    public AlertWatch.Pass evaluate() throws Exception {
        return watch.runOnce(LocalDate.now(PAKISTAN));
    }

    @GetMapping("/api/ops/links")
    @Operation(summary = "Prisoner-to-case links with their tier and evidence; state PENDING is the review queue")
    public List<Map<String, Object>> links(@RequestParam(required = false) String state, Authentication caller) {
        if (state != null && !List.of(CaseLinks.LINKED, CaseLinks.PENDING, CaseLinks.CONFIRMED, CaseLinks.REJECTED).contains(state)) {
            throw new IllegalArgumentException("state is LINKED, PENDING, CONFIRMED or REJECTED, not '" + state + "'");
        }
        Map<String, JsonNode> episodes = byKey("custody-episode");
        Map<String, JsonNode> accused = byKey("person");
        return links.inState(state).stream().map(l -> PersonalData.forCaller(view(l, episodes, accused), caller)).toList();
    }

    /** A reviewer's reason for a decision. */
    public record Decision(String reason) {
    }

    @PostMapping("/api/ops/links/{id}/confirm")
    @Operation(summary = "Confirms a candidate link: the alert rules use it from the next pass; audited")
    public Map<String, Object> confirm(@PathVariable String id, @RequestBody(required = false) Decision decision, Authentication caller) {
        return decide(id, true, decision, caller);
    }

    @PostMapping("/api/ops/links/{id}/reject")
    @Operation(summary = "Rejects a candidate link: the pair is never proposed again; audited")
    public Map<String, Object> reject(@PathVariable String id, @RequestBody(required = false) Decision decision, Authentication caller) {
        return decide(id, false, decision, caller);
    }

    @GetMapping("/api/ops/reports/detention")
    @Operation(summary = "Per jail, district and court: UTPs by length of detention, women, juveniles, mothers with children, open alerts by rule, not produced by reason; format=csv for a spreadsheet")
    public ResponseEntity<?> detention(@RequestParam(defaultValue = "json") String format) {
        DetentionReport.Report built = report.build(LocalDate.now(PAKISTAN));
        return switch (format) {
            case "json" -> ResponseEntity.ok(built);
            case "csv" -> ResponseEntity.ok().contentType(new MediaType("text", "csv"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"detention-report-" + built.asOf() + ".csv\"")
                    .body(DetentionReport.csv(built));
            default -> throw new IllegalArgumentException("format is json or csv, not '" + format + "'");
        };
    }

    private Map<String, Object> decide(String id, boolean confirm, Decision decision, Authentication caller) {
        if (decision == null || decision.reason() == null || decision.reason().isBlank()) {
            throw new IllegalArgumentException("a decision needs a reason: {\"reason\": \"...\"}");
        }
        try {
            CaseLinks.Link decided = links.decide(id, confirm, caller.getName(), decision.reason());
            return PersonalData.forCaller(view(decided, byKey("custody-episode"), byKey("person")), caller);
        } catch (CaseLinks.DecisionRefused e) {
            throw new ResponseStatusException(e.unknown() ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, e.getMessage());
        }
    }

    /** A link as a reviewer needs it: the evidence, and the two records' names side by side. */
    private static Map<String, Object> view(CaseLinks.Link l, Map<String, JsonNode> episodes, Map<String, JsonNode> accused) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", l.id());
        v.put("episodeKey", l.episodeKey());
        v.put("firKey", l.firKey());
        v.put("cfmsAccusedId", l.accusedKey());
        v.put("tier", l.tier().name());
        v.put("state", l.state());
        v.put("evidence", l.evidence());
        v.put("detentionStart", l.detentionStart() == null ? null : l.detentionStart().toString());
        v.put("decidedBy", l.decidedBy());
        v.put("decisionReason", l.decisionReason());
        JsonNode e = episodes.get(l.episodeKey());
        JsonNode a = accused.get(l.accusedKey());
        v.put("prisoner", e == null ? null : side(e.path("person"), e.path("prisonerNumber").asText(null)));
        v.put("accused", a == null ? null : side(a, null));
        return v;
    }

    private static Map<String, Object> side(JsonNode person, String prisonerNumber) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (prisonerNumber != null) {
            s.put("prisonerNumber", prisonerNumber);
        }
        s.put("name", SynchronisedView.text(person, "name"));
        s.put("relativeName", SynchronisedView.text(person, "relativeName"));
        s.put("relation", SynchronisedView.text(person, "relation"));
        s.put("gender", SynchronisedView.text(person, "gender"));
        s.put("age", SynchronisedView.integer(person, "age"));
        s.put("cnic", SynchronisedView.text(person, "cnic"));
        return s;
    }

    private Map<String, JsonNode> byKey(String type) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (JsonNode p : records.payloads(type)) {
            String key = type.equals("person") ? p.path("cfmsAccusedId").asText()
                    : SynchronisedView.episodeKey(p);
            map.put(key, p);
        }
        return map;
    }
}
