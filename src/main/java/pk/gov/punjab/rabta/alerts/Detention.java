package pk.gov.punjab.rabta.alerts;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * What the bus knows of one prisoner's detention in one case: the PMIS custody episode, the CFMS case with that FIR
 * key (when CFMS has it) and the CFMS accused linked to the prisoner (when matching found one). The alert rules read
 * nothing else.
 */
public record Detention(
        String episodeKey,
        String jailCode,
        String jailCategory,
        String prisonerNumber,
        String firKey,
        String gender,
        Integer age,
        boolean juvenile,
        boolean sick,
        int childrenWithMother,
        String custodyStatus,
        LocalDate admittedOn,
        LocalDate detainedSince,
        LocalDate releasedOn,
        LocalDate remandUntil,
        List<Offence> offences,
        Case caseFile,
        Accused accused) {

    /** Custody statuses of a prisoner held and not yet convicted. */
    public static final Set<String> UNDER_TRIAL_STATUSES = Set.of("UNDER_TRIAL", "JUDICIAL_REMAND");

    /** The CFMS case with this FIR key. */
    public record Case(String caseKey, LocalDate firDate, LocalDate challanDate, String challanType, boolean concluded,
                       String courtCode, List<CourtDate> hearings) {
    }

    /** The CFMS accused linked to the prisoner, with the facts only CFMS knows, and how the link was made. */
    public record Accused(String accusedKey, String linkTier, boolean previousConviction, boolean dangerous,
                          List<LocalDate> bailGrantedOn) {
    }

    public boolean woman() {
        return "FEMALE".equals(gender);
    }

    /** A prisoner who is held and not yet convicted: on judicial remand or under trial, and not released. */
    public boolean underTrialInCustody() {
        return releasedOn == null && UNDER_TRIAL_STATUSES.contains(custodyStatus);
    }

    /** A juvenile by PMIS's flag or by recorded age below 18. */
    public boolean isJuvenile() {
        return juvenile || (age != null && age < 18);
    }

    public boolean capital() {
        return offences.stream().anyMatch(Offence::capital);
    }

    public boolean trialConcluded() {
        return caseFile != null && caseFile.concluded();
    }

    /** A borstal is the juvenile's lawful place; any other jail is "a jail" in the sense of the Juvenile Justice Act. */
    public boolean inAdultJail() {
        return !"BORSTAL".equals(jailCategory);
    }
}
