package pk.gov.punjab.rabta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlCommandTests {
    // A private in-memory CFMS for each test, given as a --KEY=VALUE setting as an operator would override a connector.
    private final String cfmsUrl = "--rabta.connectors.cfms-db.url=jdbc:h2:mem:sql-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private int rabta(String... args) {
        return RabtaCli.run(args, new PrintWriter(out, true), new PrintWriter(out, true));
    }

    @Test
    void runsEachStatementOfAFileAndPrintsWhatItDidAndTheRowsOfEachQuery() throws IOException {
        Path script = dir.resolve("inbox.sql");
        Files.writeString(script, """
                -- an inbox; the semicolon in this comment; does not split
                CREATE TABLE transfer_inbox (id BIGINT PRIMARY KEY, note VARCHAR(40));
                INSERT INTO transfer_inbox VALUES (1, 'moved; by order'), (2, 'it''s done');
                /* a block comment */ SELECT id, note FROM transfer_inbox ORDER BY id
                """);

        assertThat(rabta("sql", "cfms-db", script.toString(), cfmsUrl)).isZero();
        assertThat(out.toString())
                // A statement is named by its line and its first 60 characters.
                .contains(script + ":2: CREATE TABLE transfer_inbox (id BIGINT PRIMARY KEY, note VAR...: ok")
                .contains(script + ":3: INSERT INTO transfer_inbox VALUES (1, 'moved; by order'), (2...: ok, 2 row(s)")
                .contains("ID | NOTE\n1 | moved; by order\n2 | it's done\n(2 row(s))")
                .contains("3 statement(s) run on cfms-db");
    }

    @Test
    void stopsAtTheFirstFailingStatementNamingItsLineAndExitsOne() {
        assertThat(rabta("sql", "cfms-db", "-e", "CREATE TABLE t (id INT);\nINSERT INTO nowhere VALUES (1);\nDROP TABLE t", cfmsUrl))
                .isEqualTo(1);
        assertThat(out.toString())
                .contains("--execute:1: CREATE TABLE t (id INT): ok")
                .contains("--execute:2: INSERT INTO nowhere VALUES (1): failed: Table \"NOWHERE\" not found")
                .doesNotContain("DROP TABLE");
    }

    @Test
    void namesAnUnknownConnectorAndRefusesAWrongCommandLine() {
        assertThat(rabta("sql", "prisons-db", "-e", "SELECT 1")).isEqualTo(1);
        assertThat(out.toString()).contains("No connector 'prisons-db' under connectors/ (known: [cfms-db, pmis-db, pmis-soap])");

        assertThat(rabta("sql", "cfms-db")).isEqualTo(2);
        assertThat(rabta("sql", "cfms-db", "-e", "SELECT 1", "--verbose")).isEqualTo(2);
        assertThat(out.toString()).contains("give either a FILE or --execute SQL").contains("not a --KEY=VALUE setting: --verbose");
    }
}
