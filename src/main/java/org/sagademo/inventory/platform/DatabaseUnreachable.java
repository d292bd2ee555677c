package org.sagademo.inventory.platform;

import java.sql.SQLException;
import java.util.function.Predicate;

/**
 * Whether a failure is the database out of reach, which passes, rather than anything about the request or event:
 * a connection failure (SQLState class 08), the server shutting down or starting (class 57P), or a pool that could
 * not hand out a connection. A request then gets 503, an event waits for the database.
 */
public final class DatabaseUnreachable {

    private DatabaseUnreachable() {
    }

    public static boolean isCauseOf(Throwable failure) {
        return anySqlCause(failure, sql -> {
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            return state.startsWith("08") || state.startsWith("57P") || String.valueOf(sql.getMessage()).contains("allocating a connection");
        });
    }

    /**
     * Whether the database refused the login for good: its credentials (SQLState class 28) or a database it does not
     * have (3D000). No wait helps that.
     */
    public static boolean isLoginRefusedForGood(Throwable failure) {
        return anySqlCause(failure, sql -> sql.getSQLState() != null
                && (sql.getSQLState().startsWith("28") || sql.getSQLState().equals("3D000")));
    }

    /** Whether a failure or any of its causes is a database failure that {@code test} recognises. */
    static boolean anySqlCause(Throwable failure, Predicate<SQLException> test) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && test.test(sql)) {
                return true;
            }
        }
        return false;
    }
}
