package pk.gov.punjab.rabta.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import pk.gov.punjab.rabta.RabtaPaths;
import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.mapping.CompiledMapping;
import pk.gov.punjab.rabta.mapping.MappingCompiler;
import pk.gov.punjab.rabta.mapping.MappingException;
import pk.gov.punjab.rabta.mapping.SchemaRegistry;
import pk.gov.punjab.rabta.record.RecordJson;

/** rabta mapping ...: try a mapping on records before it goes live. */
@Command(name = "mapping", mixinStandardHelpOptions = true,
        description = "Try mappings on sample records; compare a mapping with its kept earlier version.",
        subcommands = {MappingCommands.Test.class, MappingCommands.Diff.class, MappingCommands.Freeze.class})
class MappingCommands implements Runnable {
    /** The envelope's source system when nothing names one: the bus itself, which every schema knows. */
    static final String UNKNOWN_SOURCE = "RABTA";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Why a record failed, as the dead-letter queue would say: reason, field, raw value and detail. */
    static String failure(MappingException e) {
        return e.reason() + " field '" + e.field() + "'" + (e.rawValue() == null ? "" : " value '" + e.rawValue() + "'") + ": "
                + e.detail();
    }

    /** Where an earlier version of a mapping is kept: mappings/versions/NAME.vN.yaml, out of the bus's sight. */
    static Path keptVersion(RabtaPaths paths, String name, int version) {
        return paths.mappings().resolve("versions").resolve(name + ".v" + version + ".yaml");
    }

    /**
     * The system a mapping's records come from, as the bus stamps it into the envelope: that of the connector its source:
     * names ("pmis-db ADMSN"), else that of the first route capturing into it; null when neither says.
     */
    static String sourceSystem(RabtaPaths paths, CompiledMapping mapping) {
        if (mapping.source() != null && !mapping.source().isBlank()) {
            String connector = mapping.source().trim().split("\\s+")[0];
            if (Files.isRegularFile(paths.connectors().resolve(connector + ".yaml"))) {
                return CaptureLedger.system(paths, connector);
            }
        }
        List<CaptureLedger.Feed> feeds = CaptureLedger.feeds(paths, mapping.name());
        return feeds.isEmpty() ? null : CaptureLedger.system(paths, feeds.get(0).connector());
    }

    private static MappingCompiler compiler(RabtaPaths paths) {
        return new MappingCompiler(new CodeTables(paths.codes()), new SchemaRegistry(paths.schemas()));
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Applies mappings/NAME.yaml to each record of FILE (a JSON object, a JSON array of objects, or a CSV with a"
                    + " header line) and prints each mapped record or its error, record by record.")
    static class Test implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "the mapping, as named in mappings/NAME.yaml")
        String name;

        @Parameters(index = "1", paramLabel = "FILE", description = "sample records: .json or .csv")
        Path file;

        @Option(names = "--source-system", paramLabel = "SYSTEM",
                description = "the source system stamped into each record's envelope (default: that of the connector the"
                        + " mapping's source: names, else of the route capturing into it, else " + UNKNOWN_SOURCE + ")")
        String sourceSystem;

