package pk.gov.punjab.rabta.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import pk.gov.punjab.rabta.connector.ConnectorRegistry;
import pk.gov.punjab.rabta.definition.DefinitionException;

/**
 * rabta sql CONNECTOR FILE: runs SQL statements on a connector's database, connected exactly as the bus connects to it,
 * so that an integrator can create a new inbox table or look at one without a database client of their own.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Runs the statements of FILE (or of --execute) one by one on the database of connectors/CONNECTOR.yaml,"
                + " and prints what each did and the rows of each query; stops at the first statement that fails.",
                "Settings are read as the bus reads them: config/application.yaml, then environment variables, then --KEY=VALUE"
                        + " arguments (--rabta.data-dir=/srv/rabta/data)."})
class SqlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONNECTOR", description = "the connector, as named in connectors/CONNECTOR.yaml")
    String connector;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "SQL statements separated by ';'")
    Path file;

    @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "statements given on the command line instead of a FILE")
    String execute;

    @CommandLine.Unmatched
    List<String> settings = new ArrayList<>();

    @CommandLine.Mixin
    RabtaCli.Home home = new RabtaCli.Home();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((file == null) == (execute == null)) {
            err.println("give either a FILE or --execute SQL");
            return 2;
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            if (!setting.startsWith("--") || equals < 3) {
                err.println("not a --KEY=VALUE setting: " + setting);
                return 2;
            }
            overrides.put(setting.substring(2, equals), setting.substring(equals + 1));
        }
        if (file != null && !Files.isRegularFile(file)) {
            err.println("no SQL file " + file);
            return 2;
        }
        String source = file != null ? file.toString() : "--execute";
        List<SqlScript.Statement> statements = SqlScript.split(file != null ? Files.readString(file, StandardCharsets.UTF_8) : execute);

        ConnectorRegistry connectors;
        DataSource dataSource;
        try {
            connectors = new ConnectorRegistry(home.paths(), home.environment(overrides));
            dataSource = connectors.dataSource(connector);
        } catch (DefinitionException | IllegalArgumentException e) {
            out.println(e.getMessage());
            return 1;
        }
        try (Connection connection = connect(dataSource, out)) {
            return connection == null ? 1 : run(connection, statements, source, out);
        } catch (SQLException e) {
            out.println(connector + ": " + e.getMessage());
            return 1;
        } finally {
            connectors.destroy();
        }
    }

    private int run(Connection connection, List<SqlScript.Statement> statements, String source, PrintWriter out) {
        for (SqlScript.Statement statement : statements) {
            try (Statement st = connection.createStatement()) {
                if (st.execute(statement.sql())) {
                    try (ResultSet rows = st.getResultSet()) {
                        print(rows, out);
                    }
                } else {
                    int count = st.getUpdateCount();
                    out.println(source + ":" + statement.line() + ": " + statement.summary() + ": ok" + (count > 0 ? ", " + count + " row(s)" : ""));
                }
            } catch (SQLException e) {
                out.println(source + ":" + statement.line() + ": " + statement.summary() + ": failed: " + e.getMessage());
                return 1;
            }
        }
        out.println(statements.size() + " statement(s) run on " + connector);
        return 0;
    }

    private Connection connect(DataSource dataSource, PrintWriter out) {
        try {
            Connection connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            return connection;
        } catch (SQLException e) {
            out.println("cannot connect to " + connector + ": " + e.getMessage());
            return null;
        }
    }

    private static void print(ResultSet rows, PrintWriter out) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        List<String> header = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            header.add(meta.getColumnLabel(c));
        }
        out.println(String.join(" | ", header));
        int count = 0;
        while (rows.next()) {
            List<String> values = new ArrayList<>();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                values.add(String.valueOf(rows.getObject(c)));
            }
            out.println(String.join(" | ", values));
            count++;
        }
        out.println("(" + count + " row(s))");
    }
}
