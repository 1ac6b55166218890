package pk.gov.punjab.rabta.capture;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.springframework.test.context.DynamicPropertyRegistry;

import pk.gov.punjab.rabta.support.RealDatabases;

/** The hard stop with PMIS on PostgreSQL and CFMS on MariaDB. */
@Tag("real-db")
class PostgresqlHardStopTests extends HardStopContract {

    @Override
    List<String> prepareDatabases() {
        List<String> args = new java.util.ArrayList<>();
        DynamicPropertyRegistry collect = (name, value) -> {
            if (name.startsWith("rabta.connectors.")) {
                args.add("--" + name + "=" + value.get());
            }
        };
        RealDatabases.pmisOnPostgresqlCfmsOnMariadb(collect);
        return args;
    }

    @Override
    DataSource pmis() {
        return RealDatabases.POSTGRESQL.dataSource();
    }

    @Override
    DataSource cfms() {
        return RealDatabases.MARIADB.dataSource();
    }
}
