package pk.gov.punjab.rabta.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import pk.gov.punjab.rabta.mapping.CompiledMapping;
import pk.gov.punjab.rabta.mapping.MappingException;
import pk.gov.punjab.rabta.mapping.MappingResult;
import pk.gov.punjab.rabta.record.RecordJson;

/** Applies two versions of a mapping to the same records and prints, record by record, what the newer one would change. */
final class MappingDiff {
    private static final String ABSENT = "(absent)";

    private final CompiledMapping before;
    private final CompiledMapping after;
    private final String sourceSystem;

    MappingDiff(CompiledMapping before, CompiledMapping after, String sourceSystem) {
        this.before = before;
        this.after = after;
        this.sourceSystem = sourceSystem;
    }

    /** One input record: how the output names it, the record itself, and UPSERT or DELETE. */
    record Input(String label, Map<String, Object> record, String operation) {
    }

    record Summary(int records, int unchanged, int changed, int nowFail, int nowPass, int failUnderBoth) {
        String line() {
            return records + " records: " + unchanged + " unchanged, " + changed + " changed, " + nowFail + " now fail, "
                    + nowPass + " now pass";
        }
    }

    /** What one version made of a record: its output without the envelope, or why it failed. */
    private record Outcome(JsonNode output, String key, String failure) {
        boolean failed() {
            return failure != null;
        }
    }

    Summary run(List<Input> inputs, PrintWriter out) {
        int unchanged = 0;
        int changed = 0;
        int nowFail = 0;
        int nowPass = 0;
        int failUnderBoth = 0;
        for (Input input : inputs) {
            Outcome old = apply(before, input);
            Outcome now = apply(after, input);
            String label = input.label() + keyOf(now.key() != null ? now.key() : old.key());
            if (!old.failed() && now.failed()) {
                nowFail++;
                out.println(label + ": now fails: " + now.failure());
            } else if (old.failed() && !now.failed()) {
                nowPass++;
                out.println(label + ": now passes; failed with: " + old.failure());
            } else if (old.failed()) {
                failUnderBoth++;
                if (old.failure().equals(now.failure())) {
                    unchanged++;
                } else {
                    changed++;
                    out.println(label + ": fails differently: " + old.failure() + " -> " + now.failure());
                }
            } else {
                List<String> differences = new ArrayList<>();
                compare("", old.output(), now.output(), differences);
                if (differences.isEmpty()) {
                    unchanged++;
                } else {
                    changed++;
                    out.println(label + ": changed");
                    differences.forEach(d -> out.println("  " + d));
                }
            }
        }
        Summary summary = new Summary(inputs.size(), unchanged, changed, nowFail, nowPass, failUnderBoth);
        if (failUnderBoth > 0) {
            out.println(failUnderBoth + " record(s) fail under both versions");
        }
        out.println(summary.line());
        return summary;
    }

    private Outcome apply(CompiledMapping mapping, Input input) {
        var envelope = new CompiledMapping.Envelope(sourceSystem, input.label(), 0L, Instant.now().toString(), "mapping-diff",
                input.operation());
        try {
            MappingResult result = mapping.apply(input.record(), envelope);
            JsonNode output = result.body() instanceof String json ? RecordJson.MAPPER.readTree(json)
                    : RecordJson.MAPPER.valueToTree(result.body());
            if (output instanceof ObjectNode record) {
                // The envelope carries the mapping's version and the capture time, which differ between versions by nature.
                record.remove("envelope");
            }
            return new Outcome(output, result.key(), null);
        } catch (MappingException e) {
            return new Outcome(null, null, MappingCommands.failure(e));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A mapping wrote a record that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Each leaf that differs, as "path: old -> new"; lists of one length are compared item by item, others whole. */
    private static void compare(String path, JsonNode old, JsonNode now, List<String> differences) {
        if (Objects.equals(old, now)) {
            return;
        }
        if (old != null && now != null && old.isObject() && now.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            old.fieldNames().forEachRemaining(names::add);
            now.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(path.isEmpty() ? name : path + "." + name, old.get(name), now.get(name), differences);
            }
        } else if (old != null && now != null && old.isArray() && now.isArray() && old.size() == now.size()) {
            for (int i = 0; i < old.size(); i++) {
                compare(path + "[" + i + "]", old.get(i), now.get(i), differences);
            }
        } else {
            differences.add(path + ": " + show(old) + " -> " + show(now));
        }
    }

    private static String show(JsonNode value) {
        return value == null ? ABSENT : value.toString();
    }

    private static String keyOf(String key) {
        return key == null ? "" : " (key " + key + ")";
    }
}
