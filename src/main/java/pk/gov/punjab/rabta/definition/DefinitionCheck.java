package pk.gov.punjab.rabta.definition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import pk.gov.punjab.rabta.RabtaPaths;
import pk.gov.punjab.rabta.codes.CodeTable;
import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.connector.Placeholders;
import pk.gov.punjab.rabta.mapping.CompiledMapping;
import pk.gov.punjab.rabta.mapping.MappingCompiler;
import pk.gov.punjab.rabta.mapping.SchemaRegistry;

/**
 * Checks routes, connectors, mappings, schemas and code tables together, as an integrator's change would break them:
 * names equal file names, every referenced connector, mapping, schema, code table and placeholder exists.
 * Each problem reads "file:line:column: what is wrong".
 */
public final class DefinitionCheck {
    public static final String ERROR_HANDLING = "rabta-error-handling";
    private static final String ROUTE_SUFFIX = ".camel.yaml";

    private final RabtaPaths paths;
    private final Function<String, String> properties;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> brokenMappings = new HashSet<>();
    private final Map<String, CompiledMapping> compiled = new LinkedHashMap<>();
    private CodeTables codes;
    private SchemaRegistry schemas;

    private DefinitionCheck(RabtaPaths paths, Function<String, String> properties) {
        this.paths = paths;
        this.properties = properties;
    }

    /** Every problem found; empty when the definitions are consistent. */
    public static List<String> run(RabtaPaths paths, Function<String, String> properties) {
        return check(paths, properties).problems();
    }

    /** Every problem found, with what was read and compiled on the way, so a reload uses exactly what it checked. */
    public static Result check(RabtaPaths paths, Function<String, String> properties) {
        DefinitionCheck check = new DefinitionCheck(paths, properties);
        check.checkAll();
        return new Result(List.copyOf(check.problems), check.codes, check.schemas, Collections.unmodifiableMap(check.compiled));
    }

    /** The problems, and the code tables, schemas and mappings as read; the latter are complete only without problems. */
    public record Result(List<String> problems, CodeTables codes, SchemaRegistry schemas, Map<String, CompiledMapping> mappings) {
    }

    private void checkAll() {
        codes = attempt(paths.codes(), () -> new CodeTables(paths.codes()));
        schemas = attempt(paths.schemas(), () -> new SchemaRegistry(paths.schemas()));
        if (codes != null) {
            codes.names().forEach(name -> checkCodeTable(codes.table(name)));
        }
        Set<String> connectors = new HashSet<>();
        for (Path file : DefinitionFiles.list(paths.connectors(), ".yaml")) {
            String id;
            try {
                id = checkConnector(file);
            } catch (RuntimeException e) {
                problems.add(problem(file, e));
                id = null;
            }
            if (id != null) {
                connectors.add(id);
            }
        }
        Set<String> mappings = new HashSet<>();
        if (codes != null && schemas != null) {
            MappingCompiler compiler = new MappingCompiler(codes, schemas);
            for (Path file : DefinitionFiles.list(paths.mappings(), ".yaml")) {
                try {
                    CompiledMapping mapping = compiler.compile(file);
                    compiled.put(mapping.name(), mapping);
                    mappings.add(mapping.name());
                } catch (RuntimeException e) {
                    problems.add(problem(file, e));
                    // Reported once, here: a route naming it is not wrong as well.
                    brokenMappings.add(baseName(file, ".yaml"));
                }
            }
        } else {
            // Not compiled for want of code tables or schemas, whose problem is already listed.
            DefinitionFiles.list(paths.mappings(), ".yaml").forEach(file -> brokenMappings.add(baseName(file, ".yaml")));
        }
        for (Path file : DefinitionFiles.list(paths.routes(), ROUTE_SUFFIX)) {
            try {
                checkRoutes(file, connectors, mappings);
            } catch (RuntimeException e) {
                problems.add(problem(file, e));
            }
        }
    }

    /** A definition error as it reads; anything else that stopped the check of a file, with that file's name. */
    private static String problem(Path file, RuntimeException e) {
        return e instanceof DefinitionException ? e.getMessage() : file.getFileName() + ": cannot be checked: " + e;
    }

    private <T> T attempt(Path folder, java.util.function.Supplier<T> load) {
        try {
            return load.get();
        } catch (DefinitionException e) {
            problems.add(e.getMessage());
            return null;
        } catch (RuntimeException e) {
            problems.add(folder + ": cannot be read: " + e);
            return null;
        }
    }

