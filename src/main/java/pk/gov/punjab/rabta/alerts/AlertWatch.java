package pk.gov.punjab.rabta.alerts;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;

import pk.gov.punjab.rabta.codes.CodeTable;
import pk.gov.punjab.rabta.mapping.MappingRegistry;
import pk.gov.punjab.rabta.matching.CaseLinks;
import pk.gov.punjab.rabta.matching.Identity;
import pk.gov.punjab.rabta.matching.MatchTier;
import pk.gov.punjab.rabta.matching.Matcher;
import pk.gov.punjab.rabta.register.SynchronisedRecords;

/**
 * Every interval: links PMIS custody episodes to CFMS accused by the matching tiers, puts each detention (episode and
 * FIR) through the alert rules, and raises, updates or closes alerts. Reads only the bus's register of synchronised
 * records, never a department's database.
 */
@Component
@EnableConfigurationProperties(AlertSettings.class)
public class AlertWatch {
    private static final Logger log = LoggerFactory.getLogger(AlertWatch.class);

    /** What one pass saw and did. */
    public record Pass(LocalDate day, int detentions, int links, int candidates, AlertBook.Outcome alerts) {
    }

    private final SynchronisedRecords records;
    private final CaseLinks links;
    private final AlertBook book;
    private final AlertSettings settings;
    private final MappingRegistry mappings;
    private final UtpRules rules;
    private final Clock clock;
    private volatile Pass last;
    private volatile String lastProblem;

    public AlertWatch(SynchronisedRecords records, CaseLinks links, AlertBook book, AlertSettings settings, MappingRegistry mappings) {
        this.records = records;
        this.links = links;
        this.book = book;
        this.settings = settings;
        this.mappings = mappings;
        this.rules = new UtpRules(settings);
        this.clock = Clock.system(ZoneId.of("Asia/Karachi"));
    }

    @Scheduled(initialDelayString = "${rabta.alerts.initial-delay:5s}", fixedDelayString = "${rabta.alerts.interval:30s}")
    void onSchedule() {
        if (!settings.isEnabled()) {
            return;
        }
        try {
            Pass pass = runOnce(LocalDate.now(clock));
            lastProblem = null;
            AlertBook.Outcome a = pass.alerts();
            if (a.raised() + a.updated() + a.closed() > 0) {
                log.info("alerts: {} detentions, {} links, {} candidates for review; raised {}, updated {}, closed {}, open {}",
                        pass.detentions(), pass.links(), pass.candidates(), a.raised(), a.updated(), a.closed(), a.open());
            }
        } catch (Exception e) {
            String problem = String.valueOf(e.getMessage());
            if (!problem.equals(lastProblem)) {
                log.warn("alerts: pass failed, tried again in {}: {}", settings.getInterval(), problem);
            }
            lastProblem = problem;
        }
    }

    public Pass last() {
        return last;
    }

    /** One pass as of {@code today}; synchronised so a pass asked for through the API never overlaps the scheduled one. */
    public synchronized Pass runOnce(LocalDate today) throws Exception {
        SynchronisedView view = new SynchronisedView(records);
        Map<String, CaseLinks.Link> before = links.all();
        Map<String, CaseLinks.Link> current = new LinkedHashMap<>();
        CodeTable jails = mappings.current().codes().table("jails");
        List<Finding> findings = new ArrayList<>();
        int detentions = 0;
        for (JsonNode episode : view.episodes) {
            String episodeKey = SynchronisedView.episodeKey(episode);
            for (Map.Entry<String, LocalDate> fir : firs(episode).entrySet()) {
                JsonNode chosen = null;
                CaseLinks.Link chosenLink = null;
                for (JsonNode accused : view.accusedOn(fir.getKey())) {
                    CaseLinks.Link link = link(episodeKey, fir.getKey(), fir.getValue(), episode, accused, before);
                    if (link == null) {
                        continue;
                    }
                    current.put(link.id(), link);
                    // A CNIC link wins over one a person confirmed; either wins over none.
                    if (link.usable() && (chosenLink == null || link.tier() == MatchTier.AUTO)) {
                        chosen = accused;
                        chosenLink = link;
                    }
                }
                Detention detention = detention(episodeKey, fir.getKey(), fir.getValue(), episode, chosen, chosenLink, view, jails);
                detentions++;
                findings.addAll(rules.evaluate(detention, today));
            }
        }
        // Decided links stay whatever the evidence now says: a rejected pair is never proposed again.
        before.values().stream().filter(CaseLinks.Link::decided).forEach(l -> current.putIfAbsent(l.id(), l));
        findings.addAll(orphansInCfms(view, current, today));
        links.replace(current, before);
        AlertBook.Outcome outcome = book.reconcile(findings);
        int candidates = (int) current.values().stream().filter(l -> CaseLinks.PENDING.equals(l.state())).count();
        int usable = (int) current.values().stream().filter(CaseLinks.Link::usable).count();
        last = new Pass(today, detentions, usable, candidates, outcome);
        return last;
    }

