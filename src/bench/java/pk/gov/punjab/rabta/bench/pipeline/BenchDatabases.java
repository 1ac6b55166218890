package pk.gov.punjab.rabta.bench.pipeline;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.LinkedCaseInsensitiveMap;

import pk.gov.punjab.rabta.codes.CodeTables;
import pk.gov.punjab.rabta.demo.DemoSchemas;
import pk.gov.punjab.rabta.support.ExpectedRows;
import pk.gov.punjab.rabta.support.RealDatabases.Db;

/**
 * The benchmark's two databases: the demo PMIS schema on PostgreSQL as the source, the demo CFMS schema on MariaDB as
 * the target, and the hand-written read, map and upsert that the copies without the bus use.
 */
final class BenchDatabases {
    static final String PMIS_URL = System.getProperty("bench.pmis.url", "jdbc:postgresql://127.0.0.1:5432/rabta_bench_pmis");
    static final String PMIS_USER = System.getProperty("bench.pmis.user", "postgres");
    static final String CFMS_URL = System.getProperty("bench.cfms.url", "jdbc:mariadb://127.0.0.1:3306/rabta_bench_cfms");
    static final String CFMS_USER = System.getProperty("bench.cfms.user", "root");

    /** The inbox columns a hand-written copy writes, in statement order; rabta_version last so the guard sees the old one. */
    static final List<String> INBOX_COLUMNS = List.of("jail_code", "admission_id", "jail_name", "prisoner_number", "prisoner_name",
            "relative_name", "relation", "gender", "cnic", "age", "juvenile", "fir_key", "sections", "arrested_on", "admitted_on",
            "custody_status", "released_on", "release_reason", "rabta_received_at", "rabta_version");

    private static final String PAGE = "SELECT * FROM ADMSN WHERE UPD_TS > ? OR (UPD_TS = ? AND ADM_ID > ?) ORDER BY UPD_TS, ADM_ID LIMIT ?";

    final DataSource pmis = new DriverManagerDataSource(PMIS_URL + "?reWriteBatchedInserts=true", PMIS_USER, System.getProperty("bench.pmis.password", ""));
    final DataSource cfms = new DriverManagerDataSource(CFMS_URL, CFMS_USER, System.getProperty("bench.cfms.password", ""));
    final CodeTables codes = new CodeTables(Path.of("config/codes"));
    private final ExpectedRows mapping = new ExpectedRows(codes);

    /** The databases, created if absent, with fresh demo schemas; the inbox gets a column its database fills when the row is written, for the latency figures. */
    void install() {
        new Db(PMIS_URL, PMIS_USER, System.getProperty("bench.pmis.password", "")).createIfMissing();
        new Db(CFMS_URL, CFMS_USER, System.getProperty("bench.cfms.password", "")).createIfMissing();
        DemoSchemas.drop(pmis, DemoSchemas.PMIS);
        DemoSchemas.drop(pmis, DemoSchemas.CFMS);
        DemoSchemas.drop(cfms, DemoSchemas.PMIS);
        DemoSchemas.drop(cfms, DemoSchemas.CFMS);
        DemoSchemas.reinstall(pmis, DemoSchemas.PMIS, codes);
        DemoSchemas.reinstall(cfms, DemoSchemas.CFMS, codes);
        new JdbcTemplate(cfms).execute("ALTER TABLE pmis_custody_inbox ADD COLUMN bench_written_at TIMESTAMP(6) NOT NULL"
                + " DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)");
    }

    /** Admissions firstId .. firstId+count-1 in one transaction, alike but for their keys and numbers; returns the commit time. */
    Instant insertAdmissions(long firstId, int count) throws SQLException {
        try (Connection connection = pmis.getConnection()) {
            connection.setAutoCommit(false);
            insertAdmissions(connection, firstId, count, Instant.now());
            connection.commit();
            return Instant.now();
        }
    }

