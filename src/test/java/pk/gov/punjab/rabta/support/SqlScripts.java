package pk.gov.punjab.rabta.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/** Runs a shipped SQL file as a DBA would: PostgreSQL takes it whole (dollar-quoted bodies), others statement by statement. */
public final class SqlScripts {
    private SqlScripts() {
    }

    public static void run(DataSource dataSource, Path file) {
        try (Connection connection = dataSource.getConnection(); Statement st = connection.createStatement()) {
            String sql = Files.readString(file, StandardCharsets.UTF_8);
            if (connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
                st.execute(sql);
                return;
            }
            for (String statement : sql.replaceAll("(?m)^\\s*--.*$", "").split(";\\s*\\n")) {
                if (!statement.isBlank()) {
                    st.execute(statement);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
