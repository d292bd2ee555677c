package org.sagademo.inventory.reservation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.sagademo.inventory.inventory.InventoryStats;
import org.sagademo.inventory.inventory.ProductView.OpenReservation;
import org.sagademo.inventory.inventory.SessionReservations;
import org.sagademo.inventory.inventory.SessionReset;
import org.sagademo.inventory.platform.SessionId;
import org.sagademo.inventory.platform.Statements;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A session's reservations as the HTTP API reads them, in the caller's transaction if it has one (reads have none). */
@ApplicationScoped
public class ReservationsOfSession implements SessionReservations {

    // Each open reservation's lines by their primary key. As a plain join, right after a burst of reservations
    // (a session the statistics think is tiny) PostgreSQL looped over the open reservations and scanned all of
    // the session's lines for each: 1,000 open reservations cost 0.4 s, a million index entries. OFFSET 0 keeps
    // the lateral subquery from being merged into such a join, so every lookup is by (session, order).
    private static final String PENDING_LINES = """
            SELECT l.product_id, r.order_id, l.quantity FROM reservations r
            CROSS JOIN LATERAL (SELECT product_id, quantity FROM reservation_lines x
                                 WHERE x.session_id = r.session_id AND x.order_id = r.order_id OFFSET 0) l
             WHERE r.session_id = ? AND r.status = 'PENDING'
             ORDER BY r.created_at, r.order_id""";
    private static final String COUNT_BY_STATUS = "SELECT status, count(*) FROM reservations WHERE session_id = ? GROUP BY status";
    /** Lines go with their reservations (ON DELETE CASCADE). */
    private static final String DELETE_SESSION = "DELETE FROM reservations WHERE session_id = ?";

    @Inject
    Statements sql;

    @Override
    public Map<String, List<OpenReservation>> openByProduct(SessionId session) {
        return sql.list(PENDING_LINES, row -> Map.entry(row.getString(1), new OpenReservation(row.getString(2), row.getInt(3))),
                        session.value()).stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    @Override
    public InventoryStats.Reservations counts(SessionId session) {
        Map<ReservationStatus, Long> byStatus = new EnumMap<>(ReservationStatus.class);
        for (ReservationStatus status : ReservationStatus.values()) {
            byStatus.put(status, 0L);
        }
        sql.list(COUNT_BY_STATUS, row -> Map.entry(ReservationStatus.valueOf(row.getString(1)), row.getLong(2)), session.value())
                .forEach(count -> byStatus.put(count.getKey(), count.getValue()));
        long pending = byStatus.get(ReservationStatus.PENDING);
        long confirmed = byStatus.get(ReservationStatus.CONFIRMED);
        long released = byStatus.get(ReservationStatus.RELEASED);
        return new InventoryStats.Reservations(pending, confirmed, released, pending + confirmed + released);
    }

    void forget(@Observes SessionReset reset) {
        sql.update(DELETE_SESSION, reset.sessionId());
    }
}
