package pk.gov.punjab.rabta.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each alert rule at its edges: the day before, the day of, and the day after the date the law names. */
class UtpRulesTests {
    private static final LocalDate DETAINED = LocalDate.of(2025, 3, 10);
    private static final Offence THEFT = new Offence("PPC-379", "PPC", "3", false);
    private static final Offence ROBBERY = new Offence("PPC-392", "PPC", "14", false);
    private static final Offence MURDER = new Offence("PPC-302", "PPC", "DEATH", true);
    private static final Offence HURT = new Offence("PPC-337-F", "PPC", "7", false);
    private static final Offence TERRORISM = new Offence("ATA-7", "ATA", "DEATH", true);

    private final AlertSettings settings = new AlertSettings();
    private final UtpRules rules = new UtpRules(settings);

    static Detention man(Offence... offences) {
        return new Detention("CJ-LHR:1", "CJ-LHR", "CENTRAL", "J001/2025/1", "LHR-001-5-2025", "MALE", 30, false, false, 0,
                "UNDER_TRIAL", DETAINED, DETAINED, null, null, List.of(offences),
                new Detention.Case("LHR-001-5-2025", DETAINED.minusDays(2), DETAINED.plusDays(12), "FINAL", false, "LHR-SJ", List.of()),
                new Detention.Accused("7", "CNIC_AND_FIR", false, false, List.of()));
    }

    static Detention with(Detention d, UnaryOperator<Builder> change) {
        return change.apply(new Builder(d)).build();
    }

