package pk.gov.punjab.rabta.alerts;

/** The rules the bus checks every detention against, each with the law it comes from, in the words an alert uses. */
public enum AlertRule {
    STATUTORY_BAIL("Statutory bail: eligible for consideration",
            "CrPC s.497(1), 3rd proviso: detained over 1 year (non-capital) or 2 years (capital), for a woman 6 months "
                    + "or 1 year, trial not concluded; the clock runs from detention for that offence (2022 SCMR 1) and "
                    + "the right ripens again each further year (PLD 2023 SC 648); not where the 4th proviso applies"),
    VULNERABLE_UTP("Woman, child under 16, or sick or infirm under-trial prisoner: bail may be considered",
            "CrPC s.497(1), 1st proviso (a person under 16, a woman, a sick or infirm person); 2nd proviso (a woman "
                    + "detained 6 months continuously with the trial unfinished)"),
    JUVENILE_IN_JAIL("Juvenile held in a jail for a minor or major offence",
            "Juvenile Justice System Act 2018: minor (up to 3 years) and major (3 to 7 years) offences are bailable, "
                    + "and a juvenile may not be held in a jail or police station for them"),
    JUVENILE_HEINOUS_OVER_6_MONTHS("Juvenile held over 6 months for a heinous offence without a verdict",
            "Juvenile Justice System Act 2018, s.6(5) (bail after 6 months without a verdict) and s.4(8) (the "
                    + "juvenile court decides within 6 months)"),
    CHALLAN_OVERDUE("Detained accused with no challan by day 17 after the FIR",
            "CrPC s.173: report within 14 days of the FIR, else an interim challan within 3 more days"),
    REMAND_LAPSING("Remand lapsing: no valid warrant or next court date",
            "CrPC s.344 and s.167: remand by warrant 15 days at a time"),
    NOT_PRODUCED("Under-trial prisoner not produced at a hearing",
            "CrPC s.344: the accused is produced before the court on each date of remand or hearing"),
    BAIL_NOT_RELEASED("Bail granted but still in custody",
            "CrPC s.496 and s.497: a prisoner admitted to bail is released once the bail bond and sureties are furnished"),
    ORPHAN_IN_PMIS("Under-trial prisoner whose FIR is not in CFMS",
            "Data gap: PMIS holds the prisoner on an FIR that CFMS does not know"),
    ORPHAN_IN_CFMS("Accused shown in custody in CFMS but not found in PMIS",
            "Data gap: CFMS shows the accused in custody, and no PMIS custody episode matches");

    private final String title;
    private final String legalBasis;

    AlertRule(String title, String legalBasis) {
        this.title = title;
        this.legalBasis = legalBasis;
    }

    public String title() {
        return title;
    }

    public String legalBasis() {
        return legalBasis;
    }
}
