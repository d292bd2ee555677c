package org.sagademo.inventory.platform;

import java.sql.SQLException;

/**
 * Whether PostgreSQL rolled the work back so that another transaction could go on: a deadlock it broke (SQLState 40P01)
 * or a serialization failure (40001). Nothing of it was kept, and the same request made again succeeds (a reset that
 * met the outbox's deletes of the same rows in another order, say): a request then gets 503, not 500.
 */
public final class RolledBackForAnother {

    private RolledBackForAnother() {
    }

    public static boolean isCauseOf(Throwable failure) {
        return DatabaseUnreachable.anySqlCause(failure,
                (SQLException sql) -> "40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()));
    }
}