    static Stream<Arguments> statutoryBailEdges() {
        Detention man = man(THEFT);
        Detention woman = with(man(THEFT), b -> b.gender("FEMALE"));
        Detention capital = man(MURDER, THEFT);
        Detention capitalWoman = with(man(MURDER), b -> b.gender("FEMALE"));
        return Stream.of(
                // Non-capital, a man: over 1 year. Exactly 1 year is not yet "over"; 1 year and 1 day is.
                Arguments.of("man, non-capital, exactly 1 year", man, DETAINED.plusYears(1), "WARNING", DETAINED.plusYears(1).plusDays(1)),
                Arguments.of("man, non-capital, 1 year and 1 day", man, DETAINED.plusYears(1).plusDays(1), "DUE", DETAINED.plusYears(1).plusDays(1)),
                Arguments.of("man, non-capital, 31 days before", man, DETAINED.plusYears(1).minusDays(30), null, null),
                Arguments.of("man, non-capital, 30 days before: warned", man, DETAINED.plusYears(1).minusDays(29), "WARNING", DETAINED.plusYears(1).plusDays(1)),
                // The right ripens again each further year.
                Arguments.of("man, non-capital, second year", man, DETAINED.plusYears(2).plusDays(5), "DUE", DETAINED.plusYears(2).plusDays(1)),
                // A woman: 6 months non-capital, 1 year capital.
                Arguments.of("woman, non-capital, exactly 6 months", woman, DETAINED.plusMonths(6), "WARNING", DETAINED.plusMonths(6).plusDays(1)),
                Arguments.of("woman, non-capital, 6 months and 1 day", woman, DETAINED.plusMonths(6).plusDays(1), "DUE", DETAINED.plusMonths(6).plusDays(1)),
                Arguments.of("woman, capital, 6 months and 1 day", capitalWoman, DETAINED.plusMonths(6).plusDays(1), null, null),
                Arguments.of("woman, capital, 1 year and 1 day", capitalWoman, DETAINED.plusYears(1).plusDays(1), "DUE", DETAINED.plusYears(1).plusDays(1)),
                // Capital: over 2 years for a man; one capital section makes the case capital.
                Arguments.of("man, capital, 1 year and 1 day", capital, DETAINED.plusYears(1).plusDays(1), null, null),
                Arguments.of("man, capital, exactly 2 years", capital, DETAINED.plusYears(2), "WARNING", DETAINED.plusYears(2).plusDays(1)),
                Arguments.of("man, capital, 2 years and 1 day", capital, DETAINED.plusYears(2).plusDays(1), "DUE", DETAINED.plusYears(2).plusDays(1)),
                // The 4th proviso's exceptions, when the data shows them.
                Arguments.of("previous conviction", with(man, b -> b.accused(new Detention.Accused("7", "CNIC_AND_FIR", true, false, List.of()))),
                        DETAINED.plusYears(2), null, null),
                Arguments.of("dangerous criminal", with(man, b -> b.accused(new Detention.Accused("7", "CNIC_AND_FIR", false, true, List.of()))),
                        DETAINED.plusYears(2), null, null),
                Arguments.of("terrorism", man(TERRORISM), DETAINED.plusYears(3), null, null),
                // A concluded trial, or a prisoner no longer under trial, has no statutory-bail clock.
                Arguments.of("trial concluded", with(man, b -> b.caseFile(new Detention.Case("LHR-001-5-2025", DETAINED, DETAINED, "FINAL", true, "LHR-SJ", List.of()))),
                        DETAINED.plusYears(2), null, null),
                Arguments.of("convict", with(man, b -> b.status("CONVICT")), DETAINED.plusYears(2), null, null),
                Arguments.of("released", with(man, b -> b.releasedOn(DETAINED.plusMonths(3))), DETAINED.plusYears(2), null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statutoryBailEdges")
    void statutoryBailIsWarnedThenDueAtItsThresholds(String name, Detention d, LocalDate today, String state, LocalDate eligibleFrom) {
        Optional<Finding> found = only(d, today, AlertRule.STATUTORY_BAIL);
        if (state == null) {
            assertThat(found).isEmpty();
            return;
        }
        assertThat(found).isPresent();
        assertThat(found.get().state()).isEqualTo(state);
        assertThat(found.get().dueOn()).isEqualTo(eligibleFrom);
        assertThat(found.get().facts()).containsEntry("detainedSince", d.detainedSince().toString())
                .containsEntry("eligibleFrom", eligibleFrom.toString());
        assertThat(found.get().summary()).containsIgnoringCase("eligible for consideration").doesNotContainIgnoringCase("must be released");
        assertThat(found.get().sources()).contains("pmis:custody-episode:CJ-LHR:1", "cfms:case:LHR-001-5-2025", "cfms:accused:7");
    }

    @Test
    void theStatutoryBailAlertCountsWhoSoughtEachAdjournmentWithoutJudgingIt() {
        List<CourtDate> hearings = List.of(new CourtDate(DETAINED.plusMonths(1), "PRODUCED", null, "PROSECUTION", null),
                new CourtDate(DETAINED.plusMonths(2), "PRODUCED", null, "DEFENCE", null),
                new CourtDate(DETAINED.plusMonths(3), "PRODUCED", null, "PROSECUTION", null),
                new CourtDate(DETAINED.minusDays(1), "PRODUCED", null, "COURT", null));
        Detention d = with(man(THEFT), b -> b.caseFile(new Detention.Case("LHR-001-5-2025", DETAINED, DETAINED, "FINAL", false, "LHR-SJ", hearings)));
        Finding found = only(d, DETAINED.plusYears(1).plusDays(1), AlertRule.STATUTORY_BAIL).orElseThrow();
        assertThat(found.facts().get("adjournments")).isEqualTo(java.util.Map.of("PROSECUTION", 2L, "DEFENCE", 1L));
    }

    static Stream<Arguments> vulnerableAndJuvenileCases() {
        return Stream.of(
                Arguments.of("a woman", with(man(THEFT), b -> b.gender("FEMALE")), AlertRule.VULNERABLE_UTP, true),
                Arguments.of("a child of 15", with(man(THEFT), b -> b.age(15)), AlertRule.VULNERABLE_UTP, true),
                Arguments.of("a boy of 16 is not under 16", with(man(THEFT), b -> b.age(16)), AlertRule.VULNERABLE_UTP, false),
                Arguments.of("a sick man", with(man(THEFT), b -> b.sick(true)), AlertRule.VULNERABLE_UTP, true),
                Arguments.of("a healthy adult man", man(THEFT), AlertRule.VULNERABLE_UTP, false),
                // Juvenile categories by the gravest offence: minor up to 3 years, major 3 to 7, heinous above 7.
                Arguments.of("juvenile, minor offence, in a jail", with(man(THEFT), b -> b.age(16)), AlertRule.JUVENILE_IN_JAIL, true),
                Arguments.of("juvenile, major offence (7 years), in a jail", with(man(HURT), b -> b.age(17)), AlertRule.JUVENILE_IN_JAIL, true),
                Arguments.of("juvenile, minor offence, in a borstal", with(man(THEFT), b -> b.age(16).jailCategory("BORSTAL")), AlertRule.JUVENILE_IN_JAIL, false),
                Arguments.of("juvenile, heinous offence, in a jail", with(man(ROBBERY, THEFT), b -> b.age(16)), AlertRule.JUVENILE_IN_JAIL, false),
                Arguments.of("juvenile by flag, age unknown", with(man(THEFT), b -> b.age(null).juvenile(true)), AlertRule.JUVENILE_IN_JAIL, true),
                Arguments.of("adult, minor offence", man(THEFT), AlertRule.JUVENILE_IN_JAIL, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vulnerableAndJuvenileCases")
    void vulnerableAndJuvenilePrisonersAreFlagged(String name, Detention d, AlertRule rule, boolean raised) {
        assertThat(only(d, DETAINED.plusDays(20), rule).isPresent()).isEqualTo(raised);
    }

    @Test
    void aWomanDetainedOverSixMonthsIsNotedUnderTheSecondProviso() {
        Detention woman = with(man(MURDER), b -> b.gender("FEMALE").children(2));
        Finding early = only(woman, DETAINED.plusMonths(6), AlertRule.VULNERABLE_UTP).orElseThrow();
        Finding late = only(woman, DETAINED.plusMonths(6).plusDays(1), AlertRule.VULNERABLE_UTP).orElseThrow();
        assertThat(early.facts()).containsEntry("womanOverSixMonths", false).containsEntry("childrenWithMother", 2);
        assertThat(late.facts()).containsEntry("womanOverSixMonths", true);
        assertThat(late.summary()).contains("2nd proviso");
    }

    @Test
    void aJuvenileHeldForAHeinousOffenceIsReportedAfterSixMonthsWithoutAVerdict() {
        Detention juvenile = with(man(ROBBERY), b -> b.age(16).jailCategory("BORSTAL"));
        assertThat(only(juvenile, DETAINED.plusMonths(6), AlertRule.JUVENILE_HEINOUS_OVER_6_MONTHS)).isEmpty();
        Finding due = only(juvenile, DETAINED.plusMonths(6).plusDays(1), AlertRule.JUVENILE_HEINOUS_OVER_6_MONTHS).orElseThrow();
        assertThat(due.dueOn()).isEqualTo(DETAINED.plusMonths(6).plusDays(1));
        Detention decided = with(juvenile, b -> b.caseFile(new Detention.Case("LHR-001-5-2025", DETAINED, DETAINED, "FINAL", true, "LHR-SJ", List.of())));
        assertThat(only(decided, DETAINED.plusMonths(7), AlertRule.JUVENILE_HEINOUS_OVER_6_MONTHS)).isEmpty();
        assertThat(only(with(juvenile, b -> b.age(19)), DETAINED.plusMonths(7), AlertRule.JUVENILE_HEINOUS_OVER_6_MONTHS)).isEmpty();
    }

    @Test
    void aDetainedAccusedWithNoChallanIsReportedOnTheSeventeenthDayAfterTheFir() {
        LocalDate fir = DETAINED;
        Detention noChallan = with(man(THEFT), b -> b.caseFile(new Detention.Case("LHR-001-5-2025", fir, null, null, false, "LHR-SJ", List.of())));
        assertThat(only(noChallan, fir.plusDays(16), AlertRule.CHALLAN_OVERDUE)).isEmpty();
        Finding due = only(noChallan, fir.plusDays(17), AlertRule.CHALLAN_OVERDUE).orElseThrow();
        assertThat(due.dueOn()).isEqualTo(fir.plusDays(17));
        assertThat(due.facts()).containsEntry("firDate", fir.toString()).containsEntry("challanDueBy", fir.plusDays(17).toString());
        Detention challaned = with(noChallan, b -> b.caseFile(new Detention.Case("LHR-001-5-2025", fir, fir.plusDays(20), "INTERIM", false, "LHR-SJ", List.of())));
        assertThat(only(challaned, fir.plusDays(30), AlertRule.CHALLAN_OVERDUE)).isEmpty();
    }

    @Test
    void aRemandLapsesFifteenDaysAfterTheLastOrderUnlessAWarrantOrNextDateCoversIt() {
        settings.setRemandWarningDays(0);
        Detention admitted = with(man(THEFT), b -> b.status("JUDICIAL_REMAND"));
        assertThat(only(admitted, DETAINED.plusDays(14), AlertRule.REMAND_LAPSING)).isEmpty();
        Finding lapsing = only(admitted, DETAINED.plusDays(15), AlertRule.REMAND_LAPSING).orElseThrow();
        assertThat(lapsing.state()).isEqualTo("WARNING");
        assertThat(lapsing.dueOn()).isEqualTo(DETAINED.plusDays(15));
        assertThat(only(admitted, DETAINED.plusDays(16), AlertRule.REMAND_LAPSING).orElseThrow().state()).isEqualTo("DUE");
        // A warrant running to day 20 covers day 16; a next court date fixed for day 25 covers day 22.
        Detention warrant = with(admitted, b -> b.remandUntil(DETAINED.plusDays(20)));
        assertThat(only(warrant, DETAINED.plusDays(16), AlertRule.REMAND_LAPSING)).isEmpty();
        List<CourtDate> hearings = List.of(new CourtDate(DETAINED.plusDays(10), "PRODUCED", null, "COURT", DETAINED.plusDays(25)));
        Detention nextDate = with(admitted, b -> b.caseFile(new Detention.Case("LHR-001-5-2025", DETAINED, DETAINED, "FINAL", false, "LHR-SJ", hearings)));
        assertThat(only(nextDate, DETAINED.plusDays(22), AlertRule.REMAND_LAPSING)).isEmpty();
        assertThat(only(nextDate, DETAINED.plusDays(26), AlertRule.REMAND_LAPSING).orElseThrow().facts())
                .containsEntry("coveredUntil", DETAINED.plusDays(25).toString());
    }

    @Test
    void aPrisonerNotProducedAtTheLastHearingIsReportedWithTheReasonUntilProducedAgain() {
        List<CourtDate> hearings = new ArrayList<>(List.of(
                new CourtDate(DETAINED.plusDays(20), "PRODUCED", null, null, null),
                new CourtDate(DETAINED.plusDays(40), "NOT_PRODUCED", "POLICE GUARD NOT AVAILABLE", "COURT", DETAINED.plusDays(50))));
        Detention d = with(man(THEFT), b -> b.caseFile(new Detention.Case("LHR-001-5-2025", DETAINED, DETAINED, "FINAL", false, "LHR-SJ", hearings)));
        Finding found = only(d, DETAINED.plusDays(41), AlertRule.NOT_PRODUCED).orElseThrow();
        assertThat(found.facts()).containsEntry("reason", "POLICE GUARD NOT AVAILABLE").containsEntry("hearingDate", DETAINED.plusDays(40).toString());
        hearings.add(new CourtDate(DETAINED.plusDays(50), "VIDEO_LINK", null, null, null));
        Detention produced = with(d, b -> b.caseFile(new Detention.Case("LHR-001-5-2025", DETAINED, DETAINED, "FINAL", false, "LHR-SJ", hearings)));
        assertThat(only(produced, DETAINED.plusDays(51), AlertRule.NOT_PRODUCED)).isEmpty();
    }

    @Test
    void bailGrantedButStillHeldIsReportedAfterTheConfiguredDays() {
        LocalDate bail = DETAINED.plusMonths(2);
        Detention d = with(man(THEFT), b -> b.accused(new Detention.Accused("7", "CNIC_AND_FIR", false, false, List.of(bail))));
        assertThat(only(d, bail.plusDays(2), AlertRule.BAIL_NOT_RELEASED)).isEmpty();
        assertThat(only(d, bail.plusDays(3), AlertRule.BAIL_NOT_RELEASED).orElseThrow().facts()).containsEntry("bailGrantedOn", bail.toString());
        assertThat(only(with(d, b -> b.releasedOn(bail.plusDays(1))), bail.plusDays(5), AlertRule.BAIL_NOT_RELEASED)).isEmpty();
        Detention unlinked = with(d, b -> b.accused(null));
        assertThat(only(unlinked, bail.plusDays(5), AlertRule.BAIL_NOT_RELEASED)).isEmpty();
    }

    @Test
    void orphansOnEitherSideAreReportedAfterTheGraceDays() {
        Detention noCase = with(man(THEFT), b -> b.caseFile(null).accused(null));
        assertThat(only(noCase, DETAINED.plusDays(1), AlertRule.ORPHAN_IN_PMIS)).isEmpty();
        assertThat(only(noCase, DETAINED.plusDays(2), AlertRule.ORPHAN_IN_PMIS).orElseThrow().summary()).contains("LHR-001-5-2025");
        assertThat(only(man(THEFT), DETAINED.plusDays(30), AlertRule.ORPHAN_IN_PMIS)).isEmpty();
        assertThat(rules.orphanInCfms("9", "LHR-001-5-2025", DETAINED, DETAINED.plusDays(1))).isEmpty();
        Finding cfms = rules.orphanInCfms("9", "LHR-001-5-2025", DETAINED, DETAINED.plusDays(2)).orElseThrow();
        assertThat(cfms.alertId()).isEqualTo("ORPHAN_IN_CFMS:cfms:9");
        assertThat(cfms.subject()).containsEntry("cfmsAccusedId", 9L);
    }

    @Test
    void everyAlertWordsTheLawAsEligibilityForTheCourtToConsider() {
        for (AlertRule rule : AlertRule.values()) {
            assertThat(rule.title() + rule.legalBasis()).doesNotContainIgnoringCase("must be released").isNotBlank();
        }
    }

    private Optional<Finding> only(Detention d, LocalDate today, AlertRule rule) {
        return rules.evaluate(d, today).stream().filter(f -> f.rule() == rule).findFirst();
    }

    /** Changes one fact of a detention at a time, so each row of a table says only what it is about. */
    static final class Builder {
        private String gender;
        private Integer age;
        private boolean juvenile;
        private boolean sick;
        private int children;
        private String status;
        private String jailCategory;
        private LocalDate releasedOn;
        private LocalDate remandUntil;
        private Detention.Case caseFile;
        private Detention.Accused accused;
        private final Detention base;

        Builder(Detention d) {
            base = d;
            gender = d.gender();
            age = d.age();
            juvenile = d.juvenile();
            sick = d.sick();
            children = d.childrenWithMother();
            status = d.custodyStatus();
            jailCategory = d.jailCategory();
            releasedOn = d.releasedOn();
            remandUntil = d.remandUntil();
            caseFile = d.caseFile();
            accused = d.accused();
        }

        Builder gender(String v) { gender = v; return this; }
        Builder age(Integer v) { age = v; return this; }
        Builder juvenile(boolean v) { juvenile = v; return this; }
        Builder sick(boolean v) { sick = v; return this; }
        Builder children(int v) { children = v; return this; }
        Builder status(String v) { status = v; return this; }
        Builder jailCategory(String v) { jailCategory = v; return this; }
        Builder releasedOn(LocalDate v) { releasedOn = v; return this; }
        Builder remandUntil(LocalDate v) { remandUntil = v; return this; }
        Builder caseFile(Detention.Case v) { caseFile = v; return this; }
        Builder accused(Detention.Accused v) { accused = v; return this; }

        Detention build() {
            return new Detention(base.episodeKey(), base.jailCode(), jailCategory, base.prisonerNumber(), base.firKey(), gender, age,
                    juvenile, sick, children, status, base.admittedOn(), base.detainedSince(), releasedOn, remandUntil,
                    base.offences(), caseFile, accused);
        }
    }
}
