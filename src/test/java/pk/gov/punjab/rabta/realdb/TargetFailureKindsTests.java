package pk.gov.punjab.rabta.realdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import pk.gov.punjab.rabta.delivery.TargetUnavailableException;
import pk.gov.punjab.rabta.support.RealDatabases;
import pk.gov.punjab.rabta.support.RealDatabases.Db;

/**
 * What each real driver throws, told apart as the delivery step tells it: a target's own refusal (a trigger's SIGNAL,
 * a CHECK) is bad data for the dead-letter queue; a database that cannot be reached is an outage to wait out.
 */
@Tag("real-db")
class TargetFailureKindsTests {
    @Test
    void aMariadbTriggerSignalIsARefusalNotAnOutage() {
        Db db = RealDatabases.MARIADB;
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        jdbc.execute("DROP TABLE IF EXISTS rabta_refusal_probe");
        jdbc.execute("CREATE TABLE rabta_refusal_probe (id INT PRIMARY KEY, status VARCHAR(10))");
        jdbc.execute("CREATE TRIGGER rabta_refusal_probe_guard BEFORE INSERT ON rabta_refusal_probe FOR EACH ROW"
                + " BEGIN IF NEW.status = 'BAD' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'status BAD is refused'; END IF; END");
        try {
            Throwable refused = catchThrowable(() -> jdbc.update("INSERT INTO rabta_refusal_probe VALUES (1, 'BAD')"));
            assertThat(refused).hasMessageContaining("status BAD is refused");
            assertThat(TargetUnavailableException.isUnavailable(refused)).as("a SIGNAL from the target's own trigger").isFalse();
            assertThat(jdbc.update("INSERT INTO rabta_refusal_probe VALUES (2, 'GOOD')")).isEqualTo(1);
        } finally {
            jdbc.execute("DROP TABLE rabta_refusal_probe");
        }
    }

    @Test
    void aPostgresqlCheckViolationIsARefusalNotAnOutage() {
        JdbcTemplate jdbc = new JdbcTemplate(RealDatabases.POSTGRESQL.dataSource());
        jdbc.execute("DROP TABLE IF EXISTS rabta_refusal_probe");
        jdbc.execute("CREATE TABLE rabta_refusal_probe (id INT PRIMARY KEY, status VARCHAR(10) CHECK (status <> 'BAD'))");
        try {
            Throwable refused = catchThrowable(() -> jdbc.update("INSERT INTO rabta_refusal_probe VALUES (1, 'BAD')"));
            assertThat(refused).isNotNull();
            assertThat(TargetUnavailableException.isUnavailable(refused)).isFalse();
        } finally {
            jdbc.execute("DROP TABLE rabta_refusal_probe");
        }
    }

    @Test
    void aServerThatIsNotListeningIsAnOutageOnBothDrivers() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        for (Db db : new Db[] {RealDatabases.MARIADB, RealDatabases.POSTGRESQL}) {
            Db away = db.throughLocalPort(closedPort);
            Throwable refused = catchThrowable(() -> {
                try (Connection ignored = DriverManager.getConnection(away.url(), away.user(), away.password())) {
                    // never reached
                }
            });
            assertThat(refused).as(db.url()).isInstanceOf(SQLException.class);
            assertThat(TargetUnavailableException.isUnavailable(refused)).as(db.url() + ": " + refused).isTrue();
        }
    }
}
