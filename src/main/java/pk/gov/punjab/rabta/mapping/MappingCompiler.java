package pk.gov.punjab.rabta.mapping;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.definition.YamlNode;

/** Turns a mapping file into a {@link CompiledMapping}; every error names the file, line, column and key. */
public final class MappingCompiler {
    static final Set<String> TOP_KEYS = Set.of("mapping", "version", "description", "source", "produces", "key", "let", "fields");
    static final Set<String> RULE_KEYS = Set.of("from", "value", "default", "required", "transform", "lookup", "format",
            "output-format", "zone", "separator", "description");
    public static final String ROW = "row";

    private final CodeTables codes;
    private final SchemaRegistry schemas;

    public MappingCompiler(CodeTables codes, SchemaRegistry schemas) {
        this.codes = codes;
        this.schemas = schemas;
    }

    public CompiledMapping compile(Path file) {
        String fileName = file.getFileName().toString();
        return compile(file, fileName.substring(0, fileName.lastIndexOf('.')));
    }

    /** Compiles a file whose name is not the mapping's own, e.g. an earlier version kept as NAME.v1.yaml. */
    public CompiledMapping compile(Path file, String expected) {
        YamlNode root = YamlNode.load(file);
        if (!root.isMap()) {
            throw new DefinitionException(root.where() + ": a mapping file is a map with keys " + TOP_KEYS);
        }
        root.allowOnly(TOP_KEYS);
        String name = root.require("mapping").text();
        if (!name.equals(expected)) {
            throw new DefinitionException(root.require("mapping").where() + ": mapping name '" + name
                    + "' must equal the file name '" + expected + "'");
        }
        int version = root.require("version").integer();
        String produces = root.require("produces").text();
        String recordType = null;
        int schemaVersion = 0;
        SchemaRegistry.Validator validator = record -> {
        };
        List<String[]> keyPaths = new ArrayList<>();
        if (!ROW.equals(produces)) {
            int slash = produces.indexOf("/v");
            if (slash < 0) {
                throw new DefinitionException(root.require("produces").where() + ": produces is '<record-type>/v<version>' or 'row', found '" + produces + "'");
            }
            if (!schemas.has(produces)) {
                throw new DefinitionException(root.require("produces").where() + ": no schema '" + produces
                        + "' under mappings/schemas/ (known: " + schemas.names() + ")");
            }
            recordType = produces.substring(0, slash);
            schemaVersion = Integer.parseInt(produces.substring(slash + 2));
            validator = schemas.validatorFor(produces);
            for (String key : root.require("key").texts()) {
                keyPaths.add(key.split("\\."));
            }
        }
        List<FieldRule> lets = new ArrayList<>();
        YamlNode letNode = root.get("let");
        if (letNode != null) {
            for (Map.Entry<String, YamlNode> e : letNode.entries().entrySet()) {
                lets.add(compileRule(e.getKey(), e.getValue(), lets));
            }
        }
        List<FieldRule> fields = new ArrayList<>();
        for (Map.Entry<String, YamlNode> e : root.require("fields").entries().entrySet()) {
            fields.add(compileRule(e.getKey(), e.getValue(), lets));
        }
        if (recordType != null) {
            checkKeysAreFields(root.require("key"), keyPaths, fields);
        }
        return new CompiledMapping(name, version, recordType, schemaVersion, keyPaths, lets, fields, validator);
    }

    private static void checkKeysAreFields(YamlNode keyNode, List<String[]> keyPaths, List<FieldRule> fields) {
        for (String[] path : keyPaths) {
            String joined = String.join(".", path);
            if (fields.stream().noneMatch(f -> f.name().equals(joined))) {
                throw new DefinitionException(keyNode.where() + ": key '" + joined + "' is not one of the mapping's fields");
            }
        }
    }

    private FieldRule compileRule(String name, YamlNode rule, List<FieldRule> lets) {
        if (rule.isScalar()) {
            return compileRule(name, null, rule.text(), rule, lets);
        }
        rule.allowOnly(RULE_KEYS);
        return compileRule(name, rule, null, rule, lets);
    }

    private FieldRule compileRule(String name, YamlNode rule, String shorthandFrom, YamlNode at, List<FieldRule> lets) {
        List<String[]> sources = new ArrayList<>();
        List<String> from = shorthandFrom != null ? List.of(shorthandFrom)
                : rule.get("from") == null ? List.of() : rule.get("from").texts();
        for (String path : from) {
            if (path.startsWith("$") && lets.stream().noneMatch(l -> l.name().equals(path.substring(1)))) {
                throw new DefinitionException(at.where() + ": '" + path + "' names no earlier entry under let:");
            }
            sources.add(path.split("\\."));
        }
        Object constant = rule != null && rule.get("value") != null ? rule.get("value").text() : null;
        if (sources.isEmpty() && constant == null) {
            throw new DefinitionException(at.where() + ": field '" + name + "' needs 'from' or 'value'");
        }
        String defaultValue = rule != null && rule.get("default") != null ? rule.get("default").text() : null;
        boolean required = rule != null && rule.get("required") != null && rule.get("required").bool();
        List<ValueStep> steps = new ArrayList<>();
        if (rule != null && rule.get("transform") != null) {
            for (YamlNode t : rule.get("transform").items()) {
                steps.add(Transforms.compile(t.text(), rule, codes, t.where()));
            }
        }
        if (rule != null && rule.get("lookup") != null) {
            steps.add(Transforms.lookup(rule.get("lookup"), codes));
        }
        DateTimeFormatter outputFormat = null;
        if (rule != null && rule.get("output-format") != null) {
            try {
                outputFormat = DateTimeFormatter.ofPattern(rule.get("output-format").text());
            } catch (IllegalArgumentException e) {
                throw new DefinitionException(rule.get("output-format").where() + ": bad date pattern: " + e.getMessage());
            }
        }
        return new FieldRule(name, sources, constant, defaultValue, required, steps, outputFormat);
    }
}