        @CommandLine.Mixin
        RabtaCli.Home home = new RabtaCli.Home();

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            var paths = home.paths();
            Path mappingFile = paths.mappings().resolve(name + ".yaml");
            if (!Files.isRegularFile(mappingFile)) {
                out.println("no mapping '" + name + "': " + mappingFile + " does not exist");
                return 1;
            }
            if (!Files.isRegularFile(file)) {
                out.println("no records file " + file);
                return 2;
            }
            CompiledMapping mapping;
            try {
                mapping = compiler(paths).compile(mappingFile);
            } catch (DefinitionException e) {
                out.println(e.getMessage());
                return 1;
            }
            String system = sourceSystem;
            if (system == null) {
                try {
                    system = MappingCommands.sourceSystem(paths, mapping);
                } catch (DefinitionException e) {
                    out.println(e.getMessage());
                    return 1;
                }
            }
            if (system == null) {
                system = UNKNOWN_SOURCE;
                if (!mapping.producesRow()) {
                    out.println("note: '" + name + "' has no source: connector and no route captures into it; its records say"
                            + " sourceSystem " + UNKNOWN_SOURCE + " (--source-system chooses another)");
                }
            }
            List<Map<String, Object>> records = SampleRecords.read(file);
            int failed = 0;
            for (int i = 0; i < records.size(); i++) {
                var envelope = new CompiledMapping.Envelope(system, file.getFileName() + ":" + (i + 1), 0L, Instant.now().toString(),
                        "mapping-test", "UPSERT");
                try {
                    Object body = mapping.apply(records.get(i), envelope).body();
                    out.println("record " + (i + 1) + ": " + (body instanceof String json ? json : RecordJson.write(body)));
                } catch (MappingException e) {
                    failed++;
                    out.println("record " + (i + 1) + ": " + failure(e));
                }
            }
            out.println(records.size() + " record(s): " + (records.size() - failed) + " mapped, " + failed + " failed");
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Shows what would change if the current mappings/NAME.yaml replaced version N, kept as"
                    + " mappings/versions/NAME.vN.yaml: applies both to the same records and prints each record whose output"
                    + " changes (path: old -> new), that now fails or that now passes. Exits 0 when it ran, whatever it found.")
    static class Diff implements Callable<Integer> {
        private static final int DEFAULT_LAST = 100;

        @Parameters(index = "0", paramLabel = "NAME", description = "the mapping, as named in mappings/NAME.yaml")
        String name;

        @Option(names = "--from-version", required = true, paramLabel = "N",
                description = "the version to compare with, kept as mappings/versions/NAME.vN.yaml")
        int fromVersion;

        @ArgGroup(exclusive = true)
        Records records;

        static class Records {
            @Option(names = "--sample", paramLabel = "FILE", description = "sample records: .json or .csv, as for mapping test")
            Path sample;

            @Option(names = "--last", paramLabel = "K",
                    description = "the last K rows the bus captured for this mapping, from its state database (default: "
                            + DEFAULT_LAST + ")")
            Integer last;
        }

        @CommandLine.Mixin
        RabtaCli.Home home = new RabtaCli.Home();

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            RabtaPaths paths = home.paths();
            Path currentFile = paths.mappings().resolve(name + ".yaml");
            Path keptFile = keptVersion(paths, name, fromVersion);
            if (!Files.isRegularFile(currentFile)) {
                out.println("no mapping '" + name + "': " + currentFile + " does not exist");
                return 1;
            }
            if (!Files.isRegularFile(keptFile)) {
                out.println("no kept version " + fromVersion + " of '" + name + "': " + keptFile + " does not exist;"
                        + " 'rabta mapping freeze " + name + "' keeps the current version before it is edited");
                return 1;
            }
            CompiledMapping before;
            CompiledMapping after;
            List<CaptureLedger.Feed> feeds;
            String sourceSystem;
            try {
                MappingCompiler compiler = compiler(paths);
                before = compiler.compile(keptFile, name);
                after = compiler.compile(currentFile);
                feeds = CaptureLedger.feeds(paths, name);
                // The envelope must name a source system the schema knows, found as mapping test finds it.
                String system = sourceSystem(paths, after);
                sourceSystem = system == null ? UNKNOWN_SOURCE : system;
            } catch (DefinitionException e) {
                out.println(e.getMessage());
                return 1;
            }
            if (before.version() != fromVersion) {
                out.println(keptFile + " holds version " + before.version() + " of '" + name + "', not " + fromVersion);
                return 1;
            }
            if (after.version() == fromVersion) {
                out.println(currentFile + " is still version " + fromVersion + ": raise its 'version:' when editing it, then"
                        + " compare it with the kept one");
                return 1;
            }
            List<MappingDiff.Input> inputs;
            String from;
            if (records != null && records.sample != null) {
                if (!Files.isRegularFile(records.sample)) {
                    out.println("no records file " + records.sample);
                    return 2;
                }
                List<Map<String, Object>> sample = SampleRecords.read(records.sample);
                inputs = new ArrayList<>();
                for (int i = 0; i < sample.size(); i++) {
                    inputs.add(new MappingDiff.Input("record " + (i + 1), sample.get(i), "UPSERT"));
                }
                from = records.sample.toString();
            } else {
                int last = records == null ? DEFAULT_LAST : records.last;
                if (last <= 0) {
                    out.println("--last takes a number of rows above 0");
                    return 2;
                }
                if (feeds.isEmpty()) {
                    out.println("no route under " + paths.routes() + " sends captured rows straight to mapping:" + name
                            + ", so the bus keeps no rows for it; give --sample FILE");
                    return 2;
                }
                List<String> routeIds = feeds.stream().map(CaptureLedger.Feed::routeId).toList();
                try {
                    inputs = CaptureLedger.lastRows(home.properties(), paths.home(), routeIds, last);
                } catch (CaptureLedger.Unreadable e) {
                    out.println(e.getMessage());
                    return 2;
                }
                from = "the last rows captured by " + String.join(", ", routeIds) + ", newest first";
            }
            out.println(name + " v" + fromVersion + " -> v" + after.version() + " over " + inputs.size() + " record(s) from " + from);
            new MappingDiff(before, after, sourceSystem).run(inputs, out);
            return 0;
        }
    }

    @Command(name = "freeze", mixinStandardHelpOptions = true,
            description = "Keeps the current mappings/NAME.yaml as mappings/versions/NAME.v<version>.yaml, where the bus does not"
                    + " load it; run it before editing a mapping, then 'mapping diff NAME --from-version <version>' shows what the"
                    + " edit changes.")
    static class Freeze implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "the mapping, as named in mappings/NAME.yaml")
        String name;

        @CommandLine.Mixin
        RabtaCli.Home home = new RabtaCli.Home();

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            RabtaPaths paths = home.paths();
            Path currentFile = paths.mappings().resolve(name + ".yaml");
            if (!Files.isRegularFile(currentFile)) {
                out.println("no mapping '" + name + "': " + currentFile + " does not exist");
                return 1;
            }
            CompiledMapping current;
            try {
                current = compiler(paths).compile(currentFile);
            } catch (DefinitionException e) {
                out.println(e.getMessage());
                return 1;
            }
            Path keptFile = keptVersion(paths, name, current.version());
            if (Files.exists(keptFile)) {
                if (Files.mismatch(currentFile, keptFile) == -1) {
                    out.println("version " + current.version() + " of '" + name + "' is already kept as " + keptFile);
                    return 0;
                }
                out.println(keptFile + " already holds a different version " + current.version() + " of '" + name + "'; raise the"
                        + " version: in " + currentFile + " or move the kept file away, then freeze again");
                return 1;
            }
            Files.createDirectories(keptFile.getParent());
            Files.copy(currentFile, keptFile);
            out.println("kept version " + current.version() + " of '" + name + "' as " + keptFile + "; edit " + currentFile
                    + " and raise its 'version:', then run 'rabta mapping diff " + name + " --from-version " + current.version()
                    + "'");
            return 0;
        }
    }
}
