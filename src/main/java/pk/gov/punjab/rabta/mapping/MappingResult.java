package pk.gov.punjab.rabta.mapping;

import java.util.Map;

/** The output of one mapping: canonical JSON with its type, key and hash, or a target row. */
public record MappingResult(Object body, String recordType, String key, String contentHash) {
    static MappingResult row(Map<String, Object> row) {
        return new MappingResult(row, null, null, null);
    }
}
