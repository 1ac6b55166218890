package pk.gov.punjab.rabta.definition;

import java.util.List;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaPaths;

/** Refuses to start the bus while any definition is inconsistent, listing every problem at once. */
@Component
public class DefinitionCheckOnStartup {
    public DefinitionCheckOnStartup(RabtaPaths paths, Environment environment) {
        List<String> problems = DefinitionCheck.run(paths, environment::getProperty);
        if (!problems.isEmpty()) {
            throw new DefinitionException("Rabta will not start: " + problems.size() + " problem(s) in its definitions:\n  "
                    + String.join("\n  ", problems));
        }
    }
}
