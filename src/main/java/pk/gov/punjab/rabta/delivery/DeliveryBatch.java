package pk.gov.punjab.rabta.delivery;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.apache.camel.Exchange;

/**
 * The records a bus consumer took off its queue in one broker transaction, written to their targets in one database
 * transaction per target. A row the target refuses is undone alone (by the database's own statement rollback, or
 * a savepoint where a failed statement would spoil the transaction) and goes its own way (retried, then dead-lettered) while the rest of the batch stands. A target that goes away, or a
 * transaction the database rolled back whole, interrupts the batch: the consumer writes it again from the start.
 * What a record's delivery tells the rest of the bus (counters, audit, the next held message) waits for the commit.
 */
public final class DeliveryBatch implements AutoCloseable {
    /** The exchange property a batched record carries. */
    public static final String PROPERTY = "RabtaDeliveryBatch";

    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private final Map<String, Boolean> needsSavepoints = new LinkedHashMap<>();
    private final Map<RowUpserter, Deferred> deferred = new LinkedHashMap<>();
    private final Map<RowUpserter, Deferred> kept = new LinkedHashMap<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final Set<String> called = new HashSet<>();
    private final boolean oneByOne;
    private Exception interruption;
    private boolean refusedTogether;

    /** {@code oneByOne}: every row is written as it comes, to find the one a target refuses; else upserts wait for the commit. */
    public DeliveryBatch(boolean oneByOne) {
        this.oneByOne = oneByOne;
    }

    /** The rows an upserter holds back until the commit, with what each record does once its outcome is known. */
    private record Deferred(String target, TargetCircuits.Circuit circuit, List<Map<String, Object>> rows,
                            List<Consumer<RowUpserter.Outcome>> then) {
    }

