package pk.gov.punjab.rabta.delivery;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;

import pk.gov.punjab.rabta.support.DrillBed;
import pk.gov.punjab.rabta.support.RealDatabases;

/** Drill: the CFMS inbox on MariaDB unreachable for 60 seconds under load, PMIS on PostgreSQL. */
@Tag("drill")
class TargetOutageDrill extends TargetOutageContract {
    private DrillBed bed;

    @Override
    Duration outage() {
        return Duration.ofSeconds(60);
    }

    @Override
    void startDatabases() throws Exception {
        bed = new DrillBed(data);
    }

    @Override
    void stopDatabases() throws Exception {
        if (bed != null) {
            bed.close();
        }
    }

    @Override
    DataSource pmis() {
        return DrillBed.PMIS.dataSource();
    }

    @Override
    DataSource cfms() {
        return DrillBed.CFMS.dataSource();
    }

    @Override
    String cfmsHost() {
        return DrillBed.CFMS.host();
    }

    @Override
    int cfmsPort() {
        return DrillBed.CFMS.port();
    }

    @Override
    List<String> connectorArguments(int cfmsProxyPort) {
        return RealDatabases.connectorArguments(DrillBed.PMIS, DrillBed.CFMS.throughLocalPort(cfmsProxyPort));
    }
}
