package pk.gov.punjab.rabta.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import pk.gov.punjab.rabta.record.FailureReason;
import pk.gov.punjab.rabta.record.RecordJson;

/**
 * A mapping compiled once from its YAML: applies its rules to one record and returns either a canonical record
 * (envelope + payload, schema-checked, hashed) or a flat target row.
 */
public final class CompiledMapping {
    private final String name;
    private final int version;
    private final String recordType;
    private final int schemaVersion;
    private final String source;
    private final List<String[]> keyPaths;
    private final List<FieldRule> lets;
    private final List<FieldRule> fields;
    private final SchemaRegistry.Validator validator;
    private final RecordCheck check;
    /** A capacity at which the output map of a record is never rehashed while its fields are put in. */
    private final int outputCapacity;

    CompiledMapping(String name, int version, String recordType, int schemaVersion, String source, List<String[]> keyPaths,
                    List<FieldRule> lets, List<FieldRule> fields, SchemaRegistry.Validator validator, RecordCheck check) {
        this.name = name;
        this.version = version;
        this.recordType = recordType;
        this.schemaVersion = schemaVersion;
        this.source = source;
        this.keyPaths = keyPaths;
        this.lets = lets;
        this.fields = fields;
        this.validator = validator;
        this.check = check;
        long topLevel = fields.stream().map(f -> producesRow() ? f.name() : f.outputPath()[0]).distinct().count();
        this.outputCapacity = (int) (topLevel / 0.75f) + 1;
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    /** The canonical record type produced, or null for a mapping that produces target rows. */
    public String recordType() {
        return recordType;
    }

    /** The mapping's source: as written ("pmis-db ADMSN": the connector, then what it reads), or null. */
    public String source() {
        return source;
    }

    public boolean producesRow() {
        return recordType == null;
    }

    public MappingResult apply(Map<String, Object> input, Envelope envelope) {
        try {
            Evaluation evaluation = new Evaluation(input);
            for (FieldRule let : lets) {
                evaluation.lets().put(let.name(), let.evaluate(evaluation));
            }
            Map<String, Object> output = new LinkedHashMap<>(outputCapacity);
            for (FieldRule field : fields) {
                Object value = field.evaluate(evaluation);
                if (producesRow()) {
                    output.put(field.name(), value);
                } else if (value != null) {
                    put(output, field.outputPath(), value);
                }
            }
            return producesRow() ? MappingResult.row(output) : canonical(output, envelope, evaluation.warnings());
        } catch (MappingException e) {
            throw e.in(name, version);
        } catch (RuntimeException e) {
            throw new MappingException(FailureReason.UNEXPECTED, "-", null, e.toString()).in(name, version);
        }
    }

    private MappingResult canonical(Map<String, Object> payload, Envelope envelope, List<Map<String, String>> warnings) {
        String key = key(payload);
        // Plain values in the order the record is written; their tree is what the schema's validator would read.
        Map<String, Object> envelopeFields = new LinkedHashMap<>(16);
        envelopeFields.put("sourceSystem", envelope.sourceSystem());
        envelopeFields.put("sourceKey", envelope.sourceKey());
        envelopeFields.put("sourceVersion", envelope.sourceVersion());
        envelopeFields.put("capturedAt", envelope.capturedAt());
        envelopeFields.put("mapping", name);
        envelopeFields.put("mappingVersion", version);
        envelopeFields.put("correlationId", envelope.correlationId());
        if (!warnings.isEmpty()) {
            envelopeFields.put("warnings", warnings);
        }
        Map<String, Object> record = new LinkedHashMap<>(16);
        record.put("type", recordType);
        record.put("schemaVersion", schemaVersion);
        record.put("key", key);
        record.put("operation", envelope.operation());
        record.put("envelope", envelopeFields);
        record.put("payload", payload);
        // The compiled check vouches for nearly every record; the full validator decides (and words) the rest.
        if (!check.surelyValid(record)) {
            validator.validate(RecordJson.tree(record));
        }
        // The hash is over exactly the payload's text as the record carries it.
        RecordJson.Hashed written = RecordJson.writeHashingField(record, "payload");
        return new MappingResult(written.json(), recordType, key, written.fieldHash());
    }

    private String key(Map<String, Object> payload) {
        StringBuilder key = new StringBuilder(32);
        boolean first = true;
        for (String[] path : keyPaths) {
            Object value = payload;
            for (String segment : path) {
                value = value instanceof Map<?, ?> m ? m.get(segment) : null;
            }
            if (value == null) {
                throw new MappingException(FailureReason.VALIDATION, String.join(".", path), null,
                        "the record's key field has no value");
            }
            if (!first) {
                key.append(':');
            }
            first = false;
            key.append(value);
        }
        return key.toString();
    }

    @SuppressWarnings("unchecked")
    static void put(Map<String, Object> target, String[] path, Object value) {
        Map<String, Object> current = target;
        for (int i = 0; i < path.length - 1; i++) {
            current = (Map<String, Object>) current.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
        }
        current.put(path[path.length - 1], value);
    }

    /** What the source said about the record, stamped into the canonical envelope. */
    public record Envelope(String sourceSystem, String sourceKey, Long sourceVersion, String capturedAt,
                           String correlationId, String operation) {
    }
}