    public static DeliveryBatch of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, DeliveryBatch.class);
    }

    /** True when the exchange's batch was interrupted: its record waits for the batch to be written again. */
    public static boolean isInterrupted(Exchange exchange) {
        DeliveryBatch batch = of(exchange);
        return batch != null && batch.interruption != null;
    }

    public void attach(Exchange exchange) {
        exchange.setProperty(PROPERTY, this);
    }

    /** Work on one row in the target's transaction; {@code undo}, when not null, rolls back this row's statements alone. */
    @FunctionalInterface
    public interface RowWork<T> {
        T run(Connection connection, Savepoint undo) throws SQLException;
    }

    /**
     * Runs one row's statements inside the target's batch transaction. A refusal is undone to the row's savepoint and
     * rethrown for the route to deal with; anything that leaves the transaction unusable interrupts the batch.
     */
    public <T> T write(String target, DataSource dataSource, RowWork<T> work) throws Exception {
        if (interruption != null) {
            throw new Interrupted(interruption);
        }
        // What this target holds back goes first, so the rows reach it in the order they came.
        flush(target);
        Connection connection;
        Savepoint undo;
        try {
            connection = connection(target, dataSource);
            undo = needsSavepoints.get(target) ? connection.setSavepoint() : null;
        } catch (SQLException e) {
            throw interrupt(e);
        }
        T result;
        try {
            result = work.run(connection, undo);
        } catch (SQLException | RuntimeException e) {
            if (TargetUnavailableException.isUnavailable(e) || rolledBackWhole(e)) {
                throw interrupt(e);
            }
            try {
                if (undo != null) {
                    connection.rollback(undo);
                }
            } catch (SQLException undoFailed) {
                e.addSuppressed(undoFailed);
                throw interrupt(e);
            }
            throw e;
        }
        try {
            if (undo != null) {
                connection.releaseSavepoint(undo);
            }
        } catch (SQLException e) {
            throw interrupt(e);
        }
        return result;
    }

    /** True the first time a record of this batch goes to the target. */
    public boolean firstCallTo(String target) {
        return called.add(target);
    }

    /** True when upserts may wait for the commit and go together, rather than each as it comes. */
    public boolean defersUpserts() {
        return !oneByOne;
    }

    /**
     * Holds the row back to be upserted with the others for the same table at the commit; {@code then} learns its
     * outcome there. If the target refuses them together, the whole batch is written again one row at a time.
     */
    public void deferUpsert(String target, TargetCircuits.Circuit circuit, RowUpserter upserter, Map<String, Object> row,
                            Consumer<RowUpserter.Outcome> then) {
        Deferred held = deferred.computeIfAbsent(upserter, u -> new Deferred(target, circuit, new ArrayList<>(), new ArrayList<>()));
        held.rows().add(row);
        held.then().add(then);
    }

    /**
     * Keeps a row in a table of the bus's own (no circuit watches it) with the batch: held back with the others for its
     * table and written in a short transaction of its own as the batch commits, before the targets, so a consumer never
     * holds one of that pool's connections while it waits for another. In the one-row-at-a-time pass it is written at
     * once. {@code then} learns its outcome once every target has committed.
     */
    public void keep(RowUpserter upserter, Map<String, Object> row, Consumer<RowUpserter.Outcome> then) throws SQLException {
        if (oneByOne) {
            RowUpserter.Outcome outcome = upserter.upsert(row);
            afterCommit(() -> then.accept(outcome));
            return;
        }
        Deferred held = kept.computeIfAbsent(upserter, u -> new Deferred(null, null, new ArrayList<>(), new ArrayList<>()));
        held.rows().add(row);
        held.then().add(then);
    }

    /** Writes the rows kept with the batch, each table in one transaction; a refusal sends the batch round one row at a time. */
    private void writeKept() throws SQLException {
        for (Iterator<Map.Entry<RowUpserter, Deferred>> it = kept.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<RowUpserter, Deferred> entry = it.next();
            Deferred held = entry.getValue();
            it.remove();
            List<RowUpserter.Outcome> outcomes;
            try (Connection connection = entry.getKey().dataSource().getConnection()) {
                connection.setAutoCommit(false);
                try {
                    outcomes = entry.getKey().upsertAll(connection, held.rows());
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException | RuntimeException e) {
                if (!TargetUnavailableException.isUnavailable(e) && !rolledBackWhole(e)) {
                    refusedTogether = true;
                }
                interrupt(e);
                throw e instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
            }
            for (int i = 0; i < outcomes.size(); i++) {
                RowUpserter.Outcome outcome = outcomes.get(i);
                Consumer<RowUpserter.Outcome> then = held.then().get(i);
                afterCommit(() -> then.accept(outcome));
            }
        }
    }

    /** True when the target refused the rows written together: the consumer writes the batch again one row at a time. */
    public boolean refusedTogether() {
        return refusedTogether;
    }

    /** Writes the rows held back for a target, on its batch connection. */
    private void flush(String target) {
        for (Iterator<Map.Entry<RowUpserter, Deferred>> it = deferred.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<RowUpserter, Deferred> entry = it.next();
            Deferred held = entry.getValue();
            if (target != null && !held.target().equals(target)) {
                continue;
            }
            it.remove();
            List<RowUpserter.Outcome> outcomes;
            try {
                outcomes = entry.getKey().upsertAll(connection(held.target(), entry.getKey().dataSource()), held.rows());
            } catch (SQLException | RuntimeException e) {
                if (TargetUnavailableException.isUnavailable(e)) {
                    held.circuit().unavailable(e);
                } else if (!rolledBackWhole(e)) {
                    refusedTogether = true;
                }
                throw interrupt(e);
            }
            held.circuit().succeeded();
            for (int i = 0; i < outcomes.size(); i++) {
                held.then().get(i).accept(outcomes.get(i));
            }
        }
    }

    /** Runs once every target has committed; an interrupted attempt's actions are dropped with it. */
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    public Exception interruption() {
        return interruption;
    }

    /** Marks the batch as interrupted by a failure that happened outside {@link #write}, such as an open circuit. */
    public Interrupted interrupt(Exception cause) {
        if (interruption == null) {
            interruption = cause;
        }
        return new Interrupted(cause);
    }

    /** The batch waits because the target's circuit is open; no failure of its own to carry. */
    public Interrupted interruptWhileOpen(TargetUnavailableException open) {
        if (interruption == null) {
            interruption = open;
        }
        return new Interrupted(open.getMessage());
    }

    /** Commits every target, then tells the bus what was delivered. A failure here leaves the batch to be written again. */
    public void commit() throws SQLException {
        writeKept();
        try {
            flush(null);
        } catch (Interrupted e) {
            throw new SQLException(e.getMessage(), e.getCause());
        }
        for (Connection connection : connections.values()) {
            connection.commit();
        }
        closeConnections();
        for (Runnable action : afterCommit) {
            action.run();
        }
        afterCommit.clear();
    }

    /** Rolls back what was not committed and gives the connections back. */
    @Override
    public void close() {
        for (Connection connection : connections.values()) {
            try {
                connection.rollback();
            } catch (SQLException broken) {
                // The connection is gone with its transaction; the pool discards it.
            }
        }
        closeConnections();
        afterCommit.clear();
        deferred.clear();
        kept.clear();
    }

    private Connection connection(String target, DataSource dataSource) throws SQLException {
        Connection connection = connections.get(target);
        if (connection == null) {
            connection = dataSource.getConnection();
            try {
                connection.setAutoCommit(false);
                // No gap locks: consumers writing neighbouring keys of one inbox table must not deadlock each other.
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                needsSavepoints.put(target, abortsTransactionOnError(connection));
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            connections.put(target, connection);
        }
        return connection;
    }

    private void closeConnections() {
        for (Connection connection : connections.values()) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing only returns it to the pool.
            }
        }
        connections.clear();
    }

    /**
     * PostgreSQL spoils the whole transaction when a statement fails, so each row needs a savepoint to fall back to. The
     * others (MariaDB, MySQL, H2) undo just the failed statement, and a row is written by one statement that takes
     * effect (an update, an insert, or an insert refused then an update), so a savepoint there would only cost two more
     * round trips per row.
     */
    private static boolean abortsTransactionOnError(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }

    /** A deadlock or serialization failure: the database has rolled back the whole transaction, not just the row. */
    static boolean rolledBackWhole(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransactionRollbackException
                    || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    /** The batch cannot go on; the consumer writes it again from its first record once the target answers. */
    public static final class Interrupted extends RuntimeException {
        Interrupted(Throwable cause) {
            super("delivery batch interrupted: " + cause.getMessage(), cause);
        }

        Interrupted(String why) {
            super("delivery batch interrupted: " + why);
        }
    }
}
