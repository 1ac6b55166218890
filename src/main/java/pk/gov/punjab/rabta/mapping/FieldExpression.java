package pk.gov.punjab.rabta.mapping;

import java.util.Map;

import com.dashjoin.jsonata.Jsonata;

import pk.gov.punjab.rabta.definition.DefinitionException;
import pk.gov.punjab.rabta.record.FailureReason;

/**
 * A JSONata expression over the source record, the escape hatch for a field no transform covers. Let values are
 * bound as variables ($station, and $item inside each:).
 */
final class FieldExpression {
    private final String text;
    // A parsed expression keeps evaluation state on the instance, so each thread evaluates its own copy.
    private final ThreadLocal<Jsonata> perThread;

    private FieldExpression(String text) {
        this.text = text;
        this.perThread = ThreadLocal.withInitial(() -> Jsonata.jsonata(text));
    }

    static FieldExpression compile(String text, String where) {
        try {
            Jsonata.jsonata(text);
        } catch (RuntimeException e) {
            throw new DefinitionException(where + ": not a valid JSONata expression: " + e.getMessage());
        }
        return new FieldExpression(text);
    }

    Object evaluate(Evaluation evaluation, String field) {
        Jsonata expression = perThread.get();
        Jsonata.Frame frame = expression.createFrame();
        for (Map.Entry<String, Object> let : evaluation.lets().entrySet()) {
            frame.bind(let.getKey(), Evaluation.asJson(let.getValue()));
        }
        try {
            Object result = expression.evaluate(evaluation.jsonInput(), frame);
            if (result == Jsonata.NULL_VALUE) {
                return null;
            }
            // JSONata computes in doubles; a whole result is a whole number, as a column or JSON field expects.
            if (result instanceof Number n && !(result instanceof Long) && n.doubleValue() == Math.rint(n.doubleValue())
                    && Math.abs(n.doubleValue()) < 1e15) {
                return n.longValue();
            }
            return result;
        } catch (RuntimeException e) {
            throw new MappingException(FailureReason.VALIDATION, field, null,
                    "expression '" + text + "' failed: " + e.getMessage());
        }
    }
}
