package pk.gov.punjab.rabta.definition;

/** A route, connector, mapping, schema or code table that cannot be used as written; the message names the file and the key. */
public class DefinitionException extends RuntimeException {
    public DefinitionException(String message) {
        super(message);
    }

    public DefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
