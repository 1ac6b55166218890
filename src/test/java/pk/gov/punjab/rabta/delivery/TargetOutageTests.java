package pk.gov.punjab.rabta.delivery;

import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import org.h2.tools.Server;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.demo.DemoSchemas;

/** The 30-second target outage with PMIS and CFMS as in-memory databases of an H2 server of the test's own. */
class TargetOutageTests extends TargetOutageContract {
    // Names of this test's own: in-memory databases are per JVM, and other tests use the plain names.
    private final String run = java.util.UUID.randomUUID().toString().substring(0, 8);
    private Server server;

    @Override
    void startDatabases() throws Exception {
        server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        CodeTables codes = new CodeTables(Path.of("config/codes"));
        DemoSchemas.reinstall(pmis(), DemoSchemas.PMIS, codes);
        DemoSchemas.reinstall(cfms(), DemoSchemas.CFMS, codes);
    }

    @Override
    void stopDatabases() {
        if (server != null) {
            new JdbcTemplate(pmis()).execute("SHUTDOWN");
            new JdbcTemplate(cfms()).execute("SHUTDOWN");
            server.stop();
        }
    }

    @Override
    DataSource pmis() {
        return new DriverManagerDataSource(url(server.getPort(), "pmis"), "sa", "");
    }

    @Override
    DataSource cfms() {
        return new DriverManagerDataSource(url(server.getPort(), "cfms"), "sa", "");
    }

    @Override
    String cfmsHost() {
        return "127.0.0.1";
    }

    @Override
    int cfmsPort() {
        return server.getPort();
    }

    @Override
    List<String> connectorArguments(int cfmsProxyPort) {
        return List.of("--rabta.connectors.pmis-db.url=" + url(server.getPort(), "pmis"),
                "--rabta.connectors.cfms-db.url=" + url(cfmsProxyPort, "cfms"));
    }

    private String url(int port, String database) {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + database + "-" + run + ";DB_CLOSE_DELAY=-1";
    }
}
