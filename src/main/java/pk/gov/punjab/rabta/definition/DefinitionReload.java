package pk.gov.punjab.rabta.definition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaPaths;
import pk.gov.punjab.rabta.flows.FlowNames;
import pk.gov.punjab.rabta.mapping.CompiledMapping;
import pk.gov.punjab.rabta.mapping.MappingRegistry;

/**
 * Reloads routes, mappings, code tables and schemas from disk while the bus runs. Everything is checked first, as at
 * start-up; on any problem nothing changes. Then the mappings (with their code tables and schemas) are replaced in one
 * step and only the route files that changed, appeared or disappeared are reloaded; a route file Camel cannot start
 * puts every route and mapping back as it was.
 */
@Component
public class DefinitionReload {
    private static final Logger log = LoggerFactory.getLogger(DefinitionReload.class);
    private static final String ROUTE_SUFFIX = ".camel.yaml";
    private static final Pattern DSL_POSITION = Pattern.compile("(?s)^(.*?)\\s+in \\S+, line (\\d+), column (\\d+)");

    private final RabtaPaths paths;
    private final Environment environment;
    private final MappingRegistry mappings;
    private final CamelContext camel;

    // What runs now, by file: route file contents (to go back to on a failed load) and digests of the other definitions.
    private Map<String, byte[]> runningRoutes;
    private Map<String, String> runningMappings;
    private Map<String, String> runningCodeTables;
    private Map<String, String> runningSchemas;

    public DefinitionReload(RabtaPaths paths, Environment environment, MappingRegistry mappings, CamelContext camel) {
        this.paths = paths;
        this.environment = environment;
        this.mappings = mappings;
        this.camel = camel;
        this.runningRoutes = contents(paths.routes(), ROUTE_SUFFIX);
        this.runningMappings = digests(paths.mappings(), ".yaml");
        this.runningCodeTables = digests(paths.codes(), ".csv");
        this.runningSchemas = digests(paths.schemas(), ".json");
    }

    /** Checks the definitions on disk and, if they are all sound, puts them in place of the running ones. */
    public synchronized Outcome reload() {
        Map<String, byte[]> routesOnDisk = contents(paths.routes(), ROUTE_SUFFIX);
        Map<String, String> mappingsOnDisk = digests(paths.mappings(), ".yaml");
        Map<String, String> codeTablesOnDisk = digests(paths.codes(), ".csv");
        Map<String, String> schemasOnDisk = digests(paths.schemas(), ".json");

        DefinitionCheck.Result check = DefinitionCheck.check(paths, environment::getProperty);
        List<String> errors = new ArrayList<>(check.problems());
        List<RouteFileChange> routeChanges = routeChanges(routesOnDisk);
        if (errors.isEmpty()) {
            errors.addAll(unversionedMappingChanges(check.mappings(), mappingsOnDisk));
            routeChanges.stream().filter(c -> c.next() != null).forEach(c -> parse(c).ifPresent(errors::add));
        }
        if (!errors.isEmpty()) {
            return refused(errors);
        }

        List<MappingChange> mappingChanges = mappingChanges(check.mappings(), mappingsOnDisk);
        MappingRegistry.Generation previous = mappings.replace(new MappingRegistry.Generation(check.mappings(), check.codes(), check.schemas()));
        List<RouteFileChange> applied = new ArrayList<>();
        for (RouteFileChange change : routeChanges) {
            applied.add(change);
            try {
                replaceRoutes(change.flow(), change.next());
            } catch (Exception e) {
                String error = describe(change, e);
                rollBack(applied);
                mappings.replace(previous);
                return refused(List.of(error));
            }
        }

        Outcome outcome = new Outcome(true, List.of(), mappingChanges, changes(runningCodeTables, codeTablesOnDisk),
                changes(runningSchemas, schemasOnDisk), new RouteChanges(
                        flows(routeChanges, Kind.ADDED), flows(routeChanges, Kind.RELOADED), flows(routeChanges, Kind.REMOVED)));
        runningRoutes = routesOnDisk;
        runningMappings = mappingsOnDisk;
        runningCodeTables = codeTablesOnDisk;
        runningSchemas = schemasOnDisk;
        log.info("Definitions reloaded: {}", summary(outcome));
        return outcome;
    }

