package pk.gov.punjab.rabta.alerts;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;

import pk.gov.punjab.rabta.codes.CodeTable;
import pk.gov.punjab.rabta.mapping.MappingRegistry;
import pk.gov.punjab.rabta.register.SynchronisedRecords;

/**
 * The detention report: per jail, district and court, under-trial prisoners by length of detention, women, juveniles,
 * mothers with children, open alerts by rule and hearings at which prisoners were not produced, by reason.
 */
@Component
public class DetentionReport {
    /** Length-of-detention bands, by months detained. */
    public static final List<String> BANDS = List.of("under 3 months", "3 to 6 months", "6 to 12 months", "1 to 2 years", "over 2 years");

    /** The figures of one jail, district or court. */
    public static final class Group {
        public final String level;
        public final String code;
        public final String name;
        public int underTrial;
        public final Map<String, Integer> byDetention = new LinkedHashMap<>();
        public int women;
        public int juveniles;
        public int mothersWithChildren;
        public int childrenWithMothers;
        public final Map<String, Integer> openAlerts = new TreeMap<>();
        public final Map<String, Integer> notProduced = new TreeMap<>();

        Group(String level, String code, String name) {
            this.level = level;
            this.code = code;
            this.name = name;
            BANDS.forEach(b -> byDetention.put(b, 0));
        }
    }

    public record Report(LocalDate asOf, Group total, List<Group> jails, List<Group> districts, List<Group> courts) {
    }

    private final SynchronisedRecords records;
    private final AlertBook alerts;
    private final MappingRegistry mappings;

    public DetentionReport(SynchronisedRecords records, AlertBook alerts, MappingRegistry mappings) {
        this.records = records;
        this.alerts = alerts;
        this.mappings = mappings;
    }

    public Report build(LocalDate today) {
        SynchronisedView view = new SynchronisedView(records);
        CodeTable jails = mappings.current().codes().table("jails");
        CodeTable courts = mappings.current().codes().table("courts");
        CodeTable districts = mappings.current().codes().table("districts");
        Group total = new Group("total", "ALL", "All jails");
        Map<String, Group> byJail = new TreeMap<>();
        Map<String, Group> byDistrict = new TreeMap<>();
        Map<String, Group> byCourt = new TreeMap<>();
        Map<String, String> districtOfJail = new LinkedHashMap<>();
        for (JsonNode episode : view.episodes) {
            if (!SynchronisedView.heldUnderTrial(episode)) {
                continue;
            }
            String jail = episode.path("jail").path("code").asText();
            String district = jails.find("code", jail).map(j -> j.get("district")).orElse("?");
            districtOfJail.put(jail, district);
            Group j = byJail.computeIfAbsent(jail, c -> new Group("jail", c, jails.find("code", c).map(r -> r.get("name")).orElse(c)));
            Group d = byDistrict.computeIfAbsent(district, c -> new Group("district", c, districts.find("code", c).map(r -> r.get("name")).orElse(c)));
            LocalDate since = SynchronisedView.detainedSince(episode);
            String band = band(since, today);
            JsonNode person = episode.path("person");
            boolean woman = "FEMALE".equals(SynchronisedView.text(person, "gender"));
            Integer age = SynchronisedView.integer(person, "age");
            boolean juvenile = person.path("juvenile").asBoolean(false) || (age != null && age < 18);
            int children = episode.path("childrenWithMother").asInt(0);
            List<Group> groups = new ArrayList<>(List.of(total, j, d));
            String firKey = episode.path("firKey").asText();
            JsonNode caseRecord = view.casesByFir.get(firKey);
            String court = caseRecord == null ? null : caseRecord.path("court").path("code").asText(null);
            if (court != null) {
                groups.add(byCourt.computeIfAbsent(court, c -> new Group("court", c, courts.find("code", c).map(r -> r.get("name")).orElse(c))));
            }
            for (Group g : groups) {
                g.underTrial++;
                g.byDetention.merge(band, 1, Integer::sum);
                g.women += woman ? 1 : 0;
                g.juveniles += juvenile ? 1 : 0;
                g.mothersWithChildren += woman && children > 0 ? 1 : 0;
                g.childrenWithMothers += woman ? children : 0;
            }
            for (CourtDate h : view.hearingsByFir.getOrDefault(firKey, List.of())) {
                if (h.notProduced() && since != null && !h.date().isBefore(since) && !h.date().isAfter(today)) {
                    String reason = h.nonProductionReason() == null ? "not recorded" : h.nonProductionReason();
                    groups.forEach(g -> g.notProduced.merge(reason, 1, Integer::sum));
                }
            }
        }
        for (JsonNode alert : alerts.open()) {
            String rule = alert.path("rule").asText();
            String jail = alert.path("subject").path("jailCode").asText(null);
            total.openAlerts.merge(rule, 1, Integer::sum);
            if (jail != null && byJail.containsKey(jail)) {
                byJail.get(jail).openAlerts.merge(rule, 1, Integer::sum);
                byDistrict.get(districtOfJail.get(jail)).openAlerts.merge(rule, 1, Integer::sum);
            }
            JsonNode caseRecord = view.casesByFir.get(alert.path("subject").path("firKey").asText());
            String court = caseRecord == null ? null : caseRecord.path("court").path("code").asText(null);
            if (court != null && byCourt.containsKey(court)) {
                byCourt.get(court).openAlerts.merge(rule, 1, Integer::sum);
            }
        }
        return new Report(today, total, List.copyOf(byJail.values()), List.copyOf(byDistrict.values()), List.copyOf(byCourt.values()));
    }