    private void checkCodeTable(CodeTable table) {
        String key = table.columns().get(0);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < table.rows().size(); i++) {
            String value = table.rows().get(i).get(key);
            if (value.isEmpty() || !seen.add(value.toUpperCase(java.util.Locale.ROOT))) {
                problems.add(table.name() + ".csv: row " + (i + 2) + ": " + key + " '" + value + "' is empty or repeated; the first column is the table's key");
            }
        }
    }

    private String checkConnector(Path file) {
        try {
            YamlNode root = YamlNode.load(file);
            String expected = baseName(file, ".yaml");
            String id = root.require("connector").text();
            if (!id.equals(expected)) {
                problems.add(root.require("connector").where() + ": connector id '" + id + "' must equal the file name '" + expected + "'");
            }
            root.require("system");
            YamlNode parameters = root.get("parameters");
            Set<String> described = parameters == null ? Set.of() : parameters.entries().keySet();
            for (Placeholders.Placeholder p : placeholders(file)) {
                if (!described.contains(p.key())) {
                    problems.add(file.getFileName() + ": placeholder {{" + p.key() + "}} is not described under parameters:");
                }
            }
            return id;
        } catch (DefinitionException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private void checkRoutes(Path file, Set<String> connectors, Set<String> mappings) {
        String flow = baseName(file, ROUTE_SUFFIX);
        try {
            YamlNode root = YamlNode.load(file);
            if (!root.isList()) {
                problems.add(root.where() + ": a route file is a list of '- route:' entries");
                return;
            }
            boolean first = true;
            for (YamlNode item : root.items()) {
                YamlNode route = item.get("route");
                if (route == null) {
                    continue;
                }
                String id = route.require("id").text();
                if (first && !id.equals(flow)) {
                    problems.add(route.require("id").where() + ": the first route's id '" + id + "' must equal the file name '" + flow + "'");
                } else if (!first && !id.startsWith(flow + "-")) {
                    problems.add(route.require("id").where() + ": route id '" + id + "' must start with '" + flow + "-'");
                }
                first = false;
                YamlNode config = route.get("routeConfigurationId");
                if (config == null || !ERROR_HANDLING.equals(config.text())) {
                    problems.add(route.where() + ": route '" + id + "' must name routeConfigurationId: " + ERROR_HANDLING);
                }
                checkUris(route, connectors, mappings);
            }
        } catch (DefinitionException e) {
            problems.add(e.getMessage());
        }
        for (Placeholders.Placeholder p : placeholders(file)) {
            if (!p.hasDefault() && properties.apply(p.key()) == null) {
                problems.add(file.getFileName() + ": placeholder {{" + p.key() + "}} is defined nowhere in config/application.yaml");
            }
        }
    }

    /** Walks the route tree and checks every endpoint URI that names a connector or a mapping. */
    private void checkUris(YamlNode node, Set<String> connectors, Set<String> mappings) {
        if (node.isMap()) {
            for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
                YamlNode value = e.getValue();
                if ((e.getKey().equals("uri") || e.getKey().equals("to") || e.getKey().equals("from")) && value.isScalar()) {
                    checkUri(value, connectors, mappings);
                } else {
                    checkUris(value, connectors, mappings);
                }
            }
        } else if (node.isList()) {
            node.items().forEach(item -> checkUris(item, connectors, mappings));
        }
    }

    private void checkUri(YamlNode uriNode, Set<String> connectors, Set<String> mappings) {
        String uri = uriNode.text();
        int colon = uri.indexOf(':');
        if (colon < 0) {
            return;
        }
        String scheme = uri.substring(0, colon);
        String target = uri.substring(colon + 1).replaceFirst("^//", "");
        int query = target.indexOf('?');
        if (query >= 0) {
            target = target.substring(0, query);
        }
        switch (scheme) {
            case "capture", "deliver", "soap" -> {
                if (!connectors.contains(target)) {
                    problems.add(uriNode.where() + ": no connector '" + target + "' (connectors/" + target + ".yaml)");
                }
            }
            case "mapping" -> {
                if (!mappings.contains(target) && !brokenMappings.contains(target)) {
                    problems.add(uriNode.where() + ": no mapping '" + target + "' (mappings/" + target + ".yaml)");
                }
            }
            default -> {
            }
        }
    }

    private List<Placeholders.Placeholder> placeholders(Path file) {
        try {
            return Placeholders.find(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            problems.add(file.getFileName() + ": cannot read: " + e.getMessage());
            return List.of();
        }
    }

    private static String baseName(Path file, String suffix) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - suffix.length());
    }
}
