package pk.gov.punjab.rabta.mapping;

import java.nio.file.Path;
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
    static final Set<String> RULE_KEYS = Set.of("from", "value", "expression", "when", "default", "required", "transform",
            "lookup", "map", "otherwise", "gender", "on-mismatch", "each", "format", "output-format", "zone", "separator",
            "description");
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
        RecordCheck check = null;
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
            check = schemas.checkFor(produces);
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
            SchemaFit.check(root.require("fields"), schemas.document(produces), schemas.fileName(produces), root.whereKey("fields"));
        }
        String source = root.get("source") == null ? null : root.get("source").text();
        return new CompiledMapping(name, version, recordType, schemaVersion, source, keyPaths, lets, fields, validator, check);
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
        return compileRule(name, rule, letNames(lets));
    }

    private static Set<String> letNames(List<FieldRule> lets) {
        Set<String> names = new java.util.HashSet<>();
        lets.forEach(l -> names.add(l.name()));
        return names;
    }

    private FieldRule compileRule(String name, YamlNode rule, Set<String> knownLets) {
        if (rule.isScalar()) {
            return FieldRule.named(name).sources(java.util.Collections.singletonList(sourcePath(rule.text(), rule, knownLets))).build();
        }
        rule.allowOnly(RULE_KEYS);
        FieldRule.Builder field = FieldRule.named(name);
        List<String[]> sources = new ArrayList<>();
        if (rule.get("from") != null) {
            for (String path : rule.get("from").texts()) {
                sources.add(sourcePath(path, rule.get("from"), knownLets));
            }
        }
        field.sources(sources);
        List<String> origins = new ArrayList<>();
        if (!sources.isEmpty()) {
            origins.add("from");
        }
        if (rule.get("value") != null) {
            origins.add("value");
            field.constant(rule.get("value").text());
        }
        if (rule.get("expression") != null) {
            origins.add("expression");
            field.expression(FieldExpression.compile(rule.get("expression").text(), rule.get("expression").where()));
        }
        if (origins.size() != 1) {
            throw new DefinitionException(rule.where() + ": field '" + name + "' needs exactly one of 'from', 'value' or 'expression'"
                    + (origins.isEmpty() ? "" : " (found " + origins + ")"));
        }
        if (rule.get("when") != null) {
            field.when(FieldCondition.compile(rule.get("when")));
        }
        if (rule.get("default") != null) {
            field.defaultValue(rule.get("default").text());
        }
        if (rule.get("required") != null) {
            field.required(rule.get("required").bool());
        }
        field.steps(compileSteps(rule));
        if (rule.get("gender") != null) {
            field.genderCheck(genderCheck(rule, knownLets));
        }
        if (rule.get("each") != null) {
            Set<String> itemLets = new java.util.HashSet<>(knownLets);
            itemLets.add("item");
            List<FieldRule> itemFields = new ArrayList<>();
            for (Map.Entry<String, YamlNode> e : rule.get("each").entries().entrySet()) {
                itemFields.add(compileRule(e.getKey(), e.getValue(), itemLets));
            }
            field.itemFields(itemFields);
        }
        if (rule.get("output-format") != null) {
            field.outputFormat(Transforms.outputFormat(rule.get("output-format"), writes(rule, "timestamp")));
        }
        return field.build();
    }

    private static boolean writes(YamlNode rule, String transform) {
        return rule.get("transform") != null && rule.get("transform").items().stream()
                .anyMatch(t -> t.isScalar() && t.text().equals(transform));
    }

    private static String[] sourcePath(String path, YamlNode at, Set<String> knownLets) {
        String[] parts = path.split("\\.");
        if (parts[0].startsWith("$") && !knownLets.contains(parts[0].substring(1))) {
            throw new DefinitionException(at.where() + ": '" + parts[0] + "' names no earlier entry under let:"
                    + (parts[0].equals("$item") ? " ($item exists only inside each:)" : ""));
        }
        return parts;
    }

    /** transform: names or { lookup: ... } / { map: ... } in order, then the field's own map: and lookup:. */
    private List<ValueStep> compileSteps(YamlNode rule) {
        List<ValueStep> steps = new ArrayList<>();
        // How many values reach the next whole-list step, where the compiler can tell; -1 where only a record can.
        int values = valuesFrom(rule);
        if (rule.get("transform") != null) {
            for (YamlNode t : rule.get("transform").items()) {
                if (t.isScalar()) {
                    if (t.text().equals("fir-key")) {
                        checkFirKeyParts(values, rule, t);
                        values = 1;
                    } else if (t.text().equals("list") || t.text().equals("join")) {
                        values = t.text().equals("join") ? 1 : -1;
                    }
                    steps.add(Transforms.compile(t.text(), rule, codes, t.where()));
                } else {
                    t.allowOnly(Set.of("lookup", "map", "otherwise"));
                    steps.add(t.get("lookup") != null ? Transforms.lookup(t.get("lookup"), codes)
                            : Transforms.enumMap(t.require("map"), t.get("otherwise")));
                }
            }
        }
        if (rule.get("map") != null) {
            steps.add(Transforms.enumMap(rule.get("map"), rule.get("otherwise")));
        } else if (rule.get("otherwise") != null) {
            throw new DefinitionException(rule.get("otherwise").where() + ": 'otherwise' belongs with 'map'");
        }
        if (rule.get("lookup") != null) {
            steps.add(Transforms.lookup(rule.get("lookup"), codes));
        }
        return steps;
    }

    /** Values a field's from: gives: a list's length, or 1 for one plain column; -1 for $let and dotted paths, which may hold lists. */
    private static int valuesFrom(YamlNode rule) {
        YamlNode from = rule.get("from");
        if (from == null) {
            return -1;
        }
        if (from.isList()) {
            return from.items().size();
        }
        String path = from.text();
        return path.startsWith("$") || path.contains(".") ? -1 : 1;
    }

    private static void checkFirKeyParts(int values, YamlNode rule, YamlNode transform) {
        if (values != -1 && values != 3 && values != 4) {
            throw new DefinitionException(transform.where() + ": fir-key takes from: [station, number, year] (a station code"
                    + " that carries its district, LHR-014) or [district, station, number, year]; "
                    + (rule.get("from").isList() ? "from: gives " + values + " value(s)" : "from: gives one column"));
        }
    }

    private GenderCheck genderCheck(YamlNode rule, Set<String> knownLets) {
        YamlNode gender = rule.get("gender");
        boolean cnic = rule.get("transform") != null && rule.get("transform").items().stream()
                .anyMatch(t -> t.isScalar() && t.text().equals("cnic"));
        if (!cnic) {
            throw new DefinitionException(gender.where() + ": 'gender' checks a CNIC's last digit; it needs transform: cnic");
        }
        if (!codes.has(GenderCheck.TABLE) || !codes.table(GenderCheck.TABLE).hasColumn(GenderCheck.DIGIT_COLUMN)) {
            throw new DefinitionException(gender.where() + ": the CNIC gender check needs config/codes/" + GenderCheck.TABLE
                    + ".csv with a column '" + GenderCheck.DIGIT_COLUMN + "' (odd, even or any)");
        }
        YamlNode onMismatch = rule.get("on-mismatch");
        String action = onMismatch == null ? "warn" : onMismatch.text();
        if (!action.equals("warn") && !action.equals("reject")) {
            throw new DefinitionException(onMismatch.where() + ": on-mismatch is 'warn' or 'reject', found '" + action + "'");
        }
        return new GenderCheck(sourcePath(gender.text(), gender, knownLets), codes.table(GenderCheck.TABLE), action.equals("reject"));
    }
}
