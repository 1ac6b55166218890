package pk.gov.punjab.rabta.mapping;

import pk.gov.punjab.rabta.record.FailureReason;

/** A record that a mapping cannot turn into its output; names the field and the raw value so a sysadmin can fix the data. */
public class MappingException extends RuntimeException {
    private final FailureReason reason;
    private final String field;
    private final String rawValue;
    private String mapping;
    private int mappingVersion;

    public MappingException(FailureReason reason, String field, Object rawValue, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
        this.rawValue = rawValue == null ? null : String.valueOf(rawValue);
    }

    /** The same failure, named from the enclosing field: code -> sections[1].code. */
    MappingException within(String path) {
        MappingException outer = new MappingException(reason, path + "." + field, rawValue, detail());
        outer.setStackTrace(getStackTrace());
        return outer;
    }

    MappingException in(String mappingName, int version) {
        if (this.mapping == null) {
            this.mapping = mappingName;
            this.mappingVersion = version;
        }
        return this;
    }

    public FailureReason reason() {
        return reason;
    }

    public String field() {
        return field;
    }

    public String rawValue() {
        return rawValue;
    }

    public String mapping() {
        return mapping;
    }

    public int mappingVersion() {
        return mappingVersion;
    }

    @Override
    public String getMessage() {
        return reason + " in " + (mapping == null ? "mapping" : mapping + " v" + mappingVersion) + ", field '" + field + "': " + super.getMessage();
    }

    /** The message without the prefix, for headers that already carry reason, mapping and field. */
    public String detail() {
        return super.getMessage();
    }
}
