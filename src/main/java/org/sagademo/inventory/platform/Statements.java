package org.sagademo.inventory.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plain SQL on the current JTA transaction's connection, for the paths that write: through EclipseLink, each
 * statement of an event cost several times its JDBC call (half of the event path's CPU in the profile). The
 * container's pool hands out the connection once per transaction, kept with the transaction, and it goes back
 * when the transaction ends. (Not a {@code @TransactionScoped} bean: Payara injected its DataSource anew for
 * every transaction, through a serialised copy, which cost more than the statements.) Writes outside a
 * transaction are refused: every writer runs in one. A read outside one (the HTTP reads) borrows a connection
 * of its own: through JPA, a one-row read by key cost three times its JDBC call, a quarter of a
 * {@code GET /inventory}.
 */
@ApplicationScoped
public class Statements {

    /** Reads a row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** The key of the transaction's connection in the registry. */
    private static final Object CONNECTION = Statements.class;

    @Resource(lookup = "jdbc/inventory")
    DataSource database;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** @return the number of rows changed */
    public int update(String sql, Object... parameters) {
        return onConnection(sql, WRITES, connection -> {
            try (PreparedStatement statement = prepare(connection, sql, parameters)) {
                return statement.executeUpdate();
            }
        });
    }

    public <T> List<T> list(String sql, Row<T> row, Object... parameters) {
        return onConnection(sql, READS, connection -> {
            try (PreparedStatement statement = prepare(connection, sql, parameters); ResultSet rows = statement.executeQuery()) {
                List<T> read = new ArrayList<>();
                while (rows.next()) {
                    read.add(row.read(rows));
                }
                return read;
            }
        });
    }

    public <T> Optional<T> first(String sql, Row<T> row, Object... parameters) {
        return list(sql, row, parameters).stream().findFirst();
    }

    @FunctionalInterface
    private interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private static final boolean WRITES = true;
    private static final boolean READS = false;

    /** On the transaction's connection; outside a transaction a read borrows its own, a write is refused. */
    private <T> T onConnection(String sql, boolean writes, Work<T> work) {
        try {
            if (transactions.getTransactionKey() != null) {
                return work.on(transactionConnection());
            }
            if (writes) {
                throw new IllegalStateException("a write outside a transaction: " + sql);
            }
            try (Connection own = database.getConnection()) {
                return work.on(own);
            }
        } catch (SQLException e) {
            throw new StatementFailed(sql, e);
        }
    }

    /** A String[] or Integer[] parameter goes as an SQL array (for {@code = ANY (?)}, {@code unnest(?)}). */
    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        bind(connection, statement, parameters);
        return statement;
    }

    private static void bind(Connection connection, PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof String[] texts) {
                value = connection.createArrayOf("varchar", texts);
            } else if (value instanceof Integer[] numbers) {
                value = connection.createArrayOf("integer", numbers);
            }
            statement.setObject(i + 1, value);
        }
    }

    private Connection transactionConnection() throws SQLException {
        Connection connection = (Connection) transactions.getResource(CONNECTION);
        if (connection == null) {
            connection = database.getConnection();
            transactions.putResource(CONNECTION, connection);
            transactions.registerInterposedSynchronization(closing(connection));
        }
        return connection;
    }

    private static Synchronization closing(Connection connection) {
        return new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // the pool has taken it back with the transaction's end already
                }
            }
        };
    }

    /** Rolls the transaction back, as any runtime exception from a bean method does. */
    public static class StatementFailed extends RuntimeException {
        StatementFailed(String sql, SQLException cause) {
            super(cause.getMessage() + " [" + sql.strip().lines().findFirst().orElse("") + "]", cause);
        }
    }
}
