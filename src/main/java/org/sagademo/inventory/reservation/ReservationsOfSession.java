package org.sagademo.inventory.reservation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.sagademo.inventory.inventory.InventoryStats;
import org.sagademo.inventory.inventory.ProductView.OpenReservation;
import org.sagademo.inventory.inventory.SessionReservations;
import org.sagademo.inventory.inventory.SessionReset;
import org.sagademo.inventory.platform.SessionId;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's reservations as the HTTP API reads them, in the caller's transaction if it has one (reads
 * have none, which rules out {@link org.sagademo.inventory.platform.Statements}: these go through JPA).
 */
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
             WHERE r.session_id = ?1 AND r.status = 'PENDING'
             ORDER BY r.created_at, r.order_id""";
    private static final String COUNT_BY_STATUS = "SELECT status, count(*) FROM reservations WHERE session_id = ?1 GROUP BY status";
    /** Lines go with their reservations (ON DELETE CASCADE). */
    private static final String DELETE_SESSION = "DELETE FROM reservations WHERE session_id = ?1";

    @PersistenceContext
    EntityManager em;

    @Override
    public Map<String, List<OpenReservation>> openByProduct(SessionId session) {
        Map<String, List<OpenReservation>> open = new HashMap<>();
        rows(PENDING_LINES, session.value()).forEach(row -> open.computeIfAbsent((String) row[0], product -> new ArrayList<>())
                .add(new OpenReservation((String) row[1], ((Number) row[2]).intValue())));
        return open;
    }

    @Override
    public InventoryStats.Reservations counts(SessionId session) {
        Map<ReservationStatus, Long> byStatus = new EnumMap<>(ReservationStatus.class);
        for (ReservationStatus status : ReservationStatus.values()) {
            byStatus.put(status, 0L);
        }
        rows(COUNT_BY_STATUS, session.value())
                .forEach(row -> byStatus.put(ReservationStatus.valueOf((String) row[0]), ((Number) row[1]).longValue()));
        long pending = byStatus.get(ReservationStatus.PENDING);
        long confirmed = byStatus.get(ReservationStatus.CONFIRMED);
        long released = byStatus.get(ReservationStatus.RELEASED);
        return new InventoryStats.Reservations(pending, confirmed, released, pending + confirmed + released);
    }

    void forget(@Observes SessionReset reset) {
        em.createNativeQuery(DELETE_SESSION).setParameter(1, reset.sessionId()).executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, String session) {
        return em.createNativeQuery(sql).setParameter(1, session).getResultList();
    }
}
