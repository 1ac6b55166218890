package pk.gov.punjab.rabta.definition;

import java.util.List;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaPaths;

/**
 * Refuses to start the bus while any definition is inconsistent, listing every problem at once, as rabta validate does.
 * It runs as the bean factory is prepared, before any bean is made, so no bean that reads definitions (code tables,
 * mappings, connectors, routes) fails first with a narrower error of its own.
 */
@Component
public class DefinitionCheckOnStartup implements BeanFactoryPostProcessor, PriorityOrdered, EnvironmentAware {
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        RabtaPaths paths = new RabtaPaths(environment.getProperty("rabta.home", "."));
        List<String> problems = DefinitionCheck.run(paths, environment::getProperty);
        if (!problems.isEmpty()) {
            throw new Refused(problems);
        }
    }

    /** The bus's refusal to start, with the problems one per line; the process exits with 1, as validate does. */
    public static final class Refused extends DefinitionException implements ExitCodeGenerator {
        private final List<String> problems;

        Refused(List<String> problems) {
            super("Rabta will not start: " + problems.size() + " problem(s) in its definitions:\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }

        @Override
        public int getExitCode() {
            return 1;
        }
    }
}
