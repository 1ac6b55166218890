package pk.gov.punjab.rabta;

/** Names of the message headers Rabta sets; JMS carries them as properties, so they stay Java identifiers. */
public final class RabtaHeaders {
    public static final String SOURCE_SYSTEM = "RabtaSourceSystem";
    public static final String SOURCE_TABLE = "RabtaSourceTable";
    public static final String SOURCE_KEY = "RabtaSourceKey";
    public static final String SOURCE_VERSION = "RabtaSourceVersion";
    /** SHA-256 of the source row as read, so a row changed without a new timestamp still counts as changed. */
    public static final String SOURCE_HASH = "RabtaSourceHash";
    public static final String CAPTURED_AT = "RabtaCapturedAt";
    /** UPSERT or DELETE. */
    public static final String OPERATION = "RabtaOperation";
    public static final String CORRELATION_ID = "RabtaCorrelationId";
    public static final String SOURCE_RECORD = "RabtaSourceRecord";
    public static final String RECORD_TYPE = "RabtaRecordType";
    public static final String ENTITY_KEY = "RabtaKey";
    public static final String CONTENT_HASH = "RabtaContentHash";
    public static final String MAPPING = "RabtaMapping";
    public static final String MAPPING_VERSION = "RabtaMappingVersion";
    public static final String FLOW = "RabtaFlow";

    public static final String FAILURE_REASON = "RabtaFailureReason";
    public static final String FAILURE_FIELD = "RabtaFailureField";
    public static final String FAILURE_RAW_VALUE = "RabtaFailureRawValue";
    public static final String FAILURE_MESSAGE = "RabtaFailureMessage";
    public static final String FAILURE_EXCEPTION = "RabtaFailureException";
    public static final String FAILURE_ROUTE = "RabtaFailureRoute";
    public static final String FAILURE_STEP = "RabtaFailureStep";
    public static final String FAILURE_ATTEMPTS = "RabtaFailureAttempts";
    public static final String FAILED_AT = "RabtaFailedAt";
    public static final String FIRST_FAILED_AT = "RabtaFirstFailedAt";
    public static final String DEAD_LETTER_ID = "RabtaDeadLetterId";
    /** Marks a replayed or released message: it goes to the target although its entity is parked. */
    public static final String RELEASE = "RabtaRelease";

    private RabtaHeaders() {
    }
}