    static void insertAdmissions(Connection connection, long firstId, int count, Instant updated) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ADMSN (ADM_ID, JAIL_CD, PRSNR_NO, PRSNR_NM,"
                + " FTHR_HSBND_NM, REL_TYP, SEX, CNIC_NO, AGE_YRS, DOB, JUV_FLG, DIST_CD, PS_CD, FIR_NO, FIR_YR, SECTIONS, ARST_DT,"
                + " ADM_DT, PRSNR_STS, UPD_TS) VALUES (?, ?, ?, 'ALI RAZA', 'MUHAMMAD RAMZAN', 'S/O', 'M', ?, ?, '01/01/1996', 'N',"
                + " 'LHR', '001', ?, '2026', 'PPC 379, PPC 411', '01/11/2026', '03/11/2026', 'UTP', ?)")) {
            for (long id = firstId; id < firstId + count; id++) {
                long n = id % 1_000_000;
                String jail = "J00" + (1 + n % 4);
                insert.setLong(1, id);
                insert.setString(2, jail);
                insert.setString(3, jail + "/2026/" + n);
                insert.setString(4, String.format("35202-%07d-1", n % 10_000_000));
                insert.setInt(5, 18 + (int) (n % 50));
                insert.setString(6, String.valueOf(1 + n % 900));
                // Distinct timestamps, a microsecond apart, as rows written one after another would have.
                insert.setTimestamp(7, Timestamp.from(updated.plusNanos((id - firstId) * 1_000)));
                insert.addBatch();
                if ((id - firstId) % 1_000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    void clearSource() {
        new JdbcTemplate(pmis).execute("DELETE FROM ADMSN");
    }

    void clearTarget() {
        new JdbcTemplate(cfms).execute("DELETE FROM pmis_custody_inbox");
    }

    long targetRows(long firstId, long lastId) {
        return new JdbcTemplate(cfms).queryForObject("SELECT COUNT(*) FROM pmis_custody_inbox WHERE admission_id BETWEEN ? AND ?",
                Long.class, firstId, lastId);
    }

    /** Reads source rows in (UPD_TS, ADM_ID) order, a page at a time, as the capture pages. */
    static final class SourcePager {
        private Timestamp lastTs = new Timestamp(0);
        private long lastId = -1;

        List<Map<String, Object>> next(Connection connection, int size) throws SQLException {
            List<Map<String, Object>> rows = new ArrayList<>(size);
            try (PreparedStatement page = connection.prepareStatement(PAGE)) {
                page.setTimestamp(1, lastTs);
                page.setTimestamp(2, lastTs);
                page.setLong(3, lastId);
                page.setInt(4, size);
                try (ResultSet rs = page.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedCaseInsensitiveMap<>();
                        for (int c = 1; c <= meta.getColumnCount(); c++) {
                            row.put(meta.getColumnLabel(c).toUpperCase(), rs.getObject(c));
                        }
                        rows.add(row);
                    }
                }
            }
            if (!rows.isEmpty()) {
                Map<String, Object> last = rows.get(rows.size() - 1);
                lastTs = (Timestamp) last.get("UPD_TS");
                lastId = ((Number) last.get("ADM_ID")).longValue();
            }
            return rows;
        }
    }

    /** The hand-written mapping of one admission to its inbox row, the same rules the bus's mappings apply. */
    Map<String, Object> inboxRow(Map<String, Object> admission) {
        Map<String, Object> row = mapping.custodyInboxRow(admission);
        row.put("rabta_received_at", Timestamp.from(Instant.now()));
        return row;
    }

    /** A version-aware batch upsert of inbox rows, in the caller's transaction. */
    static PreparedStatement prepareUpsert(Connection cfms) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO pmis_custody_inbox (").append(String.join(", ", INBOX_COLUMNS))
                .append(") VALUES (").append("?, ".repeat(INBOX_COLUMNS.size() - 1)).append("?) ON DUPLICATE KEY UPDATE ");
        List<String> sets = new ArrayList<>();
        for (String column : INBOX_COLUMNS.subList(2, INBOX_COLUMNS.size())) {
            sets.add(column + " = IF(VALUES(rabta_version) > rabta_version, VALUES(" + column + "), " + column + ")");
        }
        return cfms.prepareStatement(sql.append(String.join(", ", sets)).toString());
    }

    static void addUpsert(PreparedStatement upsert, Map<String, Object> row) throws SQLException {
        for (int c = 0; c < INBOX_COLUMNS.size(); c++) {
            Object value = row.get(INBOX_COLUMNS.get(c));
            upsert.setObject(c + 1, value instanceof java.time.LocalDate date ? java.sql.Date.valueOf(date) : value);
        }
        upsert.addBatch();
    }

    static long statusValue(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getLong(rs.getMetaData().getColumnCount()) : -1;
        }
    }
}
