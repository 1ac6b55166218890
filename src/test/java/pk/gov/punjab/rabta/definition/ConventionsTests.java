package pk.gov.punjab.rabta.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.FileSystemResource;
import org.springframework.util.FileSystemUtils;

import pk.gov.punjab.rabta.RabtaPaths;

/** Loads every file under routes/, connectors/ and mappings/ and checks that they fit together. */
class ConventionsTests {
    private static final List<String> CANONICAL_RECORDS = List.of("person", "case", "custody-episode", "case-custody-link",
            "court-event", "order");

    @TempDir
    Path copy;

    @Test
    void theShippedDefinitionsHaveNoProblems() {
        assertThat(DefinitionCheck.run(new RabtaPaths(Path.of(".")), shippedProperties())).isEmpty();
    }

    @Test
    void everyCanonicalRecordHasASchemaWithTheEnvelope() throws IOException {
        for (String record : CANONICAL_RECORDS) {
            Path schema = Path.of("mappings/schemas/" + record + ".v1.json");
            assertThat(schema).exists();
            String text = Files.readString(schema);
            for (String envelopeField : List.of("sourceSystem", "sourceKey", "capturedAt", "mapping", "mappingVersion", "correlationId")) {
                assertThat(text).as("%s names %s", schema, envelopeField).contains("\"" + envelopeField + "\"");
            }
        }
    }

    @Test
    void brokenDefinitionsAreReportedWithFileAndKey() throws IOException {
        FileSystemUtils.copyRecursively(Path.of("routes"), copy.resolve("routes"));
        FileSystemUtils.copyRecursively(Path.of("connectors"), copy.resolve("connectors"));
        FileSystemUtils.copyRecursively(Path.of("mappings"), copy.resolve("mappings"));
        FileSystemUtils.copyRecursively(Path.of("config"), copy.resolve("config"));
        Path route = copy.resolve("routes/pmis-admissions-to-cfms.camel.yaml");
        Files.writeString(route, Files.readString(route)
                .replace("id: pmis-admissions-to-cfms\n", "id: pmis-admissions\n")
                .replace("mapping:custody-episode-to-cfms-inbox", "mapping:custody-episode-to-cfms")
                .replace("deliver:cfms-db", "deliver:cfms-database")
                .replace("{{rabta.capture.poll-interval}}", "{{rabta.capture.poll-every}}"));
        Path mapping = copy.resolve("mappings/cfms-hearing-to-court-event.yaml");
        Files.writeString(mapping, Files.readString(mapping).replace("table: courts,", "table: court-list,"));

        List<String> problems = DefinitionCheck.run(new RabtaPaths(copy), shippedProperties());

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("pmis-admissions-to-cfms.camel.yaml:3:").contains("must equal the file name"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("no mapping 'custody-episode-to-cfms'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("no connector 'cfms-database'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("{{rabta.capture.poll-every}}"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("cfms-hearing-to-court-event.yaml:").contains("'court-list'"));
    }

    @Test
    void aFileThatCannotBeCheckedIsNamedAndTheOtherFilesAreStillChecked() throws IOException {
        for (String folder : List.of("routes", "connectors", "mappings", "config")) {
            FileSystemUtils.copyRecursively(Path.of(folder), copy.resolve(folder));
        }
        // More aliases than the YAML reader allows: it gives up with an error of its own, not a definition error.
        Files.writeString(copy.resolve("mappings/aliases.yaml"), "mapping: aliases\nlist: &l [a, b]\nmany: ["
                + String.join(", ", java.util.Collections.nCopies(60, "*l")) + "]\n");
        Path mapping = copy.resolve("mappings/cfms-hearing-to-court-event.yaml");
        Files.writeString(mapping, Files.readString(mapping).replace("table: courts,", "table: court-list,"));
        Path route = copy.resolve("routes/pmis-admissions-to-cfms.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("deliver:cfms-db", "deliver:cfms-database"));

        List<String> problems = DefinitionCheck.run(new RabtaPaths(copy), shippedProperties());

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("aliases.yaml: cannot be checked: ").contains("aliases"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("cfms-hearing-to-court-event.yaml:").contains("'court-list'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("no connector 'cfms-database'"));
        assertThat(problems).hasSize(3);
    }

    @Test
    void everyRouteFileIsAFlowNamedAfterItsFile() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            List<Path> routes = files.toList();
            assertThat(routes).isNotEmpty().allSatisfy(f -> assertThat(f.getFileName().toString()).matches("[a-z]+-[a-z-]+-to-[a-z]+\\.camel\\.yaml"));
        }
    }

    private static Function<String, String> shippedProperties() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new FileSystemResource("config/application.yaml"));
        Properties properties = yaml.getObject();
        return key -> properties == null ? null : properties.getProperty(key);
    }
}
