package pk.gov.punjab.rabta.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.FileSystemUtils;

import pk.gov.punjab.rabta.RabtaApplication;
import pk.gov.punjab.rabta.cli.RabtaCli;
import pk.gov.punjab.rabta.support.TestUsers;

/** The bus refuses to start on broken definitions, before any bean reads them, and says what rabta validate says. */
@ExtendWith(OutputCaptureExtension.class)
class DefinitionCheckOnStartupTests {
    @TempDir
    Path home;

    @Test
    void theBusDoesNotStartOnABrokenMappingAndPrintsTheProblemsValidatePrints(CapturedOutput output) throws IOException {
        for (String folder : List.of("routes", "connectors", "mappings", "config")) {
            FileSystemUtils.copyRecursively(Path.of(folder), home.resolve(folder));
        }
        // A field the schema does not have, a date pattern that reads no date, and a route naming a connector that does not exist.
        Path admission = home.resolve("mappings/pmis-admission-to-custody-episode.yaml");
        Files.writeString(admission, Files.readString(admission)
                .replace("  person.age:          { from: AGE_YRS, transform: integer }",
                        "  person.ageYears:     { from: AGE_YRS, transform: integer }"));
        Path production = home.resolve("mappings/court-event-to-pmis-production.yaml");
        Files.writeString(production, Files.readString(production)
                .replace("transform: date, output-format", "transform: date, format: dd/QQ/yyyy, output-format"));
        Path route = home.resolve("routes/pmis-admissions-to-cfms.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("deliver:cfms-db", "deliver:cfms-database"));
        List<String> validateLines = validate();
        assertThat(validateLines).hasSize(3).allSatisfy(line -> assertThat(line).matches("[a-z.-]+\\.yaml:\\d+:\\d+: .+"));
        String run = UUID.randomUUID().toString().substring(0, 8);

        assertThatThrownBy(() -> new SpringApplicationBuilder(RabtaApplication.class).run(
                "--rabta.home=" + home,
                "--camel.main.routes-include-pattern=file:" + home.resolve("routes") + "/*.camel.yaml",
                "--rabta.data-dir=" + home.resolve("data"),
                "--spring.datasource.url=jdbc:h2:mem:state-" + run + ";DB_CLOSE_DELAY=-1",
                "--server.port=0",
                "--rabta.bus.tcp.enabled=false",
                "--spring.artemis.embedded.persistent=false",
                "--rabta.demo.seed-cases=0",
                "--logging.file.name=target/rabta-test.log",
                TestUsers.adminArgs().get(0), TestUsers.adminArgs().get(1)))
                .isInstanceOfSatisfying(DefinitionCheckOnStartup.Refused.class, refused -> {
                    assertThat(refused.problems()).containsExactlyElementsOf(validateLines);
                    assertThat(refused.getMessage()).startsWith("Rabta will not start: 3 problem(s) in its definitions:");
                    assertThat(((ExitCodeGenerator) refused).getExitCode()).isEqualTo(1);
                });

        assertThat(output.getOut()).contains("APPLICATION FAILED TO START").contains("3 problem(s) in Rabta's definitions:")
                .contains(validateLines)
                .contains("'bin/rabta validate' lists the same problems");
        // The check ran before any bean read a definition: none failed with a narrower error, and none compiled a mapping.
        assertThat(output.getOut()).doesNotContain("Invalid mapping definitions").doesNotContain("Compiled ")
                .doesNotContain("\tat pk.gov.punjab.rabta.definition.DefinitionCheckOnStartup");
        assertThat(Files.exists(home.resolve("data"))).as("the broker never started, so it made no data folder").isFalse();
    }

    /** The problem lines rabta validate prints for the same tree, without its count line. */
    private List<String> validate() {
        StringWriter out = new StringWriter();
        int exit = RabtaCli.run(new String[] {"validate", "--home", home.toString()}, new PrintWriter(out, true), new PrintWriter(out, true));
        assertThat(exit).isEqualTo(1);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(lines.size() - 1)).isEqualTo((lines.size() - 1) + " problem(s)");
        return lines.subList(0, lines.size() - 1);
    }
}
