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
import java.util.List;
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

    private static final String STATUS = "SELECT status FROM reservations WHERE session_id = ? AND order_id = ?";
    private static final String HOLD = "INSERT INTO reservations (session_id, order_id, status, reason) VALUES (?, ?, ?, ?)";
    private static final String HOLD_LINE = """
            INSERT INTO reservation_lines (session_id, order_id, product_id, quantity) VALUES (?, ?, ?, ?)""";
    /** The reservation with its lines, locked: of several deliveries or instances settling it, one at a time. */
    private static final String LOCK = """
            SELECT r.status, r.created_at, l.product_id, l.quantity FROM reservations r
              LEFT JOIN reservation_lines l ON l.session_id = r.session_id AND l.order_id = r.order_id
             WHERE r.session_id = ? AND r.order_id = ? FOR UPDATE OF r""";
    private static final String SETTLE = """
            UPDATE reservations SET status = ?, reason = ?, updated_at = now()
             WHERE session_id = ? AND order_id = ? AND status = 'PENDING'""";
    private static final String OVERDUE = """
            SELECT session_id, order_id FROM reservations WHERE status = 'PENDING' AND created_at < ?
             ORDER BY created_at LIMIT ?""";

    @Inject
    Statements sql;

    @Inject
    Stock stock;

    /** Holds every item of the order, or nothing. The same product twice counts as the sum. */
    public ReservationOutcome reserve(String session, String orderId, List<RequestedItem> items) {
        Optional<String> existing = sql.first(STATUS, row -> row.getString(1), session, orderId);
        if (existing.isPresent()) {
            return new Refused("Order " + orderId + " already has a " + existing.get() + " reservation");
        }
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
        List<Shortfall> shortfalls = stock.reserve(session, units);
        if (!shortfalls.isEmpty()) {
            return new Refused("Insufficient stock: " + shortfalls.stream().map(Shortfall::toString)
                    .collect(Collectors.joining(", ")), shortfalls);
        }
        sql.update(HOLD, session, orderId, ReservationStatus.PENDING.name(), null);
        sql.batch(HOLD_LINE, units.entrySet().stream()
                .map(line -> new Object[] {session, orderId, line.getKey(), line.getValue()}).toList());
        return new Reserved(units);
    }

    /** Payment arrived: the held units leave the stock. */
    public ReservationOutcome confirm(String session, String orderId) {
        Optional<Reservation> reservation = locked(session, orderId);
        if (reservation.isEmpty() || !reservation.get().isPending()) {
            return new Anomaly("payment for " + reservation.map(r -> "a " + r.status()).orElse("an unknown")
                    + " reservation; stock unchanged");
        }
        stock.takeReserved(session, reservation.get().units());
        settle(session, orderId, ReservationStatus.CONFIRMED, null);
        return new Confirmed();
    }

    /** Compensation: the held units go back to the pool; before its order, it bars the order. */
    public ReservationOutcome release(String session, String orderId, String reason) {
        Optional<Reservation> reservation = locked(session, orderId);
        if (reservation.isEmpty()) {
            sql.update(HOLD, session, orderId, ReservationStatus.RELEASED.name(), reason);
            return new Released(new TreeMap<>(), reason);
        }
        if (!reservation.get().isPending()) {
            return new Anomaly("release of a " + reservation.get().status() + " reservation; nothing changed");
        }
        return giveBack(session, orderId, reservation.get(), reason);
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
        Optional<Reservation> reservation = locked(session, orderId);
        if (reservation.isEmpty() || !reservation.get().isPending() || !reservation.get().heldSinceBefore(cutoff)) {
            return new Unchanged();
        }
        return giveBack(session, orderId, reservation.get(), EXPIRED);
    }

    private Released giveBack(String session, String orderId, Reservation reservation, String reason) {
        stock.unreserve(session, reservation.units());
        settle(session, orderId, ReservationStatus.RELEASED, reason);
        return new Released(reservation.units(), reason);
    }

    /** Only a PENDING reservation moves; the caller holds its lock and has checked it is one. */
    private void settle(String session, String orderId, ReservationStatus next, String reason) {
        if (sql.update(SETTLE, next.name(), reason, session, orderId) != 1) {
            throw new IllegalStateException("reservation " + orderId + " of " + session + " is no longer PENDING");
        }
    }

    private Optional<Reservation> locked(String session, String orderId) {
        List<LockedLine> rows = sql.list(LOCK, row -> new LockedLine(ReservationStatus.valueOf(row.getString(1)),
                row.getObject(2, OffsetDateTime.class), row.getString(3), row.getInt(4)), session, orderId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        SortedMap<String, Integer> units = new TreeMap<>();
        rows.stream().filter(row -> row.product() != null).forEach(row -> units.put(row.product(), row.quantity()));
        return Optional.of(new Reservation(rows.get(0).status(), rows.get(0).createdAt(), units));
    }

    /** A row of {@link #LOCK}: the reservation repeated with each of its lines (product null if it has none). */
    private record LockedLine(ReservationStatus status, OffsetDateTime createdAt, String product, int quantity) {
    }
}
