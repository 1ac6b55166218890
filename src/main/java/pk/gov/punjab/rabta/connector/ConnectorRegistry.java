package pk.gov.punjab.rabta.connector;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.definition.DefinitionFiles;
import pk.gov.punjab.rabta.RabtaPaths;

/** Loads connectors/*.yaml once at start-up and owns one pooled DataSource per database connector. */
@Component
public class ConnectorRegistry implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ConnectorRegistry.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, ConnectorDefinition> connectors = new LinkedHashMap<>();
    private final Map<String, HikariDataSource> dataSources = new LinkedHashMap<>();

    public ConnectorRegistry(RabtaPaths paths, Environment environment) {
        for (Path file : DefinitionFiles.list(paths.connectors(), ".yaml")) {
            ConnectorDefinition connector = read(file, environment);
            connectors.put(connector.id(), connector);
        }
        log.info("Loaded {} connector(s): {}", connectors.size(), connectors.keySet());
    }

    static ConnectorDefinition read(Path file, Environment environment) {
        String where = file.getFileName().toString();
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new DefinitionException(where + ": not valid YAML: " + e.getMessage(), e);
        }
        String id = text(root, "connector", where);
        String expectedId = where.substring(0, where.length() - ".yaml".length());
        if (!id.equals(expectedId)) {
            throw new DefinitionException(where + ": connector id '" + id + "' must equal the file name '" + expectedId + "'");
        }
        Map<String, ConnectorDefinition.ParameterDescription> parameters = new LinkedHashMap<>();
        root.path("parameters").fields().forEachRemaining(e -> parameters.put(e.getKey(),
                new ConnectorDefinition.ParameterDescription(
                        e.getValue().path("title").asText(e.getKey()),
                        e.getValue().path("description").asText(""),
                        e.getValue().path("required").asBoolean(false),
                        e.getValue().path("sensitive").asBoolean(false))));
        String type = root.path("type").asText("jdbc");
        Map<String, String> settings = new LinkedHashMap<>();
        // The block named after the type (jdbc:, soap:) gives plain settings; the other blocks are read as block.key.
        root.fields().forEachRemaining(block -> {
            if (block.getValue().isObject() && !block.getKey().equals("parameters")) {
                String prefix = block.getKey().equals(type) ? "" : block.getKey() + ".";
                block.getValue().fields().forEachRemaining(e -> settings.put(prefix + e.getKey(), Placeholders.resolve(e.getValue().asText(),
                        environment::getProperty, where + " " + block.getKey() + "." + e.getKey())));
            }
        });
        return new ConnectorDefinition(id, text(root, "system", where), root.path("title").asText(id), type, file, settings, parameters);
    }

    private static String text(JsonNode root, String field, String where) {
        JsonNode node = root.get(field);
        if (node == null || node.asText().isBlank()) {
            throw new DefinitionException(where + ": required key '" + field + "' is missing");
        }
        return node.asText();
    }

    public ConnectorDefinition connector(String id) {
        ConnectorDefinition connector = connectors.get(id);
        if (connector == null) {
            throw new DefinitionException("No connector '" + id + "' under connectors/ (known: " + connectors.keySet() + ")");
        }
        return connector;
    }

    public Collection<ConnectorDefinition> all() {
        return connectors.values();
    }

    /** The connector's pooled DataSource, created on first use so that a connector nobody uses opens nothing. */
    public synchronized DataSource dataSource(String id) {
        return dataSources.computeIfAbsent(id, key -> {
            ConnectorDefinition connector = connector(key);
            if (!"jdbc".equals(connector.type())) {
                throw new DefinitionException("Connector '" + key + "' is of type " + connector.type() + ", not a database");
            }
            HikariConfig config = new HikariConfig();
            config.setPoolName("connector-" + key);
            config.setJdbcUrl(connector.setting("url"));
            config.setUsername(connector.setting("username"));
            config.setPassword(connector.setting("password"));
            config.setMaximumPoolSize(Integer.parseInt(connector.settings().getOrDefault("pool-size", "4")));
            // Fail fast is wrong for a department database: start anyway and let health and retries report it.
            config.setInitializationFailTimeout(-1);
            config.setConnectionTimeout(5_000);
            return new HikariDataSource(config);
        });
    }

    public List<String> ids() {
        return new ArrayList<>(connectors.keySet());
    }

    @Override
    public synchronized void destroy() {
        dataSources.values().forEach(HikariDataSource::close);
        dataSources.clear();
    }
}
