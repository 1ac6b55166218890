package pk.gov.punjab.rabta.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.record.RecordJson;

/**
 * The compiled schema check against the full validator on thousands of records made from every schema under
 * mappings/schemas/, valid and broken: whatever the check vouches for, the validator finds valid.
 */
class RecordCheckTests {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    /** Values of every kind a mapping writes, well and badly formed for our keywords and formats. */
    private static final List<Object> CANDIDATES = List.of("LHR-001-77-2026", "", "x", "  ", "lhr-001-77-2026", "LHR-001-77-2026\n",
            "LHR-01-77-2026", "3520212345671", "35202-1234567-1", "352021234567", "2024-02-29", "2023-02-29", "2026-13-01",
            "2026-11-03\n", "0000-01-01", "2024-01-05T09:12:33+05:00", "2024-01-05T09:12:33.250Z", "2024-01-05T09:12:33z",
            "2024-01-05T09:12+05:00", "2024-01-05 09:12:33+05:00", "2024-01-05T24:00:00Z", "2024-01-05T09:12:60Z",
            "2024-01-05T09:12:33+25:00", "1970-01-01T00:00:00Z", "UNDER_TRIAL", "under_trial", "MALE", "PMIS", "CFMS", "UPSERT",
            "must be released", "Must Be Released today", "CJ-LHR", "CJ-LHR:7", "PPC-302", "\u0645\u062d\u0645\u062f",
            0L, -1L, 1L, 7L, 120L, 121L, 5, 0, true, false, new BigDecimal("1.5"), new BigDecimal("2"), new BigDecimal("0"),
            LocalDate.of(2026, 11, 3), OffsetDateTime.of(2026, 11, 3, 9, 5, 7, 0, ZoneOffset.ofHours(5)), List.of(), List.of("a"),
            List.of(1L), Map.of(), Map.of("code", "CJ-LHR"), 2.5d);

    private final SchemaRegistry schemas = new SchemaRegistry(Path.of("mappings/schemas"));

