package pk.gov.punjab.rabta.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import pk.gov.punjab.rabta.RabtaPaths;
import pk.gov.punjab.rabta.definition.DefinitionCheck;

/**
 * The rabta command line: checks and tries definitions without starting the bus, and operates a running bus over its
 * API. Exit codes, the same for every command: 0 all well; 1 problems found (in definitions or records, a broken audit
 * chain, letters a replay could not replay); 2 the command or its input was wrong (including a 4xx answer from the
 * bus); 3 the bus refused the user (unknown, wrong password, or role missing); 4 the bus could not be reached or failed.
 */
@Command(name = "rabta", mixinStandardHelpOptions = true, version = "rabta 0.1",
        description = "Rabta integration bus: check definitions, try mappings, run SQL on a connector; operate a running bus"
                + " (dead letters, flows, audit, reload). Run without a command to start the bus.",
        footer = {"", "Commands that talk to a running bus take --url, --user (or RABTA_USER) and the password from RABTA_PASSWORD"
                + " or --password-file.",
                "Exit codes: 0 all well, 1 problems found, 2 wrong command or input, 3 user refused, 4 bus unreachable or failed."},
        subcommands = {RabtaCli.Validate.class, MappingCommands.class, ReloadCommand.class, SqlCommand.class, DlqCommands.class,
                FlowsCommand.class, AuditCommand.class, HashPasswordCommand.class})
public class RabtaCli implements Runnable {
    private static final Set<String> COMMANDS = Set.of("validate", "mapping", "reload", "sql", "dlq", "flows", "audit", "hash-password",
            "--help", "-h", "--version", "-V");

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Whether the arguments ask for a command rather than the bus itself. */
    public static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        // A command prints its findings, not the bus's start-up log.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        CommandLine line = new CommandLine(new RabtaCli());
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler(BusConnection.exceptionHandler());
        return line.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The folders the definitions are read from. */
    static class Home {
        @Option(names = "--home", description = "folder holding routes/, connectors/, mappings/ and config/ (default: current folder)",
                defaultValue = ".")
        Path home;

        RabtaPaths paths() {
            return new RabtaPaths(home);
        }

        /** config/application.yaml's keys, for {{placeholders}}; environment variables win, as when the bus runs. */
        Function<String, String> properties() {
            FileSystemResource yaml = new FileSystemResource(home.resolve("config/application.yaml"));
            Properties properties = new Properties();
            if (yaml.exists()) {
                YamlPropertiesFactoryBean factory = new YamlPropertiesFactoryBean();
                factory.setResources(yaml);
                // Kept as the factory made it: its getProperty turns numbers and booleans into text.
                properties = factory.getObject();
            }
            Properties fromFile = properties;
            return key -> {
                String fromEnvironment = System.getenv(key.toUpperCase().replace('.', '_').replace('-', '_'));
                return fromEnvironment != null ? fromEnvironment : fromFile.getProperty(key);
            };
        }

        /** The settings as the bus resolves them: the overrides, then system properties and environment, then config/application.yaml. */
        ConfigurableEnvironment environment(Map<String, String> overrides) throws IOException {
            StandardEnvironment environment = new StandardEnvironment();
            environment.getPropertySources().addFirst(new MapPropertySource("command line", new LinkedHashMap<>(overrides)));
            FileSystemResource yaml = new FileSystemResource(home.resolve("config/application.yaml"));
            if (yaml.exists()) {
                for (PropertySource<?> source : new YamlPropertySourceLoader().load("config/application.yaml", yaml)) {
                    environment.getPropertySources().addLast(source);
                }
            }
            return environment;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Checks every route, connector, mapping, schema and code table together; lists each problem as file:line:column.")
    static class Validate implements Callable<Integer> {
        @CommandLine.Mixin
        Home home = new Home();

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (!java.nio.file.Files.isDirectory(home.paths().home())) {
                // An empty tree fits together trivially; a mistyped --home must not pass as OK.
                out.println("no folder " + home.paths().home() + " to check");
                return 2;
            }
            List<String> problems = DefinitionCheck.run(home.paths(), home.properties());
            if (problems.isEmpty()) {
                out.println("OK: routes, connectors, mappings, schemas and code tables under " + home.paths().home() + " fit together");
                return 0;
            }
            problems.forEach(out::println);
            out.println(problems.size() + " problem(s)");
            return 1;
        }
    }
}
