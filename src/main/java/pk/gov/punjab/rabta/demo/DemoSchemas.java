package pk.gov.punjab.rabta.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import pk.gov.punjab.rabta.codes.CodeTables;

/** Installs the demo PMIS and CFMS schemas (H2, PostgreSQL or MariaDB) and fills their own code tables from config/codes. */
public final class DemoSchemas {
    public static final String PMIS = "pmis";
    public static final String CFMS = "cfms";
    private static final Pattern CREATE_TABLE = Pattern.compile("CREATE TABLE (\\w+)", Pattern.CASE_INSENSITIVE);

    private DemoSchemas() {
    }

    /** Creates the schema when its first table is absent; returns whether it did. */
    public static boolean installIfAbsent(DataSource dataSource, String system, CodeTables codes) {
        if (isInstalled(dataSource, system)) {
            return false;
        }
        install(dataSource, system, codes);
        return true;
    }

    /** Drops the demo tables if present and installs them afresh (for the real-database suite). */
    public static void reinstall(DataSource dataSource, String system, CodeTables codes) {
        drop(dataSource, system);
        install(dataSource, system, codes);
    }

    /** Drops the demo tables of one system where they exist. */
    public static void drop(DataSource dataSource, String system) {
        List<String> tables = tables(system);
        Collections.reverse(tables);
        try (Connection connection = dataSource.getConnection(); Statement st = connection.createStatement()) {
            for (String table : tables) {
                st.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop demo " + system + " tables: " + e.getMessage(), e);
        }
    }

    private static void install(DataSource dataSource, String system, CodeTables codes) {
        new ResourceDatabasePopulator(script(system)).execute(dataSource);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        if (PMIS.equals(system)) {
            for (Map<String, String> jail : codes.table("jails").rows()) {
                jdbc.update("INSERT INTO JAIL_MST (JAIL_CD, JAIL_NM, JAIL_CTG, DIST_CD) VALUES (?, ?, ?, ?)",
                        jail.get("pmis_code"), jail.get("name"), jail.get("category"), jail.get("district"));
            }
        } else {
            for (Map<String, String> d : codes.table("districts").rows()) {
                jdbc.update("INSERT INTO district (id, name) VALUES (?, ?)", Integer.parseInt(d.get("cfms_id")), d.get("name"));
            }
            for (Map<String, String> ps : codes.table("police-stations").rows()) {
                jdbc.update("INSERT INTO police_station (id, district_id, name) VALUES (?, ?, ?)",
                        Integer.parseInt(ps.get("cfms_id")), districtId(codes, ps.get("district")), ps.get("name"));
            }
            for (Map<String, String> c : codes.table("courts").rows()) {
                jdbc.update("INSERT INTO court (id, district_id, name, court_type) VALUES (?, ?, ?, ?)",
                        Integer.parseInt(c.get("cfms_id")), districtId(codes, c.get("district")), c.get("name"), c.get("type"));
            }
            for (Map<String, String> s : codes.table("offence-sections").rows()) {
                jdbc.update("INSERT INTO offence_section (id, code, title, max_punishment, is_capital) VALUES (?, ?, ?, ?, ?)",
                        Integer.parseInt(s.get("cfms_id")), s.get("code"), s.get("title"), s.get("max_punishment"), "Y".equals(s.get("capital")));
            }
            for (Map<String, String> p : codes.table("hearing-purposes").rows()) {
                jdbc.update("INSERT INTO hearing_purpose (id, name) VALUES (?, ?)", Integer.parseInt(p.get("cfms_id")), p.get("name"));
            }
        }
    }

    private static int districtId(CodeTables codes, String districtCode) {
        return Integer.parseInt(codes.table("districts").find("code", districtCode)
                .orElseThrow(() -> new IllegalStateException("district " + districtCode + " not in districts.csv")).get("cfms_id"));
    }

    static boolean isInstalled(DataSource dataSource, String system) {
        try (Connection connection = dataSource.getConnection(); Statement st = connection.createStatement()) {
            st.executeQuery("SELECT COUNT(*) FROM " + tables(system).get(0)).close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    static List<String> tables(String system) {
        List<String> tables = new ArrayList<>();
        Matcher m = CREATE_TABLE.matcher(scriptText(system));
        while (m.find()) {
            tables.add(m.group(1));
        }
        return tables;
    }

    private static ClassPathResource script(String system) {
        return new ClassPathResource("demo/" + system + ".sql");
    }

    private static String scriptText(String system) {
        try {
            return script(system).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("demo/" + system + ".sql is missing from the jar", e);
        }
    }
}
