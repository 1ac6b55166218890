package pk.gov.punjab.rabta.capture;

import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.demo.DemoSchemas;

/**
 * The hard stop with the department databases on an H2 server of the test's own, as a department's database server
 * outlives a crash of the bus; the bus's own state and journal are in its data/ and die with it.
 */
class H2HardStopTests extends HardStopContract {
    private Server server;

    @Override
    List<String> prepareDatabases() {
        try {
            server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        CodeTables codes = new CodeTables(Path.of("config/codes"));
        DemoSchemas.reinstall(pmis(), DemoSchemas.PMIS, codes);
        DemoSchemas.reinstall(cfms(), DemoSchemas.CFMS, codes);
        return List.of("--rabta.connectors.pmis-db.url=" + url("pmis"), "--rabta.connectors.cfms-db.url=" + url("cfms"));
    }

    @Override
    int rows() {
        return 10_000;
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private String url(String name) {
        return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    DataSource pmis() {
        return new DriverManagerDataSource(url("pmis"), "sa", "");
    }

    @Override
    DataSource cfms() {
        return new DriverManagerDataSource(url("cfms"), "sa", "");
    }
}
