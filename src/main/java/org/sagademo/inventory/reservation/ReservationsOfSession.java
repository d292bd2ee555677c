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

/** A session's reservations as the HTTP API reads them, in the caller's transaction if it has one. */
@ApplicationScoped
public class ReservationsOfSession implements SessionReservations {

    @PersistenceContext
    EntityManager em;

    @Override
    public Map<String, List<OpenReservation>> openByProduct(SessionId session) {
        Map<String, List<OpenReservation>> open = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> lines = em.createNamedQuery(Reservation.PENDING_LINES_OF_SESSION)
                .setParameter(1, session.value())
                .getResultList();
        lines.forEach(row -> open.computeIfAbsent((String) row[0], product -> new ArrayList<>())
                .add(new OpenReservation((String) row[1], ((Number) row[2]).intValue())));
        return open;
    }

    @Override
    public InventoryStats.Reservations counts(SessionId session) {
        Map<ReservationStatus, Long> byStatus = new EnumMap<>(ReservationStatus.class);
        for (ReservationStatus status : ReservationStatus.values()) {
            byStatus.put(status, 0L);
        }
        em.createNamedQuery(Reservation.COUNT_BY_STATUS, Object[].class)
                .setParameter("session", session.value())
                .getResultStream()
                .forEach(row -> byStatus.put((ReservationStatus) row[0], ((Number) row[1]).longValue()));
        long pending = byStatus.get(ReservationStatus.PENDING);
        long confirmed = byStatus.get(ReservationStatus.CONFIRMED);
        long released = byStatus.get(ReservationStatus.RELEASED);
        return new InventoryStats.Reservations(pending, confirmed, released, pending + confirmed + released);
    }

    /** Lines go with their reservations (ON DELETE CASCADE). */
    void forget(@Observes SessionReset reset) {
        em.createNamedQuery(Reservation.DELETE_SESSION).setParameter("session", reset.sessionId()).executeUpdate();
    }
}
