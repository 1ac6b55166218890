package pk.gov.punjab.rabta.support;

import java.sql.DatabaseMetaData;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/** Which database server a test database is, for the few test fixtures (triggers) each writes in its own SQL. */
public final class DatabaseProduct {
    private DatabaseProduct() {
    }

    /** The product name the driver reports: H2, PostgreSQL, MariaDB. */
    public static String of(JdbcTemplate jdbc) {
        return jdbc.execute((ConnectionCallback<String>) connection -> {
            DatabaseMetaData meta = connection.getMetaData();
            return meta.getDatabaseProductName();
        });
    }

    public static boolean isPostgresql(JdbcTemplate jdbc) {
        return "PostgreSQL".equals(of(jdbc));
    }

    public static boolean isMariadb(JdbcTemplate jdbc) {
        return "MariaDB".equals(of(jdbc));
    }
}
