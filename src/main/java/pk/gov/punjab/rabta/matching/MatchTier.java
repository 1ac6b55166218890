package pk.gov.punjab.rabta.matching;

/** How strongly a PMIS prisoner and a CFMS accused are taken to be the same person in the same case. */
public enum MatchTier {
    /** CNIC and FIR key agree: linked without a person looking. */
    AUTO,
    /** FIR key, name, relative's name, gender and age band agree: a person confirms or rejects. */
    CANDIDATE,
    /** Weaker evidence links nothing. */
    NONE
}
