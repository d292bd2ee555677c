package org.sagademo.inventory.platform;

import java.sql.SQLException;

/**
 * Whether a failure is the database out of reach, which passes, rather than anything about the request or event:
 * a connection failure (SQLState class 08), the server shutting down or starting (class 57P), or a pool that could
 * not hand out a connection. A request then gets 503, an event waits for the database.
 */
public final class DatabaseUnreachable {

    private DatabaseUnreachable() {
    }

    public static boolean isCauseOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                String message = String.valueOf(sql.getMessage());
                if (state.startsWith("08") || state.startsWith("57P") || message.contains("allocating a connection")) {
                    return true;
                }
            }
        }
        return false;
    }
}
