package pk.gov.punjab.rabta.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import org.springframework.util.PropertyPlaceholderHelper;

import pk.gov.punjab.rabta.RabtaPaths;
import pk.gov.punjab.rabta.definition.DefinitionFiles;
import pk.gov.punjab.rabta.definition.YamlNode;
import pk.gov.punjab.rabta.record.RecordJson;

/**
 * The rows the bus's captures last sent, as kept in its state database (rabta_capture_seen): one row per source key,
 * the latest content sent, so a mapping can be tried on real data without touching the sources.
 */
final class CaptureLedger {
    private static final int H2_IN_USE = 90020;
    private static final int H2_NOT_FOUND = 90146;
    private static final String DELETED = "deleted:";

    private CaptureLedger() {
    }

    /** A capturing route that hands its rows straight to a mapping; its id is the route_id the ledger keeps rows under. */
    record Feed(String routeId, String connector) {
    }

    /** A state database that cannot be read, with what to do about it. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    /** Routes under routes/ that start with capture:CONNECTOR and send their rows to mapping:NAME. */
    static List<Feed> feeds(RabtaPaths paths, String mapping) {
        List<Feed> feeds = new ArrayList<>();
        for (Path file : DefinitionFiles.list(paths.routes(), ".camel.yaml")) {
            YamlNode root = YamlNode.load(file);
            if (!root.isList()) {
                continue;
            }
            for (YamlNode item : root.items()) {
                YamlNode route = item.get("route");
                YamlNode from = route == null ? null : route.get("from");
                YamlNode uri = from == null ? null : from.get("uri");
                if (uri == null || !uri.isScalar() || !uri.text().startsWith("capture:")) {
                    continue;
                }
                if (sendsTo(route, mapping)) {
                    feeds.add(new Feed(route.require("id").text(), target(uri.text())));
                }
            }
        }
        return feeds;
    }

    private static boolean sendsTo(YamlNode node, String mapping) {
        if (node.isMap()) {
            for (var entry : node.entries().entrySet()) {
                YamlNode value = entry.getValue();
                boolean endpoint = (entry.getKey().equals("to") || entry.getKey().equals("uri")) && value.isScalar();
                if (endpoint ? value.text().startsWith("mapping:") && target(value.text()).equals(mapping) : sendsTo(value, mapping)) {
                    return true;
                }
            }
        } else if (node.isList()) {
            return node.items().stream().anyMatch(item -> sendsTo(item, mapping));
        }
        return false;
    }

    /** The part of an endpoint URI after the scheme, without options: capture:pmis-db?x=1 gives pmis-db. */
    private static String target(String uri) {
        String target = uri.substring(uri.indexOf(':') + 1).replaceFirst("^//", "");
        int options = target.indexOf('?');
        return options < 0 ? target : target.substring(0, options);
    }

    /** The system a connector names (PMIS, CFMS), which the canonical envelope records as the source. */
    static String system(RabtaPaths paths, String connector) {
        return YamlNode.load(paths.connectors().resolve(connector + ".yaml")).require("system").text();
    }

    /** The newest rows the routes sent, newest first, at most count of them. */
    static List<MappingDiff.Input> lastRows(Function<String, String> properties, Path home, List<String> routeIds, int count)
            throws Unreadable {
        String url = stateDatabaseUrl(properties, home);
        String sql = "SELECT route_id, source_key, row_hash, row_json FROM rabta_capture_seen"
                + " WHERE row_json IS NOT NULL AND route_id IN ("
                + String.join(", ", Collections.nCopies(routeIds.size(), "?")) + ") ORDER BY watermark DESC, source_key DESC";
        try (Connection connection = DriverManager.getConnection(url, resolved(properties, "spring.datasource.username"),
                resolved(properties, "spring.datasource.password"));
             PreparedStatement query = connection.prepareStatement(sql)) {
            connection.setReadOnly(true);
            for (int i = 0; i < routeIds.size(); i++) {
                query.setString(i + 1, routeIds.get(i));
            }
            query.setMaxRows(count);
            List<MappingDiff.Input> rows = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String label = (routeIds.size() > 1 ? rs.getString(1) + " " : "") + rs.getString(2);
                    String operation = rs.getString(3).startsWith(DELETED) ? "DELETE" : "UPSERT";
                    rows.add(new MappingDiff.Input(label, RecordJson.readMap(rs.getString(4)), operation));
                }
            }
            return rows;
        } catch (SQLException e) {
            String where = url.replaceFirst("[;?].*$", "");
            if (e.getErrorCode() == H2_IN_USE) {
                throw new Unreadable("the bus's state database " + where + " is open in the running bus, and H2 lets one process"
                        + " open it at a time; stop the bus, or give --sample FILE");
            }
            if (e.getErrorCode() == H2_NOT_FOUND) {
                throw new Unreadable("no state database at " + where + ": the bus has not run with this configuration yet");
            }
            throw new Unreadable("cannot read the captured rows from " + where + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * spring.datasource.url as the bus resolves it. A relative H2 file path is taken from the home folder, where the bus
     * runs; an H2 database is opened read-only and never created.
     */
    static String stateDatabaseUrl(Function<String, String> properties, Path home) throws Unreadable {
        String url = resolved(properties, "spring.datasource.url");
        if (url == null || url.isBlank()) {
            throw new Unreadable("spring.datasource.url is set neither in config/application.yaml nor in the environment");
        }
        String h2File = "jdbc:h2:file:";
        if (!url.startsWith(h2File)) {
            return url;
        }
        String file = url.substring(h2File.length());
        int settings = file.indexOf(';');
        String path = settings < 0 ? file : file.substring(0, settings);
        String rest = settings < 0 ? "" : file.substring(settings);
        if (!path.startsWith("~") && !Path.of(path).isAbsolute()) {
            path = home.toAbsolutePath().resolve(path).normalize().toString();
        }
        return h2File + path + rest + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r";
    }

    private static String resolved(Function<String, String> properties, String key) {
        String value = properties.apply(key);
        return value == null ? null
                : new PropertyPlaceholderHelper("${", "}", ":", null, true).replacePlaceholders(value, properties::apply);
    }
}
