package pk.gov.punjab.rabta.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class RecordJsonTests {

    @Test
    void theDirectTreeIsTheTreeTheMapperBuildsForEveryKindOfMappedValue() {
        List<Object> values = List.of("text", "", 0L, Long.MAX_VALUE, -7, Integer.MIN_VALUE, true, false,
                new BigDecimal("1.50"), new BigDecimal("0.00"), new BigDecimal("1E+3"), new BigDecimal("100"),
                new BigDecimal("-12.340"), new BigDecimal("123456789012345678901234567890.10"),
                LocalDate.of(2024, 2, 29), LocalDate.of(10_000, 1, 1), LocalDate.of(-1, 12, 31),
                OffsetDateTime.of(2025, 6, 1, 9, 0, 0, 0, ZoneOffset.ofHours(5)),
                OffsetDateTime.of(2025, 6, 1, 9, 30, 5, 120_000_000, ZoneOffset.UTC),
                OffsetDateTime.of(2025, 6, 1, 23, 59, 59, 1, ZoneOffset.ofHoursMinutes(-3, -30)),
                2.5d, 1.0f, (short) 3, java.sql.Date.valueOf("2025-06-01"));
        for (Object value : values) {
            assertThat(RecordJson.tree(value)).as("%s (%s)", value, value.getClass().getSimpleName())
                    .isEqualTo(RecordJson.MAPPER.valueToTree(value));
            assertThat(RecordJson.write(RecordJson.tree(value))).as("%s written", value)
                    .isEqualTo(RecordJson.write(RecordJson.MAPPER.valueToTree(value)));
        }
    }

    @Test
    void nestedObjectsAndListsKeepTheirOrderAndTheirNulls() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", "last first");
        nested.put("a", Arrays.asList("x", null, 3L));
        nested.put("none", null);
        nested.put("sections", List.of(Map.of("code", "PPC-302"), new ArrayList<>()));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("payload", nested);
        record.put("when", LocalDate.of(2025, 1, 2));
        record.put("byNumber", Map.of(1, "one"));

        JsonNode tree = RecordJson.tree(record);

        assertThat(tree).isEqualTo(RecordJson.MAPPER.valueToTree(record));
        assertThat(RecordJson.write(tree)).isEqualTo(
                "{\"payload\":{\"z\":\"last first\",\"a\":[\"x\",null,3],\"none\":null,\"sections\":[{\"code\":\"PPC-302\"},[]]},"
                        + "\"when\":\"2025-01-02\",\"byNumber\":{\"1\":\"one\"}}");
    }

    @Test
    void aFieldWrittenAheadIsEmbeddedVerbatimAmongTheOthers() {
        ObjectNode record = (ObjectNode) RecordJson.tree(Map.of("type", "custody-episode"));
        record.set("payload", RecordJson.tree(Map.of("admissionId", 7L)));
        record.put("after", 1);
        String payloadJson = RecordJson.write(record.get("payload"));

        String written = RecordJson.writeWithRawField(record, "payload", payloadJson);

        assertThat(written).isEqualTo(RecordJson.write(record))
                .isEqualTo("{\"type\":\"custody-episode\",\"payload\":{\"admissionId\":7},\"after\":1}");
    }

    @Test
    void theHashIsTheSha256OfTheUtf8Text() {
        assertThat(RecordJson.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(RecordJson.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(RecordJson.sha256("\u0645")).isEqualTo("988ada1c5b979ec64d5e52f89028403777059b2d2e6fd60f350e44481858aa90");
    }

    @Test
    void aRecordWrittenInOnePassIsTheTextAndHashOfItsTreeForEveryKindOfValueAndCharacter() {
        java.util.Random random = new java.util.Random(4L);
        // Quotes, backslashes, every control character, DEL, Latin-1, Urdu, an emoji and a lone surrogate.
        char[] alphabet = ("aZ09 -_/:\"\\\u007f\u00e9\u00a0\u0645\u06cc\u2028\ud83d\ude00\ud800" + controlCharacters()).toCharArray();
        for (int n = 0; n < 2000; n++) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put(text(random, alphabet), text(random, alphabet));
            payload.put("number", random.nextBoolean() ? (Object) random.nextLong() : (Object) random.nextInt());
            payload.put("flag", random.nextBoolean());
            payload.put("amount", new BigDecimal(BigDecimal.valueOf(random.nextInt(100_000), random.nextInt(6) - 2).toString()));
            payload.put("day", LocalDate.ofEpochDay(random.nextInt(40_000) - 10_000));
            payload.put("at", OffsetDateTime.of(2025, 1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24),
                    random.nextInt(60), random.nextInt(60), random.nextInt(3) * 250_000_000, ZoneOffset.ofHours(random.nextInt(10))));
            payload.put("nested", Map.of("inner", Arrays.asList(text(random, alphabet), null, 2.5d)));
            payload.put("byNumber", Map.of(1, "one"));
            payload.put("none", null);
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("type", "custody-episode");
            record.put("schemaVersion", 1);
            record.put("payload", payload);
            record.put("envelope", Map.of("warnings", List.of(Map.of("field", "person.cnic", "message", text(random, alphabet)))));
            ObjectNode tree = (ObjectNode) RecordJson.tree(record);
            String payloadJson = RecordJson.write(tree.get("payload"));

            RecordJson.Hashed written = RecordJson.writeHashingField(record, "payload");

            assertThat(written.json()).isEqualTo(RecordJson.writeWithRawField(tree, "payload", payloadJson));
            assertThat(written.fieldHash()).isEqualTo(RecordJson.sha256(payloadJson));
        }
    }

    private static String controlCharacters() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        return controls.toString();
    }

    private static String text(java.util.Random random, char[] alphabet) {
        char[] chars = new char[random.nextInt(12)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(chars);
    }
}
