package pk.gov.punjab.rabta.alerts;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The alert rules of DOMAIN's table as plain functions of a detention and a day: no database, no clock of their own,
 * so each rule can be checked at its edges. The rules report facts and dates; whether bail is granted is the court's.
 */
public final class UtpRules {
    private final AlertSettings settings;

    public UtpRules(AlertSettings settings) {
        this.settings = settings;
    }

    /** Every rule that holds for this detention on {@code today}. */
    public List<Finding> evaluate(Detention d, LocalDate today) {
        List<Finding> found = new ArrayList<>();
        if (!d.underTrialInCustody() || d.detainedSince() == null) {
            return found;
        }
        statutoryBail(d, today).ifPresent(found::add);
        vulnerable(d, today).ifPresent(found::add);
        juvenileInJail(d).ifPresent(found::add);
        juvenileHeinous(d, today).ifPresent(found::add);
        challanOverdue(d, today).ifPresent(found::add);
        remandLapsing(d, today).ifPresent(found::add);
        notProduced(d, today).ifPresent(found::add);
        bailNotReleased(d, today).ifPresent(found::add);
        orphanInPmis(d, today).ifPresent(found::add);
        return found;
    }

    /** A CFMS accused shown in custody whom no PMIS episode matches, once the grace days have passed. */
    public Optional<Finding> orphanInCfms(String accusedKey, String firKey, LocalDate inCustodySince, LocalDate today) {
        LocalDate due = inCustodySince.plusDays(settings.getOrphanGraceDays());
        if (today.isBefore(due)) {
            return Optional.empty();
        }
        Map<String, Object> facts = facts("firKey", firKey, "inCustodySince", inCustodySince,
                "graceDays", settings.getOrphanGraceDays());
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("firKey", firKey);
        subject.put("cfmsAccusedId", Long.valueOf(accusedKey));
        return Optional.of(new Finding(AlertRule.ORPHAN_IN_CFMS, "cfms:" + accusedKey, subject, Finding.DUE, due,
                "CFMS shows accused " + accusedKey + " of FIR " + firKey + " in custody; no PMIS custody episode matches",
                facts, List.of("cfms:accused:" + accusedKey)));
    }

    Optional<Finding> statutoryBail(Detention d, LocalDate today) {
        List<String> exceptions = fourthProvisoExceptions(d);
        if (d.trialConcluded() || !exceptions.isEmpty()) {
            return Optional.empty();
        }
        Period threshold = d.woman() ? (d.capital() ? Period.ofYears(1) : Period.ofMonths(6))
                : (d.capital() ? Period.ofYears(2) : Period.ofYears(1));
        // "Over" the threshold: the right exists from the day after it is completed.
        LocalDate firstEligible = d.detainedSince().plus(threshold).plusDays(1);
        LocalDate warnFrom = firstEligible.minusDays(settings.getStatutoryBailWarningDays());
        if (today.isBefore(warnFrom)) {
            return Optional.empty();
        }
        String state = today.isBefore(firstEligible) ? Finding.WARNING : Finding.DUE;
        // The right ripens again on each anniversary of the first eligible day.
        long period = state.equals(Finding.DUE) ? ChronoUnit.YEARS.between(firstEligible, today) + 1 : 1;
        LocalDate eligibleFrom = firstEligible.plusYears(period - 1);
        Map<String, Object> facts = facts("detainedSince", d.detainedSince(), "threshold", threshold.toString(),
                "capital", d.capital(), "woman", d.woman(), "eligibleFrom", eligibleFrom, "period", period,
                "adjournments", adjournmentLedger(d));
        String summary = (state.equals(Finding.DUE) ? "Eligible for consideration of statutory bail since "
                : "Eligible for consideration of statutory bail from ") + eligibleFrom + ": detained since "
                + d.detainedSince() + " (" + describe(threshold) + (d.capital() ? ", capital offence" : ", non-capital offence")
                + (d.woman() ? ", woman" : "") + "), trial not concluded";
        return Optional.of(finding(AlertRule.STATUTORY_BAIL, d, state, eligibleFrom, summary, facts));
    }

    Optional<Finding> vulnerable(Detention d, LocalDate today) {
        List<String> grounds = new ArrayList<>();
        if (d.woman()) {
            grounds.add("woman");
        }
        if (d.age() != null && d.age() < 16) {
            grounds.add("under 16");
        }
        if (d.sick()) {
            grounds.add("sick or infirm");
        }
        if (grounds.isEmpty()) {
            return Optional.empty();
        }
        boolean womanSixMonths = d.woman() && !d.trialConcluded() && today.isAfter(d.detainedSince().plusMonths(6));
        Map<String, Object> facts = facts("grounds", grounds, "detainedSince", d.detainedSince(),
                "womanOverSixMonths", womanSixMonths, "childrenWithMother", d.childrenWithMother());
        String summary = "Bail may be considered (s.497(1), 1st proviso): " + String.join(", ", grounds)
                + (womanSixMonths ? "; a woman detained over 6 months with the trial unfinished (2nd proviso)" : "");
        return Optional.of(finding(AlertRule.VULNERABLE_UTP, d, Finding.DUE, d.detainedSince(), summary, facts));
    }

