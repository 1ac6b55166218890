package pk.gov.punjab.rabta.support;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.demo.DemoSchemas;

/**
 * The machine's PostgreSQL and MariaDB for the real-database suite, with fresh demo schemas installed before the bus
 * starts. Settings come from RABTA_TEST_PG_* and RABTA_TEST_MARIADB_* (URL, USER, PASSWORD).
 */
public final class RealDatabases {
    public static final Db POSTGRESQL = new Db(env("RABTA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
            env("RABTA_TEST_PG_USER", "postgres"), env("RABTA_TEST_PG_PASSWORD", ""));
    public static final Db MARIADB = new Db(env("RABTA_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"),
            env("RABTA_TEST_MARIADB_USER", "root"), env("RABTA_TEST_MARIADB_PASSWORD", ""));

    private RealDatabases() {
    }

    /** CFMS on PostgreSQL, PMIS on MariaDB: as the design places them. */
    public static void pmisAndCfms(DynamicPropertyRegistry registry) {
        install(registry, MARIADB, POSTGRESQL);
    }

    /** PMIS on PostgreSQL, CFMS on MariaDB: the same YAML against the other dialect. */
    public static void pmisOnPostgresqlCfmsOnMariadb(DynamicPropertyRegistry registry) {
        install(registry, POSTGRESQL, MARIADB);
    }

    /** Clears both demo schemas (and the tests' own tables) on both servers, then installs PMIS on one and CFMS on the other. */
    public static void freshSchemas(Db pmis, Db cfms) {
        CodeTables codes = new CodeTables(Path.of("config/codes"));
        // Both schemas are cleared on both servers, so no table of an earlier run is left to confuse this one.
        for (Db db : new Db[] {POSTGRESQL, MARIADB}) {
            DemoSchemas.drop(db.dataSource(), DemoSchemas.PMIS);
            DemoSchemas.drop(db.dataSource(), DemoSchemas.CFMS);
            JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
            jdbc.execute("DROP TABLE IF EXISTS rabta_changelog");
            jdbc.execute("DROP TABLE IF EXISTS inbox_history");
        }
        DemoSchemas.reinstall(pmis.dataSource(), DemoSchemas.PMIS, codes);
        DemoSchemas.reinstall(cfms.dataSource(), DemoSchemas.CFMS, codes);
    }

    private static void install(DynamicPropertyRegistry registry, Db pmis, Db cfms) {
        freshSchemas(pmis, cfms);
        String run = UUID.randomUUID().toString().substring(0, 8);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:state-" + run + ";DB_CLOSE_DELAY=-1");
        registry.add("rabta.connectors.pmis-db.url", pmis::url);
        registry.add("rabta.connectors.pmis-db.username", pmis::user);
        registry.add("rabta.connectors.pmis-db.password", pmis::password);
        registry.add("rabta.connectors.cfms-db.url", cfms::url);
        registry.add("rabta.connectors.cfms-db.username", cfms::user);
        registry.add("rabta.connectors.cfms-db.password", cfms::password);
    }

    /** The bus's command-line settings of both connectors for the given PMIS and CFMS. */
    public static List<String> connectorArguments(Db pmis, Db cfms) {
        return List.of("--rabta.connectors.pmis-db.url=" + pmis.url(), "--rabta.connectors.pmis-db.username=" + pmis.user(),
                "--rabta.connectors.pmis-db.password=" + pmis.password(),
                "--rabta.connectors.cfms-db.url=" + cfms.url(), "--rabta.connectors.cfms-db.username=" + cfms.user(),
                "--rabta.connectors.cfms-db.password=" + cfms.password());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** One database server's connection settings. */
    public record Db(String url, String user, String password) {
        private static final Pattern HOST_AND_PORT = Pattern.compile("^(jdbc:\\w+://)([^:/]+):(\\d+)(/.*)$");

        public DataSource dataSource() {
            return new DriverManagerDataSource(url, user, password);
        }

        public String host() {
            return hostAndPort().group(2);
        }

        public int port() {
            return Integer.parseInt(hostAndPort().group(3));
        }

        /** Creates the URL's database on its server (PostgreSQL or MariaDB) when it is not there yet. */
        public void createIfMissing() {
            String server = url.substring(0, url.lastIndexOf('/') + 1);
            String name = url.substring(url.lastIndexOf('/') + 1).replaceFirst("[?;].*$", "");
            if (url.startsWith("jdbc:postgresql:")) {
                JdbcTemplate postgres = new JdbcTemplate(new Db(server + "postgres", user, password).dataSource());
                if (postgres.queryForList("SELECT 1 FROM pg_database WHERE datname = ?", name).isEmpty()) {
                    postgres.execute("CREATE DATABASE " + name);
                }
            } else {
                new JdbcTemplate(new Db(server, user, password).dataSource()).execute("CREATE DATABASE IF NOT EXISTS " + name);
            }
        }

        /** The same database reached through another local port, such as a {@link TcpProxy} in front of it. */
        public Db throughLocalPort(int port) {
            Matcher m = hostAndPort();
            return new Db(m.group(1) + "127.0.0.1:" + port + m.group(4), user, password);
        }

        private Matcher hostAndPort() {
            Matcher m = HOST_AND_PORT.matcher(url);
            if (!m.matches()) {
                throw new IllegalArgumentException("expected jdbc:DRIVER://HOST:PORT/DATABASE, not " + url);
            }
            return m;
        }
    }
}