    private static String summary(Outcome outcome) {
        List<String> parts = new ArrayList<>();
        outcome.mappings().forEach(m -> parts.add("mapping " + m.name() + " " + (m.oldVersion() == null ? "added" : "v" + m.oldVersion())
                + " -> " + (m.newVersion() == null ? "removed" : "v" + m.newVersion())));
        addNames(parts, "code tables added", outcome.codeTables().added());
        addNames(parts, "code tables changed", outcome.codeTables().changed());
        addNames(parts, "code tables removed", outcome.codeTables().removed());
        addNames(parts, "schemas added", outcome.schemas().added());
        addNames(parts, "schemas changed", outcome.schemas().changed());
        addNames(parts, "schemas removed", outcome.schemas().removed());
        addNames(parts, "routes added", outcome.routes().added());
        addNames(parts, "routes reloaded", outcome.routes().reloaded());
        addNames(parts, "routes removed", outcome.routes().removed());
        return parts.isEmpty() ? "nothing had changed" : String.join("; ", parts);
    }

    private static void addNames(List<String> parts, String what, List<String> names) {
        if (!names.isEmpty()) {
            parts.add(what + " " + names);
        }
    }

    private static Outcome refused(List<String> errors) {
        log.warn("Definitions not reloaded, the running ones stay in use; {} problem(s):\n  {}", errors.size(), String.join("\n  ", errors));
        return new Outcome(false, errors, List.of(), Changes.NONE, Changes.NONE, RouteChanges.NONE);
    }

    /** A changed mapping must say so in its version, which every record's envelope carries. */
    private List<String> unversionedMappingChanges(Map<String, CompiledMapping> compiled, Map<String, String> onDisk) {
        List<String> errors = new ArrayList<>();
        for (CompiledMapping next : compiled.values()) {
            String file = next.name() + ".yaml";
            boolean rulesChanged = runningMappings.containsKey(file) && !runningMappings.get(file).equals(onDisk.get(file));
            if (rulesChanged && mappings.names().contains(next.name()) && mappings.mapping(next.name()).version() == next.version()) {
                YamlNode version = YamlNode.load(paths.mappings().resolve(file)).require("version");
                errors.add(version.where() + ": the mapping changed but its version is still " + next.version()
                        + "; raise it, so each record's envelope tells which rules made it");
            }
        }
        return errors;
    }

    private List<MappingChange> mappingChanges(Map<String, CompiledMapping> compiled, Map<String, String> onDisk) {
        List<MappingChange> changes = new ArrayList<>();
        for (String name : new TreeSet<>(union(mappings.names(), compiled.keySet()))) {
            String file = name + ".yaml";
            if (!Objects.equals(runningMappings.get(file), onDisk.get(file))) {
                Integer before = mappings.names().contains(name) ? mappings.mapping(name).version() : null;
                Integer after = compiled.containsKey(name) ? compiled.get(name).version() : null;
                changes.add(new MappingChange(name, before, after));
            }
        }
        return changes;
    }

    private List<RouteFileChange> routeChanges(Map<String, byte[]> onDisk) {
        List<RouteFileChange> changes = new ArrayList<>();
        for (String file : new TreeSet<>(union(runningRoutes.keySet(), onDisk.keySet()))) {
            byte[] before = runningRoutes.get(file);
            byte[] after = onDisk.get(file);
            if (!Arrays.equals(before, after)) {
                changes.add(new RouteFileChange(file, file.substring(0, file.length() - ROUTE_SUFFIX.length()), before, after));
            }
        }
        return changes;
    }