    Optional<Finding> juvenileInJail(Detention d) {
        Optional<Offence.JuvenileCategory> category = gravest(d);
        if (!d.isJuvenile() || !d.inAdultJail() || category.isEmpty()
                || category.get() == Offence.JuvenileCategory.HEINOUS) {
            return Optional.empty();
        }
        Map<String, Object> facts = facts("age", d.age(), "category", category.get().name(), "jail", d.jailCode(),
                "jailCategory", d.jailCategory(), "detainedSince", d.detainedSince());
        String summary = "Juvenile held in " + d.jailCode() + " for a " + category.get().name().toLowerCase()
                + " offence, which is bailable; a juvenile may not be held in a jail for it";
        return Optional.of(finding(AlertRule.JUVENILE_IN_JAIL, d, Finding.DUE, d.detainedSince(), summary, facts));
    }

    Optional<Finding> juvenileHeinous(Detention d, LocalDate today) {
        Optional<Offence.JuvenileCategory> category = gravest(d);
        if (!d.isJuvenile() || category.isEmpty() || category.get() != Offence.JuvenileCategory.HEINOUS
                || d.trialConcluded()) {
            return Optional.empty();
        }
        LocalDate due = d.detainedSince().plusMonths(settings.getJuvenileHeinousMonths()).plusDays(1);
        if (today.isBefore(due)) {
            return Optional.empty();
        }
        Map<String, Object> facts = facts("age", d.age(), "detainedSince", d.detainedSince(), "eligibleFrom", due);
        String summary = "Juvenile detained since " + d.detainedSince() + " for a heinous offence without a verdict: "
                + "eligible for consideration of bail since " + due;
        return Optional.of(finding(AlertRule.JUVENILE_HEINOUS_OVER_6_MONTHS, d, Finding.DUE, due, summary, facts));
    }

    Optional<Finding> challanOverdue(Detention d, LocalDate today) {
        Detention.Case c = d.caseFile();
        if (c == null || c.challanDate() != null || c.firDate() == null) {
            return Optional.empty();
        }
        LocalDate due = c.firDate().plusDays(settings.getChallanDays());
        if (today.isBefore(due)) {
            return Optional.empty();
        }
        Map<String, Object> facts = facts("firDate", c.firDate(), "challanDueBy", due, "detainedSince", d.detainedSince());
        String summary = "No challan submitted for the FIR of " + c.firDate() + "; due by day " + settings.getChallanDays()
                + " (" + due + ") while the accused is detained";
        return Optional.of(finding(AlertRule.CHALLAN_OVERDUE, d, Finding.DUE, due, summary, facts));
    }

    Optional<Finding> remandLapsing(Detention d, LocalDate today) {
        List<CourtDate> hearings = d.caseFile() == null ? List.of() : d.caseFile().hearings();
        LocalDate lastOrder = max(d.detainedSince(), d.admittedOn());
        LocalDate nextDate = null;
        for (CourtDate h : hearings) {
            if (!h.date().isAfter(today)) {
                lastOrder = max(lastOrder, h.date());
                if (h.nextDate() != null && !h.nextDate().isBefore(today)) {
                    nextDate = min(nextDate, h.nextDate());
                }
            } else {
                nextDate = min(nextDate, h.date());
            }
        }
        // A warrant issued since the last order says when custody ends; else an order covers 15 days at most. A next
        // court date already fixed carries custody to that date.
        LocalDate byOrder = d.remandUntil() != null && !d.remandUntil().isBefore(lastOrder) ? d.remandUntil()
                : lastOrder.plusDays(settings.getRemandDays());
        LocalDate coveredUntil = max(byOrder, nextDate);
        LocalDate warnFrom = coveredUntil.minusDays(settings.getRemandWarningDays());
        if (today.isBefore(warnFrom)) {
            return Optional.empty();
        }
        String state = today.isAfter(coveredUntil) ? Finding.DUE : Finding.WARNING;
        Map<String, Object> facts = facts("lastRemandOrHearing", lastOrder, "remandUntil", d.remandUntil(),
                "nextCourtDate", nextDate, "coveredUntil", coveredUntil);
        String summary = state.equals(Finding.DUE)
                ? "Remand lapsed on " + coveredUntil + ": no valid warrant or next court date since " + lastOrder
                : "Remand lapses on " + coveredUntil + " with no next court date fixed";
        return Optional.of(finding(AlertRule.REMAND_LAPSING, d, state, coveredUntil, summary, facts));
    }

