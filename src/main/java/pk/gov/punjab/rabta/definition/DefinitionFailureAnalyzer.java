package pk.gov.punjab.rabta.definition;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a start refused for bad definitions as the list of problems, file:line:column each, without a stack trace. */
public class DefinitionFailureAnalyzer extends AbstractFailureAnalyzer<DefinitionException> {
    private static final String ACTION = "Correct the files named above; 'bin/rabta validate' lists the same problems without"
            + " starting the bus.";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DefinitionException cause) {
        if (cause instanceof DefinitionCheckOnStartup.Refused refused) {
            return new FailureAnalysis(refused.problems().size() + " problem(s) in Rabta's definitions:\n\n"
                    + String.join("\n", refused.problems()) + "\n", ACTION, cause);
        }
        return new FailureAnalysis(cause.getMessage(), ACTION, cause);
    }
}
