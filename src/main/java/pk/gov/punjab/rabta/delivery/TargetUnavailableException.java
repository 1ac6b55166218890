package pk.gov.punjab.rabta.delivery;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** The target could not be reached (refused, timed out, shutting down): the record waits; it is not bad data. */
public class TargetUnavailableException extends RuntimeException {
    public TargetUnavailableException(String target, String why, Throwable cause) {
        super("target " + target + " is unavailable: " + why, cause);
    }

    /**
     * Connection-class failures: SQLState 08xxx, a refused or timed-out socket, or a database shutting down (57P0x). A
     * transient "connection" exception with some other SQLState is not one: the MariaDB driver reports a trigger's
     * SIGNAL SQLSTATE '45000' that way, and that is the target refusing the record.
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException connection && !isOtherState(connection)) {
                return true;
            }
            if (t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException || t instanceof SocketTimeoutException
                    || t instanceof TargetUnavailableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0")
                    || sql.getSQLState().equals("HYT00") || sql.getSQLState().equals("90067"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOtherState(SQLException e) {
        String state = e.getSQLState();
        return state != null && !state.startsWith("08") && !state.equals("HYT00");
    }
}