    /** Reads a route file as Camel will, without adding it, so a DSL mistake is refused before anything stops. */
    private Optional<String> parse(RouteFileChange change) {
        try {
            for (RoutesBuilder builder : loader().findRoutesBuilders(List.of(resource(change.flow(), change.next())))) {
                if (builder instanceof RouteBuilder routes) {
                    routes.configureRoutes(camel);
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(dslProblem(change.file(), rootCause(e).getMessage()));
        }
    }

    /** Stops and removes the flow's routes, then loads and starts the given content of its file, if any. */
    private void replaceRoutes(String flow, byte[] content) throws Exception {
        for (Route route : List.copyOf(camel.getRoutes())) {
            if (FlowNames.of(route).equals(flow)) {
                camel.getRouteController().stopRoute(route.getRouteId());
                camel.removeRoute(route.getRouteId());
            }
        }
        if (content != null) {
            loader().updateRoutes(List.of(resource(flow, content)));
        }
    }

    /** Puts back, newest first, the route files already replaced in this reload, so the routes run as before it. */
    private void rollBack(List<RouteFileChange> applied) {
        for (int i = applied.size() - 1; i >= 0; i--) {
            RouteFileChange change = applied.get(i);
            try {
                replaceRoutes(change.flow(), change.previous());
            } catch (Exception e) {
                log.error("Could not restore the routes of {} after a failed reload: {}", change.file(), rootCause(e).getMessage(), e);
            }
        }
    }

    private String describe(RouteFileChange change, Exception e) {
        String where = change.file();
        if (e instanceof FailedToCreateRouteException failed && failed.getRouteId() != null) {
            where = routeIdPosition(change, failed.getRouteId()) + ": route '" + failed.getRouteId() + "'";
        }
        return where + " cannot start, so the routes that ran before run again: " + rootCause(e).getMessage();
    }

    /** Camel's YAML messages end with "in file:..., line L, column C:" and the line itself; this says it as file:line:column. */
    static String dslProblem(String file, String message) {
        String text = String.valueOf(message);
        Matcher position = DSL_POSITION.matcher(text);
        if (position.find()) {
            return file + ":" + position.group(2) + ":" + position.group(3) + ": " + position.group(1).strip();
        }
        return file + ": " + text.lines().findFirst().orElse(text).strip();
    }

    /** file:line:column of the route's id in the file, or the file alone when it cannot be found. */
    private String routeIdPosition(RouteFileChange change, String routeId) {
        try {
            for (YamlNode item : YamlNode.load(paths.routes().resolve(change.file())).items()) {
                YamlNode route = item.get("route");
                if (route != null && route.get("id") != null && routeId.equals(route.get("id").text())) {
                    return route.get("id").where();
                }
            }
        } catch (DefinitionException e) {
            // the file changed again since; its name alone will do
        }
        return change.file();
    }

    private Resource resource(String flow, byte[] content) {
        return ResourceHelper.fromBytes("file:" + paths.routes().resolve(flow + ROUTE_SUFFIX), content);
    }

    private RoutesLoader loader() {
        return PluginHelper.getRoutesLoader(camel);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static List<String> flows(List<RouteFileChange> changes, Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).map(RouteFileChange::flow).toList();
    }

    private static Changes changes(Map<String, String> before, Map<String, String> after) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String file : new TreeSet<>(union(before.keySet(), after.keySet()))) {
            String name = file.substring(0, file.lastIndexOf('.'));
            if (!before.containsKey(file)) {
                added.add(name);
            } else if (!after.containsKey(file)) {
                removed.add(name);
            } else if (!before.get(file).equals(after.get(file))) {
                changed.add(name);
            }
        }
        return new Changes(added, changed, removed);
    }

    private static Set<String> union(Collection<String> a, Collection<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Map<String, byte[]> contents(Path folder, String suffix) {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (Path file : DefinitionFiles.list(folder, suffix)) {
            try {
                contents.put(file.getFileName().toString(), Files.readAllBytes(file));
            } catch (IOException e) {
                throw new DefinitionException(file.getFileName() + ": cannot read: " + e.getMessage(), e);
            }
        }
        return contents;
    }

    private static Map<String, String> digests(Path folder, String suffix) {
        Map<String, String> digests = new LinkedHashMap<>();
        contents(folder, suffix).forEach((file, content) -> digests.put(file, sha256(content)));
        return digests;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private enum Kind { ADDED, RELOADED, REMOVED }

    /** One route file whose content differs from what runs; null content for a file that is new or gone. */
    private record RouteFileChange(String file, String flow, byte[] previous, byte[] next) {
        Kind kind() {
            return previous == null ? Kind.ADDED : next == null ? Kind.REMOVED : Kind.RELOADED;
        }
    }

    /** What a reload did, or, when {@code reloaded} is false, every reason it changed nothing. */
    public record Outcome(boolean reloaded, List<String> errors, List<MappingChange> mappings, Changes codeTables, Changes schemas,
                          RouteChanges routes) {
    }

    /** A mapping file that changed: its version before and after; null where it was added or removed. */
    public record MappingChange(String name, Integer oldVersion, Integer newVersion) {
    }

    /** Code tables or schemas, by name. */
    public record Changes(List<String> added, List<String> changed, List<String> removed) {
        static final Changes NONE = new Changes(List.of(), List.of(), List.of());
    }

    /** Flows (route files, by name) whose routes were added, reloaded or removed. */
    public record RouteChanges(List<String> added, List<String> reloaded, List<String> removed) {
        static final RouteChanges NONE = new RouteChanges(List.of(), List.of(), List.of());
    }
}
