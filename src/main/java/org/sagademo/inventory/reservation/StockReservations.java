package org.sagademo.inventory.reservation;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.sagademo.inventory.inventory.Shortfall;
import org.sagademo.inventory.inventory.Stock;
import org.sagademo.inventory.platform.Statements;
import org.sagademo.inventory.reservation.ReservationOutcome.Anomaly;
import org.sagademo.inventory.reservation.ReservationOutcome.Confirmed;
import org.sagademo.inventory.reservation.ReservationOutcome.Refused;
import org.sagademo.inventory.reservation.ReservationOutcome.Released;
import org.sagademo.inventory.reservation.ReservationOutcome.Reserved;
import org.sagademo.inventory.reservation.ReservationOutcome.Unchanged;

import java.time.OffsetDateTime;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reservations and the stock they hold change together here, which keeps
 * {@code reserved = sum of PENDING lines} for every product. A step of the caller's transaction (a plain
 * bean, as {@link Stock}: an EJB here cost another container call on every event, and
 * {@link Statements} refuses writes outside a transaction, as MANDATORY did).
 */
@Dependent
public class StockReservations {

    /** More units than any real order asks for in one line. */
    static final long MAX_QUANTITY = 1_000_000;
    /** The release reason of a reservation held past its time to live (the saga contract's word). */
    static final String EXPIRED = "expired";
    /** The cutoff of a settlement that is not an expiry (PostgreSQL's infinity). */
    private static final OffsetDateTime ANY_TIME = OffsetDateTime.MAX;

    private static final String STATUS = "SELECT status FROM reservations WHERE session_id = ? AND order_id = ?";
    /**
     * The reservation and its lines in one round trip, unless the order has one already (changes no row then):
     * a compensation's row being written at the same time is waited for, then found.
     */
    private static final String HOLD = """
            WITH hold AS (
                INSERT INTO reservations (session_id, order_id, status) VALUES (?, ?, 'PENDING')
                ON CONFLICT DO NOTHING RETURNING session_id, order_id)
            INSERT INTO reservation_lines (session_id, order_id, product_id, quantity)
            SELECT hold.session_id, hold.order_id, line.product_id, line.quantity
              FROM hold, unnest(?::varchar[], ?::integer[]) AS line (product_id, quantity)""";
    /** A compensation that came before its order: the order, when it comes, finds it and is refused. */
    private static final String BAR = """
            INSERT INTO reservations (session_id, order_id, status, reason) VALUES (?, ?, 'RELEASED', ?)""";
    private static final String DROP = "DELETE FROM reservations WHERE session_id = ? AND order_id = ?";
    /**
     * A PENDING reservation (held since before the cutoff) moves, under its row lock, and its lines come back:
     * of several deliveries or instances settling it, one moves it and the others find no row. A line's
     * product is null if the reservation has none. Lines never change once written.
     */
    private static final String SETTLE = """
            WITH settled AS (
                UPDATE reservations SET status = ?, reason = ?, updated_at = now()
                 WHERE session_id = ? AND order_id = ? AND status = 'PENDING' AND created_at < ?
                RETURNING session_id, order_id)
            SELECT l.product_id, l.quantity FROM settled
              LEFT JOIN reservation_lines l ON l.session_id = settled.session_id AND l.order_id = settled.order_id""";
    private static final String OVERDUE = """
            SELECT session_id, order_id FROM reservations WHERE status = 'PENDING' AND created_at < ?
             ORDER BY created_at LIMIT ?""";

    @Inject
    Statements sql;

    @Inject
    Stock stock;