    Optional<Finding> notProduced(Detention d, LocalDate today) {
        if (d.caseFile() == null) {
            return Optional.empty();
        }
        List<CourtDate> held = d.caseFile().hearings().stream()
                .filter(h -> !h.date().isAfter(today) && !h.date().isBefore(d.detainedSince()))
                .sorted(Comparator.comparing(CourtDate::date)).toList();
        if (held.isEmpty()) {
            return Optional.empty();
        }
        CourtDate last = held.get(held.size() - 1);
        if (!last.notProduced()) {
            return Optional.empty();
        }
        long missed = held.stream().filter(CourtDate::notProduced).count();
        Map<String, Object> facts = facts("hearingDate", last.date(), "reason", last.nonProductionReason(),
                "hearingsNotProduced", missed, "court", d.caseFile().courtCode());
        String summary = "Not produced at the hearing of " + last.date()
                + (last.nonProductionReason() == null ? "" : " (" + last.nonProductionReason() + ")");
        return Optional.of(finding(AlertRule.NOT_PRODUCED, d, Finding.DUE, last.date(), summary, facts));
    }

    Optional<Finding> bailNotReleased(Detention d, LocalDate today) {
        if (d.accused() == null || d.accused().bailGrantedOn().isEmpty()) {
            return Optional.empty();
        }
        LocalDate granted = d.accused().bailGrantedOn().stream().max(Comparator.naturalOrder()).orElseThrow();
        LocalDate due = granted.plusDays(settings.getBailReleaseDays());
        if (granted.isBefore(d.detainedSince()) || today.isBefore(due)) {
            return Optional.empty();
        }
        Map<String, Object> facts = facts("bailGrantedOn", granted, "reportedAfterDays", settings.getBailReleaseDays());
        String summary = "Bail granted on " + granted + "; still in custody " + settings.getBailReleaseDays()
                + " or more days later (surety pending?)";
        return Optional.of(finding(AlertRule.BAIL_NOT_RELEASED, d, Finding.DUE, due, summary, facts));
    }

    Optional<Finding> orphanInPmis(Detention d, LocalDate today) {
        if (d.caseFile() != null || d.admittedOn() == null) {
            return Optional.empty();
        }
        LocalDate due = d.admittedOn().plusDays(settings.getOrphanGraceDays());
        if (today.isBefore(due)) {
            return Optional.empty();
        }
        Map<String, Object> facts = facts("admittedOn", d.admittedOn(), "graceDays", settings.getOrphanGraceDays());
        String summary = "PMIS holds " + d.prisonerNumber() + " on FIR " + d.firKey() + ", which CFMS does not have";
        return Optional.of(finding(AlertRule.ORPHAN_IN_PMIS, d, Finding.DUE, due, summary, facts));
    }

    /** The 4th proviso's exceptions the data can show: a previous conviction, a dangerous criminal, terrorism. */
    static List<String> fourthProvisoExceptions(Detention d) {
        List<String> found = new ArrayList<>();
        if (d.accused() != null && d.accused().previousConviction()) {
            found.add("previous conviction for an offence punishable with death or imprisonment for life");
        }
        if (d.accused() != null && d.accused().dangerous()) {
            found.add("hardened, desperate or dangerous criminal");
        }
        if (d.offences().stream().anyMatch(Offence::terrorism)) {
            found.add("offence under the Anti-Terrorism Act");
        }
        return found;
    }

    /** Who sought each adjournment since detention: the court weighs delay; the bus only counts. */
    private static Map<String, Long> adjournmentLedger(Detention d) {
        Map<String, Long> ledger = new TreeMap<>();
        if (d.caseFile() != null) {
            for (CourtDate h : d.caseFile().hearings()) {
                if (h.adjournedBy() != null && !"NONE".equals(h.adjournedBy()) && !h.date().isBefore(d.detainedSince())) {
                    ledger.merge(h.adjournedBy(), 1L, Long::sum);
                }
            }
        }
        return ledger;
    }

    private static Optional<Offence.JuvenileCategory> gravest(Detention d) {
        return d.offences().stream().map(Offence::juvenileCategory).max(Comparator.naturalOrder());
    }

    private static Finding finding(AlertRule rule, Detention d, String state, LocalDate dueOn, String summary,
                                   Map<String, Object> facts) {
        List<String> sources = new ArrayList<>();
        sources.add("pmis:custody-episode:" + d.episodeKey());
        if (d.caseFile() != null) {
            sources.add("cfms:case:" + d.caseFile().caseKey());
        }
        if (d.accused() != null) {
            sources.add("cfms:accused:" + d.accused().accusedKey());
        }
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("episodeKey", d.episodeKey());
        subject.put("jailCode", d.jailCode());
        subject.put("prisonerNumber", d.prisonerNumber());
        subject.put("firKey", d.firKey());
        subject.put("cfmsAccusedId", d.accused() == null ? null : Long.valueOf(d.accused().accusedKey()));
        subject.put("linkTier", d.accused() == null ? null : d.accused().linkTier());
        return new Finding(rule, d.episodeKey() + "|" + d.firKey(), subject, state, dueOn, summary, facts, sources);
    }

    private static String describe(Period threshold) {
        return threshold.getYears() > 0 ? "over " + threshold.getYears() + (threshold.getYears() == 1 ? " year" : " years")
                : "over " + threshold.getMonths() + " months";
    }

    private static Map<String, Object> facts(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            map.put((String) pairs[i], value instanceof LocalDate date ? date.toString() : value);
        }
        return map;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