    @Test
    void whateverTheCheckVouchesForTheValidatorFindsValidAndTypicalRecordsAreVouchedFor() {
        Random random = new Random(20261202L);
        int vouched = 0;
        int refused = 0;
        for (String name : schemas.names()) {
            JsonNode document = schemas.document(name);
            JsonSchema full = FACTORY.getSchema(document);
            RecordCheck check = schemas.checkFor(name);
            List<List<String>> paths = new ArrayList<>();
            @SuppressWarnings("unchecked")
            Map<String, Object> valid = (Map<String, Object>) validValue(document, new ArrayList<>(), paths);

            assertThat(full.validate(RecordJson.tree(valid))).as("%s: the record built to be valid", name).isEmpty();
            assertThat(check.surelyValid(valid)).as("%s: a plainly valid record is vouched for: %s", name, RecordJson.write(RecordJson.tree(valid))).isTrue();
            for (int n = 0; n < 3000; n++) {
                Map<String, Object> record = deepCopy(valid);
                for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
                    change(record, paths.get(random.nextInt(paths.size())), random);
                }
                boolean validByValidator = full.validate(RecordJson.tree(record)).isEmpty();
                boolean surelyValid = check.surelyValid(record);
                if (surelyValid) {
                    assertThat(validByValidator).as("%s: the check vouched for %s", name, RecordJson.write(RecordJson.tree(record))).isTrue();
                    vouched++;
                }
                if (!validByValidator) {
                    refused++;
                }
            }
        }
        // Both sides are exercised: many records vouched for, many refused by the validator.
        assertThat(vouched).isGreaterThan(2000);
        assertThat(refused).isGreaterThan(5000);
    }

    @Test
    void aRecordTheCheckCannotVouchForFailsWithTheValidatorsOwnFieldValueAndMessage() throws Exception {
        CodeTables codes = new CodeTables(Path.of("config/codes"));
        CompiledMapping mapping = new MappingCompiler(codes, schemas)
                .compile(Path.of("src/bench/resources/bench-mappings/bench-admission-to-custody-episode.yaml"));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ADM_ID", 7L);
        row.put("JAIL_CD", codes.table("jails").rows().get(0).get("pmis_code"));
        row.put("PRSNR_NO", "123/2026");
        row.put("PRSNR_NM", "Ali Raza");
        row.put("SEX", "M");
        row.put("CNIC_NO", "35202-1234567-1");
        row.put("AGE_YRS", 30);
        row.put("FIR_REF", "LHR-001-77-2026");
        row.put("ADM_DT", "03/11/2026");
        row.put("PRSNR_STS", "under_trial");
        CompiledMapping.Envelope envelope = new CompiledMapping.Envelope("PMIS", "ADMSN:7", 1L, "2026-11-28T10:00:00Z", "c-1", "UPSERT");
        com.fasterxml.jackson.databind.node.ObjectNode tooOld =
                (com.fasterxml.jackson.databind.node.ObjectNode) RecordJson.MAPPER.readTree((String) mapping.apply(row, envelope).body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tooOld.at("/payload/person")).put("age", 130L);
        row.put("AGE_YRS", 130);

        MappingException byMapping = catchThrowableOfType(MappingException.class, () -> mapping.apply(row, envelope));
        MappingException byValidator = catchThrowableOfType(MappingException.class,
                () -> schemas.validatorFor("custody-episode/v1").validate(tooOld));

        assertThat(byMapping.field()).isEqualTo("$.payload.person.age").isEqualTo(byValidator.field());
        assertThat(byMapping.rawValue()).isEqualTo(byValidator.rawValue());
        assertThat(byMapping.detail()).isEqualTo(byValidator.detail()).contains("maximum");
    }

    /** A value the schema accepts, recording the path of every property on the way for later changes. */
    private static Object validValue(JsonNode schema, List<String> at, List<List<String>> paths) {
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                List<String> path = new ArrayList<>(at);
                path.add(property.getKey());
                paths.add(path);
                Object value = validValue(property.getValue(), path, paths);
                if (value != Set.of()) {
                    object.put(property.getKey(), value);
                }
            }
            return object;
        }
        if (schema.has("items") && schema.get("items").has("properties")) {
            return new ArrayList<>(List.of(validValue(schema.get("items"), at, new ArrayList<>())));
        }
        if (schema.has("const")) {
            return schema.get("const").isTextual() ? schema.get("const").asText() : (Object) schema.get("const").asInt();
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0).asText();
        }
        if (schema.path("format").asText().equals("date-time")) {
            return "2024-01-05T09:12:33+05:00";
        }
        if (schema.path("format").asText().equals("date")) {
            return "2024-02-29";
        }
        JsonSchema alone = FACTORY.getSchema(schema);
        for (Object candidate : CANDIDATES) {
            if (alone.validate(RecordJson.tree(candidate)).isEmpty()) {
                return candidate;
            }
        }
        // No candidate fits: the property is left out.
        return Set.of();
    }

    /** Removes, replaces or adds beside the value at the path (into the first item of a list on the way). */
    @SuppressWarnings("unchecked")
    private static void change(Map<String, Object> record, List<String> path, Random random) {
        Object at = record;
        for (int i = 0; i < path.size() - 1; i++) {
            Object next = at instanceof Map<?, ?> m ? m.get(path.get(i)) : null;
            if (next instanceof List<?> list && !list.isEmpty()) {
                next = list.get(0);
            }
            if (!(next instanceof Map<?, ?>)) {
                return;
            }
            at = next;
        }
        Map<String, Object> object = (Map<String, Object>) at;
        String last = path.get(path.size() - 1);
        switch (random.nextInt(10)) {
            case 0 -> object.remove(last);
            case 1 -> object.put("unknownProperty", "x");
            case 2 -> object.put(last, null);
            default -> object.put(last, deepCopy(CANDIDATES.get(random.nextInt(CANDIDATES.size()))));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?>) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(deepCopy(item)));
            return (T) copy;
        }
        return value;
    }
}
