package pk.gov.punjab.rabta.delivery;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;

import pk.gov.punjab.rabta.support.RealDatabases;
import pk.gov.punjab.rabta.support.RealDatabases.Db;

/** The 30-second target outage with the CFMS inbox on PostgreSQL, behind the proxy that is cut, and PMIS on MariaDB. */
@Tag("real-db")
class PostgresqlTargetOutageTests extends TargetOutageContract {
    private static final Db PMIS = RealDatabases.MARIADB;
    private static final Db CFMS = RealDatabases.POSTGRESQL;

    @Override
    void startDatabases() {
        RealDatabases.freshSchemas(PMIS, CFMS);
    }

    @Override
    void stopDatabases() {
        // The servers are the machine's; the next run installs its schemas afresh.
    }

    @Override
    DataSource pmis() {
        return PMIS.dataSource();
    }

    @Override
    DataSource cfms() {
        return CFMS.dataSource();
    }

    @Override
    String cfmsHost() {
        return CFMS.host();
    }

    @Override
    int cfmsPort() {
        return CFMS.port();
    }

    @Override
    List<String> connectorArguments(int cfmsProxyPort) {
        return RealDatabases.connectorArguments(PMIS, CFMS.throughLocalPort(cfmsProxyPort));
    }
}
