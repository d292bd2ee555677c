package org.sagademo.inventory.localstack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads the service's tables directly, to check what a commit left behind. */
public final class Rows {

    /** Products breaking {@code 0 <= reserved <= stock_level} or {@code reserved = sum of PENDING lines}. */
    private static final String RESERVATIONS_IN_STATE = "SELECT count(*) FROM reservations WHERE session_id = ? AND status = ?";
    private static final String INVARIANT_VIOLATIONS = """
            SELECT p.id FROM products p
              LEFT JOIN (SELECT l.product_id, sum(l.quantity) AS held
                           FROM reservation_lines l JOIN reservations r USING (session_id, order_id)
                          WHERE r.session_id = ? AND r.status = 'PENDING' GROUP BY l.product_id) h
                ON h.product_id = p.id
             WHERE p.session_id = ?
               AND (p.reserved < 0 OR p.reserved > p.stock_level OR p.reserved <> coalesce(h.held, 0))""";

    private final int port;

    /** The database a local stack runs on {@code port}. */
    public Rows(int port) {
        this.port = port;
    }

    public record Stock(int stockLevel, int reserved) {
    }

    public Stock stock(String session, String product) {
        List<Stock> rows = query("SELECT stock_level, reserved FROM products WHERE session_id = ? AND id = ?",
                rs -> new Stock(rs.getInt(1), rs.getInt(2)), session, product);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Each product's id, version and last update, in id order. */
    public List<String> versions(String session) {
        return query("SELECT id || ' ' || version || ' ' || updated_at FROM products WHERE session_id = ? ORDER BY id",
                rs -> rs.getString(1), session);
    }

    public String reservationStatus(String session, String order) {
        List<String> rows = query("SELECT status FROM reservations WHERE session_id = ? AND order_id = ?",
                rs -> rs.getString(1), session, order);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public long count(String table, String session) {
        return query("SELECT count(*) FROM " + table + " WHERE session_id = ?", rs -> rs.getLong(1), session).get(0);
    }

    /** Deletes the session's rows of the table. */
    public void forget(String table, String session) {
        query("DELETE FROM " + table + " WHERE session_id = ? RETURNING 1", rs -> rs.getInt(1), session);
    }

    public List<String> invariantViolations(String session) {
        return query(INVARIANT_VIOLATIONS, rs -> rs.getString(1), session, session);
    }

    /** What a committed database branch leaves for an applied event: its key, its message, its answer. */
    public void recordProcessed(String session, String eventKey, String answerId, String answer) {
        query("INSERT INTO processed_events (session_id, event_key, answer_id, answer) VALUES (?, ?, ?, ?) RETURNING 1",
                rs -> rs.getInt(1), session, eventKey, answerId, answer);
    }

    /** Gives an event's recorded answer an id the broker has not seen, as if its duplicate ids had moved past the first. */
    public void renewAnswerId(String session, String eventKey) {
        query("UPDATE processed_events SET answer_id = 'inventory-answer:' || gen_random_uuid() WHERE session_id = ? AND event_key = ? RETURNING 1",
                rs -> rs.getInt(1), session, eventKey);
    }

    /** Renames a table: every statement on it fails until it is renamed back, a fault that fails rather than waits. */
    public void renameTable(String from, String to) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + from + " RENAME TO " + to);
        }
    }

    /** Moves a reservation's creation back in time, as if it had been held that long. */
    public void age(String session, String order, java.time.Duration by) {
        query("UPDATE reservations SET created_at = created_at - ? * interval '1 second' WHERE session_id = ? AND order_id = ? RETURNING 1",
                rs -> rs.getInt(1), by.toSeconds(), session, order);
    }

    /** The outbox's next row gets the id of its last, as in a database re-created or restored from a backup. */
    public void reuseLastOutboxId() {
        query("SELECT setval('outbox_id_seq', last_value, false) FROM outbox_id_seq", rs -> rs.getLong(1));
    }

    /** An event of the session waiting in the outbox, as an expiry's waits while the broker is away; sent by the next round. */
    public void waitingInOutbox(String session, String event) {
        waitingInOutbox(session, List.of(event));
    }

    /** The events waiting in the outbox at once: one round of it finds them all. */
    public void waitingInOutbox(String session, List<String> events) {
        inOutbox(session, events, null);
    }

    /** Events in the outbox that a batch of another instance is sending: no round takes them for 5 minutes. */
    public void sendingFromOutbox(String session, List<String> events) {
        inOutbox(session, events, java.time.OffsetDateTime.now());
    }

    private void inOutbox(String session, List<String> events, java.time.OffsetDateTime claimedAt) {
        try (Connection connection = connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox (session_id, event, answer_id, claimed_at) "
                     + "SELECT ?, event, 'test-' || gen_random_uuid(), ? FROM unnest(?) WITH ORDINALITY AS e (event, n) ORDER BY n")) {
            insert.setString(1, session);
            insert.setObject(2, claimedAt);
            insert.setArray(3, connection.createArrayOf("text", events.toArray()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Orders of the session paid long ago, one unit of the product each: their reservations, lines and two events. */
    public void pastOrders(String session, int orders, String product) {
        query("""
                WITH reserved AS (
                    INSERT INTO reservations (session_id, order_id, status) SELECT ?, 'past-' || n, 'CONFIRMED'
                      FROM generate_series(1, ?) AS n RETURNING session_id, order_id),
                lines AS (
                    INSERT INTO reservation_lines (session_id, order_id, product_id, quantity)
                    SELECT session_id, order_id, ?, 1 FROM reserved RETURNING 1),
                events AS (
                    INSERT INTO processed_events (session_id, event_key)
                    SELECT session_id, type || ':' || order_id FROM reserved, unnest(ARRAY['ORDER_CREATED', 'PAYMENT_SUCCESS']) AS type
                    RETURNING 1)
                SELECT (SELECT count(*) FROM lines) + (SELECT count(*) FROM events)""", rs -> rs.getLong(1), session, orders, product);
    }

    /** Sets a product's reserved units: breaks reserved = the sum of PENDING lines, as only a bug could. */
    public void setReserved(String session, String product, int reserved) {
        query("UPDATE products SET reserved = ? WHERE session_id = ? AND id = ? RETURNING 1",
                rs -> rs.getInt(1), reserved, session, product);
    }

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Reservations of the session in the given state. */
    public long reservations(String session, String status) {
        return query(RESERVATIONS_IN_STATE, rs -> rs.getLong(1), session, status).get(0);
    }

    /**
     * Whether the session comes to hold {@code count} reservations in the state within the time, counted every
     * {@code everyMillis} on one connection: a new connection for each count (every 20 ms while a phase of the benchmark
     * runs) is a PostgreSQL backend forked each time, CPU the database then lacks for the service.
     */
    public boolean awaitReservations(String session, String status, long count, long timeoutMillis, long everyMillis) {
        try (Connection connection = connect(); PreparedStatement counting = connection.prepareStatement(RESERVATIONS_IN_STATE)) {
            counting.setString(1, session);
            counting.setString(2, status);
            return Poll.until(() -> countOf(counting) >= count, timeoutMillis, everyMillis);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long countOf(PreparedStatement counting) {
        try (ResultSet rs = counting.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A transaction of its own (autocommit off): a test holds rows locked in it while the service works. */
    public Connection transaction() throws SQLException {
        Connection connection = connect();
        connection.setAutoCommit(false);
        return connection;
    }

    /** Locks a product's row in the transaction, as an event's update does, until it ends. */
    public static void lockProduct(Connection transaction, String session, String product) throws SQLException {
        try (PreparedStatement lock = transaction.prepareStatement("SELECT 1 FROM products WHERE session_id = ? AND id = ? FOR UPDATE")) {
            lock.setString(1, session);
            lock.setString(2, product);
            lock.executeQuery().close();
        }
    }

    /** Locks a table in the transaction, until it ends: whoever reads it waits. */
    public static void lockTable(Connection transaction, String table) throws SQLException {
        try (Statement lock = transaction.createStatement()) {
            lock.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        }
    }

    /** In the transaction, opens a reservation as an order's event does: its row, its line, the product's reserved units. */
    public static void openReservation(Connection transaction, String session, String order, String product, int quantity)
            throws SQLException {
        update(transaction, "INSERT INTO reservations (session_id, order_id, status) VALUES (?, ?, 'PENDING')", session, order);
        update(transaction, "INSERT INTO reservation_lines (session_id, order_id, product_id, quantity) VALUES (?, ?, ?, ?)",
                session, order, product, quantity);
        update(transaction, "UPDATE products SET reserved = reserved + ?, version = version + 1 WHERE session_id = ? AND id = ?",
                quantity, session, product);
    }

    private static void update(Connection transaction, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement update = transaction.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        }
    }

    /**
     * Statements that read products and wait for a lock on the table: the HTTP API's reads, not the expiry timer's
     * or an event's statements, which read no products while they touch the reservation tables.
     */
    public long productReadsWaitingOn(String table) {
        return query("""
                SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                 WHERE NOT l.granted AND l.relation = CAST(? AS regclass) AND a.query LIKE '%products%'""",
                rs -> rs.getLong(1), table).get(0);
    }

    /** Statements that lock rows as they read them (FOR UPDATE) waiting for a lock another transaction holds. */
    public long lockingReadsWaiting() {
        return waitingForLocks(" AND query ILIKE '%for update%'");
    }

    /** Transactions of the database waiting for an advisory lock (a session's reset lock) another holds. */
    public long advisoryLockWaits() {
        return waitingForLocks(" AND wait_event = 'advisory'");
    }

    /** Statements on the products table waiting for a lock another transaction holds (a seed, an event). */
    public long productStatementsWaiting() {
        return waitingForLocks(" AND query ILIKE '%products%'");
    }

    private long waitingForLocks(String andWhich) {
        return query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                + andWhich, rs -> rs.getLong(1)).get(0);
    }

    /** The tables' bytes on disk, their indexes and TOAST included. */
    public long diskBytes(List<String> tables) {
        return tables.stream().mapToLong(table -> query("SELECT pg_total_relation_size(CAST(? AS regclass))",
                rs -> rs.getLong(1), table).get(0)).sum();
    }

    /**
     * The table's updates so far, and how many of them were HOT (the new version on the same page, no new index entry), as
     * PostgreSQL's statistics have them: a backend reports its counts within 10 s of going idle.
     */
    public record Updates(long all, long hot) {
    }

    public Updates updates(String table) {
        return query("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = ?",
                rs -> new Updates(rs.getLong(1), rs.getLong(2)), table).get(0);
    }

    /** Rewrites the tables without their dead row versions (VACUUM FULL; the fill factors stay). */
    public void compact(List<String> tables) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("VACUUM FULL " + String.join(", ", tables));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every table the service created, its schema history included: the database of a first start. */
    public void dropEverything() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP OWNED BY " + EmbeddedDatabase.USER);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> List<T> query(String sql, Row<T> row, Object... parameters) {
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection connect() throws SQLException {
        return EmbeddedDatabase.connect(port);
    }
}