    /** Holds every item of the order, or nothing. The same product twice counts as the sum. */
    public ReservationOutcome reserve(String session, String orderId, List<RequestedItem> items) {
        if (items.isEmpty()) {
            return new Refused("Order has no items");
        }
        SortedMap<String, Long> requested = new TreeMap<>();
        for (RequestedItem item : items) {
            if (item.quantity() < 1 || requested.merge(item.product(), item.quantity(), Long::sum) > MAX_QUANTITY) {
                return new Refused("Invalid quantity for " + item.product() + ": " + item.quantity()
                        + " (must be 1 to " + MAX_QUANTITY + " per product)");
            }
        }
        SortedMap<String, Integer> units = new TreeMap<>();
        requested.forEach((product, quantity) -> units.put(product, quantity.intValue()));
        if (sql.update(HOLD, session, orderId, units.keySet().toArray(String[]::new),
                units.values().toArray(Integer[]::new)) == 0) {
            String existing = status(session, orderId).orElseThrow();
            return new Refused("Order " + orderId + " already has a " + existing + " reservation");
        }
        List<Shortfall> shortfalls = stock.reserve(session, units);
        if (!shortfalls.isEmpty()) {
            sql.update(DROP, session, orderId);
            return new Refused("Insufficient stock: " + shortfalls.stream().map(Shortfall::toString)
                    .collect(Collectors.joining(", ")), shortfalls);
        }
        return new Reserved(units);
    }

    /** Payment arrived: the held units leave the stock. */
    public ReservationOutcome confirm(String session, String orderId) {
        Optional<SortedMap<String, Integer>> settled = settle(session, orderId, ReservationStatus.CONFIRMED, null, ANY_TIME);
        if (settled.isEmpty()) {
            return new Anomaly("payment for " + status(session, orderId).map(status -> "a " + status).orElse("an unknown")
                    + " reservation; stock unchanged");
        }
        stock.takeReserved(session, settled.get());
        return new Confirmed();
    }

    /** Compensation: the held units go back to the pool; before its order, it bars the order. */
    public ReservationOutcome release(String session, String orderId, String reason) {
        Optional<SortedMap<String, Integer>> settled = settle(session, orderId, ReservationStatus.RELEASED, reason, ANY_TIME);
        if (settled.isPresent()) {
            stock.unreserve(session, settled.get());
            return new Released(settled.get(), reason);
        }
        Optional<String> status = status(session, orderId);
        if (status.isPresent()) {
            return new Anomaly("release of a " + status.get() + " reservation; nothing changed");
        }
        sql.update(BAR, session, orderId, reason);
        return new Released(new TreeMap<>(), reason);
    }

    /** Reservations PENDING since before the cutoff, oldest first. */
    public List<OverdueReservation> overdue(OffsetDateTime cutoff, int limit) {
        return sql.list(OVERDUE, row -> new OverdueReservation(row.getString(1), row.getString(2)), cutoff, limit);
    }

    /**
     * Releases a reservation still PENDING since before the cutoff. Under the row lock, so that of
     * several instances expiring it at once, one releases it and the others find it settled.
     */
    public ReservationOutcome expire(String session, String orderId, OffsetDateTime cutoff) {
        Optional<SortedMap<String, Integer>> settled = settle(session, orderId, ReservationStatus.RELEASED, EXPIRED, cutoff);
        if (settled.isEmpty()) {
            return new Unchanged();
        }
        stock.unreserve(session, settled.get());
        return new Released(settled.get(), EXPIRED);
    }

    /** @return the settled reservation's units by product, in product-id (lock) order; empty if it was not PENDING */
    private Optional<SortedMap<String, Integer>> settle(String session, String orderId, ReservationStatus next,
                                                        String reason, OffsetDateTime cutoff) {
        List<Map.Entry<String, Integer>> lines = sql.list(SETTLE, row -> new SimpleEntry<>(row.getString(1), row.getInt(2)),
                next.name(), reason, session, orderId, cutoff);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        SortedMap<String, Integer> units = new TreeMap<>();
        lines.stream().filter(line -> line.getKey() != null).forEach(line -> units.put(line.getKey(), line.getValue()));
        return Optional.of(units);
    }

    private Optional<String> status(String session, String orderId) {
        return sql.first(STATUS, row -> row.getString(1), session, orderId);
    }
}
