package pk.gov.punjab.rabta.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;

import org.junit.jupiter.api.Test;

import pk.gov.punjab.rabta.connector.ConnectorRegistry;

/** A suite that runs on one database checks that it does, so no suite silently tests another. */
public interface OnIntendedDatabase {
    ConnectorRegistry connectorRegistry();

    /** The product name the PMIS connector's database must report. */
    String expectedDatabase();

    @Test
    default void theCapturedSourceIsTheIntendedDatabase() throws Exception {
        try (Connection connection = connectorRegistry().dataSource("pmis-db").getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo(expectedDatabase());
        }
    }
}
