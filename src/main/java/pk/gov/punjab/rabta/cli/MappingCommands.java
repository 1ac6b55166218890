package pk.gov.punjab.rabta.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.type.TypeReference;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.mapping.CompiledMapping;
import pk.gov.punjab.rabta.mapping.MappingCompiler;
import pk.gov.punjab.rabta.mapping.MappingException;
import pk.gov.punjab.rabta.mapping.SchemaRegistry;
import pk.gov.punjab.rabta.record.RecordJson;

/** rabta mapping ...: try a mapping on records before it goes live. */
@Command(name = "mapping", mixinStandardHelpOptions = true, description = "Try mappings on sample records.",
        subcommands = MappingCommands.Test.class)
class MappingCommands implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Applies mappings/NAME.yaml to each record of FILE (a JSON object, a JSON array of objects, or a CSV with a"
                    + " header line) and prints each mapped record or its error, record by record.")
    static class Test implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "the mapping, as named in mappings/NAME.yaml")
        String name;

        @Parameters(index = "1", paramLabel = "FILE", description = "sample records: .json or .csv")
        Path file;

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
                mapping = new MappingCompiler(new CodeTables(paths.codes()), new SchemaRegistry(paths.schemas()))
                        .compile(mappingFile);
            } catch (DefinitionException e) {
                out.println(e.getMessage());
                return 1;
            }
            List<Map<String, Object>> records = read(file);
            int failed = 0;
            for (int i = 0; i < records.size(); i++) {
                var envelope = new CompiledMapping.Envelope("PMIS", file.getFileName() + ":" + (i + 1), 0L, Instant.now().toString(),
                        "mapping-test", "UPSERT");
                try {
                    Object body = mapping.apply(records.get(i), envelope).body();
                    out.println("record " + (i + 1) + ": " + (body instanceof String json ? json : RecordJson.write(body)));
                } catch (MappingException e) {
                    failed++;
                    out.println("record " + (i + 1) + ": " + e.reason() + " field '" + e.field() + "'"
                            + (e.rawValue() == null ? "" : " value '" + e.rawValue() + "'") + ": " + e.detail());
                }
            }
            out.println(records.size() + " record(s): " + (records.size() - failed) + " mapped, " + failed + " failed");
            return failed == 0 ? 0 : 1;
        }

        private static List<Map<String, Object>> read(Path file) throws IOException {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (file.getFileName().toString().endsWith(".csv")) {
                List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
                List<String> header = splitCsv(lines.get(0));
                List<Map<String, Object>> records = new ArrayList<>();
                for (String line : lines.subList(1, lines.size())) {
                    List<String> values = splitCsv(line);
                    Map<String, Object> record = new LinkedHashMap<>();
                    for (int c = 0; c < header.size(); c++) {
                        record.put(header.get(c), c < values.size() && !values.get(c).isEmpty() ? values.get(c) : null);
                    }
                    records.add(record);
                }
                return records;
            }
            String trimmed = text.trim();
            if (trimmed.startsWith("[")) {
                return RecordJson.MAPPER.readValue(trimmed, new TypeReference<List<Map<String, Object>>>() {
                });
            }
            return List.of(RecordJson.readMap(trimmed));
        }

        private static List<String> splitCsv(String line) {
            return pk.gov.punjab.rabta.codes.CodeTables.splitCsvLine(line);
        }
    }
}
