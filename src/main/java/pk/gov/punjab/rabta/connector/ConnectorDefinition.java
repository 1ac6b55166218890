package pk.gov.punjab.rabta.connector;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One external system as described by a file under connectors/: its id (the file name), the department system it
 * speaks for, and its JDBC settings with placeholders already resolved.
 */
public record ConnectorDefinition(
        String id,
        String system,
        String title,
        String type,
        Path file,
        Map<String, String> settings,
        Map<String, ParameterDescription> parameters) {

    public String setting(String name) {
        return settings.get(name);
    }

    public record ParameterDescription(String title, String description, boolean required, boolean sensitive) {
    }

    static Map<String, String> copy(Map<String, String> settings) {
        return new LinkedHashMap<>(settings);
    }
}
