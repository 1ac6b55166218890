package pk.gov.punjab.rabta.alerts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import pk.gov.punjab.rabta.register.SynchronisedRecords;

/**
 * The synchronised records of both departments read once per pass and indexed the way matching and the rules ask:
 * custody episodes, and CFMS cases, accused, hearings and orders by FIR key or accused.
 */
final class SynchronisedView {
    /** Case statuses and orders after which the trial is over: no statutory-bail clock runs. */
    static final Set<String> CONCLUDED_STATUSES = Set.of("DECIDED", "DISPOSED", "CONVICTED", "ACQUITTED", "DISCHARGED", "WITHDRAWN");
    static final Set<String> CONCLUDING_ORDERS = Set.of("ACQUITTAL_265K", "ACQUITTAL_249A", "ACQUITTAL", "DISCHARGE", "CONVICTION", "WITHDRAWAL");

    final List<JsonNode> episodes;
    final Map<String, JsonNode> casesByFir = new HashMap<>();
    final Map<String, List<JsonNode>> accusedByFir = new HashMap<>();
    final Map<String, List<CourtDate>> hearingsByFir = new HashMap<>();
    final Map<Long, List<JsonNode>> ordersByAccused = new HashMap<>();

    SynchronisedView(SynchronisedRecords records) {
        episodes = records.payloads("custody-episode");
        for (JsonNode c : records.payloads("case")) {
            casesByFir.put(c.path("firKey").asText(), c);
        }
        for (JsonNode a : records.payloads("person")) {
            if (a.hasNonNull("cfmsAccusedId") && a.hasNonNull("firKey")) {
                accusedByFir.computeIfAbsent(a.get("firKey").asText(), k -> new ArrayList<>()).add(a);
            }
        }
        for (JsonNode h : records.payloads("court-event")) {
            LocalDate date = date(h, "hearingDate");
            if (date != null) {
                hearingsByFir.computeIfAbsent(h.path("firKey").asText(), k -> new ArrayList<>()).add(new CourtDate(date,
                        text(h, "production"), text(h, "notProducedReason"), text(h, "adjournedBy"), date(h, "nextHearingDate")));
            }
        }
        for (JsonNode o : records.payloads("order")) {
            if (o.hasNonNull("cfmsAccusedId")) {
                ordersByAccused.computeIfAbsent(o.get("cfmsAccusedId").asLong(), k -> new ArrayList<>()).add(o);
            }
        }
    }

    List<JsonNode> accusedOn(String firKey) {
        return accusedByFir.getOrDefault(firKey, List.of());
    }

    /** The CFMS side of one detention: the case with its hearings, and whether its trial is over for this accused. */
    Detention.Case caseFor(String firKey, JsonNode accused) {
        JsonNode c = casesByFir.get(firKey);
        if (c == null) {
            return null;
        }
        boolean concluded = CONCLUDED_STATUSES.contains(text(c, "status"))
                || (accused != null && orders(accused).stream().anyMatch(o -> CONCLUDING_ORDERS.contains(text(o, "orderType"))));
        return new Detention.Case(firKey, date(c, "firDate"), date(c, "challanDate"), text(c, "challanType"), concluded,
                c.path("court").path("code").asText(null), hearingsByFir.getOrDefault(firKey, List.of()));
    }

    List<JsonNode> orders(JsonNode accused) {
        return ordersByAccused.getOrDefault(accused.path("cfmsAccusedId").asLong(), List.of());
    }

    List<LocalDate> bailGranted(JsonNode accused) {
        return orders(accused).stream().filter(o -> "BAIL".equals(text(o, "orderType"))).map(o -> date(o, "orderDate")).toList();
    }

    /** A custody episode's key as the bus keys it: jail code and admission id. */
    static String episodeKey(JsonNode episode) {
        return episode.path("jail").path("code").asText() + ":" + episode.path("admissionId").asText();
    }

    /** The day detention on the episode's own FIR began: the arrest where PMIS has it, else the admission. */
    static LocalDate detainedSince(JsonNode episode) {
        LocalDate arrested = date(episode, "arrestedOn");
        return arrested != null ? arrested : date(episode, "admittedOn");
    }

    /** Held and not yet convicted: no release date, on judicial remand or under trial. */
    static boolean heldUnderTrial(JsonNode episode) {
        return date(episode, "releasedOn") == null && Detention.UNDER_TRIAL_STATUSES.contains(text(episode, "status"));
    }

    static List<Offence> offences(JsonNode sections) {
        List<Offence> offences = new ArrayList<>();
        for (JsonNode s : sections) {
            String code = s.path("code").asText();
            offences.add(new Offence(code, code.contains("-") ? code.substring(0, code.indexOf('-')) : code,
                    text(s, "maxPunishment"), s.path("capital").asBoolean(false)));
        }
        return offences;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }

    static LocalDate date(JsonNode node, String field) {
        String text = text(node, field);
        return text == null || text.isBlank() ? null : LocalDate.parse(text.substring(0, Math.min(10, text.length())));
    }
}
