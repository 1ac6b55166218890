package pk.gov.punjab.rabta.mapping;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.definition.YamlNode;

/** A field's when: the field is written only for records that meet it; otherwise it is left out (and not required). */
@FunctionalInterface
interface FieldCondition {
    Set<String> KEYS = Set.of("from", "equals", "in", "not-in", "present", "expression");

    boolean holds(Evaluation evaluation, String field);

    static FieldCondition compile(YamlNode when) {
        if (when.isScalar()) {
            return byExpression(when.text(), when.where());
        }
        when.allowOnly(KEYS);
        if (when.get("expression") != null) {
            if (when.entries().size() > 1) {
                throw new DefinitionException(when.where() + ": when: takes either expression or from with a test, not both");
            }
            return byExpression(when.get("expression").text(), when.get("expression").where());
        }
        String[] path = when.require("from").text().split("\\.");
        List<String> tests = when.entries().keySet().stream().filter(k -> !k.equals("from")).toList();
        if (tests.size() != 1) {
            throw new DefinitionException(when.where() + ": when: needs exactly one of equals, in, not-in, present (found " + tests + ")");
        }
        String test = tests.get(0);
        YamlNode argument = when.get(test);
        return switch (test) {
            case "equals" -> {
                String expected = normalise(argument.text());
                yield (e, f) -> expected.equals(normalise(FieldRule.read(path, e)));
            }
            case "in" -> {
                Set<String> allowed = normalised(argument);
                yield (e, f) -> allowed.contains(normalise(FieldRule.read(path, e)));
            }
            case "not-in" -> {
                Set<String> refused = normalised(argument);
                yield (e, f) -> !refused.contains(normalise(FieldRule.read(path, e)));
            }
            default -> {
                boolean wanted = argument.bool();
                yield (e, f) -> !FieldRule.isAbsent(FieldRule.read(path, e)) == wanted;
            }
        };
    }

    private static FieldCondition byExpression(String text, String where) {
        FieldExpression expression = FieldExpression.compile(text, where);
        return (e, f) -> com.dashjoin.jsonata.Jsonata.boolize(expression.evaluate(e, f));
    }

    private static Set<String> normalised(YamlNode list) {
        return Set.copyOf(list.texts().stream().map(FieldCondition::normalise).toList());
    }

    /** Source systems mix case and padding in codes, so tests compare trimmed upper-case text. */
    private static String normalise(Object value) {
        return value == null ? "" : value.toString().trim().toUpperCase(Locale.ROOT);
    }
}