    /** The FIRs one episode holds the prisoner on, each with the day detention for it began. */
    private static Map<String, LocalDate> firs(JsonNode episode) {
        Map<String, LocalDate> firs = new LinkedHashMap<>();
        LocalDate since = SynchronisedView.detainedSince(episode);
        firs.put(episode.path("firKey").asText(), since);
        for (JsonNode other : episode.path("otherFirs")) {
            LocalDate otherSince = SynchronisedView.date(other, "detainedSince");
            firs.putIfAbsent(other.path("firKey").asText(), otherSince == null ? since : otherSince);
        }
        return firs;
    }

    private static CaseLinks.Link link(String episodeKey, String firKey, LocalDate since, JsonNode episode, JsonNode accused,
                                       Map<String, CaseLinks.Link> before) {
        String accusedKey = accused.path("cfmsAccusedId").asText();
        String id = CaseLinks.Link.id(episodeKey, firKey, accusedKey);
        JsonNode person = episode.path("person");
        Matcher.Match match = Matcher.match(
                new Identity(firKey, SynchronisedView.text(person, "cnic"), SynchronisedView.text(person, "nameKey"),
                        SynchronisedView.text(person, "relativeNameKey"), SynchronisedView.text(person, "relation"),
                        SynchronisedView.text(person, "gender"), SynchronisedView.integer(person, "age")),
                new Identity(firKey, SynchronisedView.text(accused, "cnic"), SynchronisedView.text(accused, "nameKey"),
                        SynchronisedView.text(accused, "relativeNameKey"), SynchronisedView.text(accused, "relation"),
                        SynchronisedView.text(accused, "gender"), SynchronisedView.integer(accused, "age")));
        CaseLinks.Link prior = before.get(id);
        if (prior != null && prior.decided()) {
            return prior;
        }
        return switch (match.tier()) {
            case AUTO -> new CaseLinks.Link(id, episodeKey, firKey, accusedKey, MatchTier.AUTO, CaseLinks.LINKED, match.evidence(), since, null, null);
            case CANDIDATE -> new CaseLinks.Link(id, episodeKey, firKey, accusedKey, MatchTier.CANDIDATE, CaseLinks.PENDING, match.evidence(), since, null, null);
            case NONE -> null;
        };
    }

    private static Detention detention(String episodeKey, String firKey, LocalDate since, JsonNode episode, JsonNode accused,
                                       CaseLinks.Link link, SynchronisedView view, CodeTable jails) {
        JsonNode person = episode.path("person");
        String jail = episode.path("jail").path("code").asText();
        Detention.Case caseFile = view.caseFor(firKey, accused);
        JsonNode caseRecord = view.casesByFir.get(firKey);
        // CFMS is the prosecution's record of the charge; PMIS's copy serves where CFMS has none.
        List<Offence> offences = caseRecord != null && caseRecord.path("sections").size() > 0
                ? SynchronisedView.offences(caseRecord.path("sections"))
                : firKey.equals(episode.path("firKey").asText()) ? SynchronisedView.offences(episode.path("sections")) : List.of();
        Detention.Accused linked = accused == null ? null : new Detention.Accused(accused.path("cfmsAccusedId").asText(),
                link.tier() == MatchTier.AUTO ? "CNIC_AND_FIR" : "CONFIRMED_BY_PERSON",
                accused.path("previousConviction").asBoolean(false), accused.path("dangerous").asBoolean(false),
                view.bailGranted(accused));
        return new Detention(episodeKey, jail, jails.find("code", jail).map(j -> j.get("category")).orElse(null),
                SynchronisedView.text(episode, "prisonerNumber"), firKey, SynchronisedView.text(person, "gender"),
                SynchronisedView.integer(person, "age"), person.path("juvenile").asBoolean(false),
                episode.path("sick").asBoolean(false), episode.path("childrenWithMother").asInt(0),
                SynchronisedView.text(episode, "status"), SynchronisedView.date(episode, "admittedOn"), since,
                SynchronisedView.date(episode, "releasedOn"), SynchronisedView.date(episode, "remandUntil"), offences,
                caseFile, linked);
    }

    /** CFMS accused shown in custody whom no link (automatic, confirmed or waiting for review) ties to a PMIS episode. */
    private List<Finding> orphansInCfms(SynchronisedView view, Map<String, CaseLinks.Link> current, LocalDate today) {
        Set<String> matched = new HashSet<>();
        for (CaseLinks.Link l : current.values()) {
            if (!CaseLinks.REJECTED.equals(l.state())) {
                matched.add(l.accusedKey());
            }
        }
        List<Finding> found = new ArrayList<>();
        for (List<JsonNode> onFir : view.accusedByFir.values()) {
            for (JsonNode accused : onFir) {
                String key = accused.path("cfmsAccusedId").asText();
                if (!accused.path("inCustody").asBoolean(false) || matched.contains(key)) {
                    continue;
                }
                LocalDate since = SynchronisedView.date(accused, "arrestedOn");
                JsonNode caseRecord = view.casesByFir.get(accused.path("firKey").asText());
                if (since == null && caseRecord != null) {
                    since = SynchronisedView.date(caseRecord, "firDate");
                }
                if (since != null) {
                    rules.orphanInCfms(key, accused.path("firKey").asText(), since, today).ifPresent(found::add);
                }
            }
        }
        return found;
    }
}
