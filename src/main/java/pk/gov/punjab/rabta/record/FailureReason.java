package pk.gov.punjab.rabta.record;

/** Why a record could not be delivered; the category a sysadmin filters dead letters by. */
public enum FailureReason {
    /** A required field is missing or a value is malformed (a bad CNIC, an impossible date). */
    VALIDATION,
    /** A code is not in its code table. */
    UNMAPPED_CODE,
    /** The canonical record does not satisfy its JSON Schema. */
    SCHEMA,
    /** A prisoner could not be linked to a case. */
    MATCHING,
    /** The target refused the record. */
    TARGET_REJECTED,
    /** Anything else; the exception says what. */
    UNEXPECTED
}