    /** The report as CSV: one line per group, a column per band, rule and reason. */
    public static String csv(Report report) {
        List<Group> all = new ArrayList<>();
        all.add(report.total());
        all.addAll(report.jails());
        all.addAll(report.districts());
        all.addAll(report.courts());
        TreeSet<String> reasons = new TreeSet<>();
        all.forEach(g -> reasons.addAll(g.notProduced.keySet()));
        StringJoiner header = new StringJoiner(",");
        List.of("level", "code", "name", "under_trial").forEach(header::add);
        BANDS.forEach(b -> header.add("detained_" + b.replace(' ', '_')));
        List.of("women", "juveniles", "mothers_with_children", "children_with_mothers").forEach(header::add);
        for (AlertRule rule : AlertRule.values()) {
            header.add("open_" + rule.name());
        }
        reasons.forEach(r -> header.add(cell("not_produced_" + r)));
        StringBuilder out = new StringBuilder(header.toString()).append('\n');
        for (Group g : all) {
            StringJoiner line = new StringJoiner(",");
            line.add(g.level).add(cell(g.code)).add(cell(g.name)).add(String.valueOf(g.underTrial));
            BANDS.forEach(b -> line.add(String.valueOf(g.byDetention.get(b))));
            line.add(String.valueOf(g.women)).add(String.valueOf(g.juveniles)).add(String.valueOf(g.mothersWithChildren))
                    .add(String.valueOf(g.childrenWithMothers));
            for (AlertRule rule : AlertRule.values()) {
                line.add(String.valueOf(g.openAlerts.getOrDefault(rule.name(), 0)));
            }
            reasons.forEach(r -> line.add(String.valueOf(g.notProduced.getOrDefault(r, 0))));
            out.append(line).append('\n');
        }
        return out.toString();
    }

    static String band(LocalDate since, LocalDate today) {
        if (since == null) {
            return BANDS.get(0);
        }
        long months = ChronoUnit.MONTHS.between(since, today);
        if (months < 3) {
            return BANDS.get(0);
        }
        if (months < 6) {
            return BANDS.get(1);
        }
        if (months < 12) {
            return BANDS.get(2);
        }
        return months < 24 ? BANDS.get(3) : BANDS.get(4);
    }

    private static String cell(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
