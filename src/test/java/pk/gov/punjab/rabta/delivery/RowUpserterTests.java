package pk.gov.punjab.rabta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The upsert of many rows together must decide exactly as the single-row upsert does, row by row, since a delivery
 * batch uses one and falls back to the other: compared here on random runs of inserts, newer, older and equal
 * versions, and corrected content, with repeated keys inside one call.
 */
class RowUpserterTests {
    private static final String TABLE = "inbox";

    @Test
    void manyRowsTogetherEndAsTheSameRowsOneAtATime() throws SQLException {
        Random random = new Random(20261202);
        for (int round = 0; round < 200; round++) {
            DataSource together = database("together" + round);
            DataSource oneByOne = database("single" + round);
            RowUpserter batched = upserter(together);
            RowUpserter single = upserter(oneByOne);
            for (int call = 0; call < 3; call++) {
                List<Map<String, Object>> rows = randomRows(random, 1 + random.nextInt(30));
                List<RowUpserter.Outcome> expected = new ArrayList<>();
                for (Map<String, Object> row : rows) {
                    expected.add(single.upsert(new LinkedHashMap<>(row)));
                }
                List<RowUpserter.Outcome> outcomes;
                try (Connection connection = together.getConnection()) {
                    connection.setAutoCommit(false);
                    outcomes = batched.upsertAll(connection, rows);
                    connection.commit();
                }
                assertThat(outcomes).as("round %d call %d: %s", round, call, rows).isEqualTo(expected);
                assertThat(contents(together)).as("round %d call %d", round, call).isEqualTo(contents(oneByOne));
            }
        }
    }

    @Test
    void aRefusedRowFailsTheWholeCallAndLeavesNothingOnceRolledBack() throws SQLException {
        DataSource db = database("refused");
        new JdbcTemplate(db).execute("ALTER TABLE " + TABLE + " ADD CONSTRAINT no_bad CHECK (status <> 'BAD')");
        List<Map<String, Object>> rows = List.of(row("J1", 1, 10, "h1", "UTP"), row("J1", 2, 10, "h2", "BAD"), row("J1", 3, 10, "h3", "UTP"));
        try (Connection connection = db.getConnection()) {
            connection.setAutoCommit(false);
            Throwable refused = catchThrowable(() -> upserter(db).upsertAll(connection, rows));
            assertThat(refused).isInstanceOf(SQLException.class);
            assertThat(TargetUnavailableException.isUnavailable(refused)).isFalse();
            connection.rollback();
        }
        assertThat(contents(db)).isEmpty();
    }

    private static RowUpserter upserter(DataSource db) {
        return new RowUpserter(db, TABLE, List.of("jail_code", "admission_id"), "rabta_version", "rabta_hash");
    }

    private static List<Map<String, Object>> randomRows(Random random, int count) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(row("J" + random.nextInt(2), random.nextInt(5), random.nextInt(4) * 10L, "h" + random.nextInt(3),
                    random.nextBoolean() ? "UTP" : "REL"));
        }
        return rows;
    }

    private static Map<String, Object> row(String jail, long admission, long version, String hash, String status) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("jail_code", jail);
        row.put("admission_id", admission);
        row.put("status", status);
        row.put("rabta_version", version);
        row.put("rabta_hash", hash);
        return row;
    }

    private static DataSource database(String name) {
        DataSource db = new DriverManagerDataSource("jdbc:h2:mem:upsert-" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
        new JdbcTemplate(db).execute("CREATE TABLE " + TABLE + " (jail_code VARCHAR(10) NOT NULL, admission_id BIGINT NOT NULL,"
                + " status VARCHAR(10), rabta_version BIGINT, rabta_hash VARCHAR(64), PRIMARY KEY (jail_code, admission_id))");
        return db;
    }

    private static List<Map<String, Object>> contents(DataSource db) {
        return new JdbcTemplate(db).queryForList("SELECT * FROM " + TABLE + " ORDER BY jail_code, admission_id");
    }
}
