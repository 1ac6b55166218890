package pk.gov.punjab.rabta.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import org.springframework.util.LinkedCaseInsensitiveMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import pk.gov.punjab.rabta.mapping.CompiledMapping;
import pk.gov.punjab.rabta.mapping.MappingException;
import pk.gov.punjab.rabta.mapping.MappingRegistry;
import pk.gov.punjab.rabta.mapping.MappingResult;

/**
 * The content hash a delivered row must carry, worked out afresh from its source row: the row mapped to its canonical
 * record, and SHA-256 (computed here, not by the bus) over the payload's JSON text as the record carries it.
 */
public final class ContentHashes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAYLOAD = ",\"payload\":";
    // The envelope is outside the hash; this one only has to pass the schema.
    private static final CompiledMapping.Envelope ENVELOPE = new CompiledMapping.Envelope("RABTA", "hash-check", 0L,
            "1970-01-01T00:00:00Z", "hash-check", "UPSERT");

    private final CompiledMapping mapping;

    public ContentHashes(MappingRegistry mappings, String mapping) {
        this.mapping = mappings.mapping(mapping);
    }

    /** The admission flow's capture mapping, PMIS admission to custody episode. */
    public static ContentHashes ofAdmissions(MappingRegistry mappings) {
        return new ContentHashes(mappings, "pmis-admission-to-custody-episode");
    }

    /** The canonical record's key and the hash its target row must hold. */
    public Canonical of(Map<String, Object> sourceRow) {
        Map<String, Object> row = new LinkedCaseInsensitiveMap<>();
        row.putAll(sourceRow);
        MappingResult result = mapping.apply(row, ENVELOPE);
        String record = (String) result.body();
        // The payload is the record's last field; its text is what was hashed, byte for byte.
        int start = record.lastIndexOf(PAYLOAD);
        String payload = record.substring(start + PAYLOAD.length(), record.length() - 1);
        try {
            JsonNode parsed = JSON.readTree(record);
            if (!parsed.get("payload").equals(JSON.readTree(payload))) {
                throw new IllegalStateException("the payload text cut from the record is not its payload: " + payload);
            }
            return new Canonical(parsed.get("key").asText(), sha256(payload));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + record, e);
        }
    }

    /** As {@link #of}, or empty when the mapping refuses the row (a malformed record, bound for the dead-letter queue). */
    public Optional<Canonical> ofIfMapped(Map<String, Object> sourceRow) {
        try {
            return Optional.of(of(sourceRow));
        } catch (MappingException refused) {
            return Optional.empty();
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record's entity key (e.g. CJ-LHR:4000001) and content hash. */
    public record Canonical(String key, String hash) {
    }
}
