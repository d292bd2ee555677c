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

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A session's reservations as the HTTP API reads them, in the caller's transaction if it has one (reads have none). */
@ApplicationScoped
public class ReservationsOfSession implements SessionReservations {

    @PersistenceContext
    EntityManager em;

    @Override
    public Map<String, List<OpenReservation>> openByProduct(SessionId session) {
        @SuppressWarnings("unchecked")
        List<Object[]> lines = em.createNamedQuery(Reservation.PENDING_LINES).setParameter(1, session.value()).getResultList();
        return lines.stream()
                .map(line -> Map.entry((String) line[0], new OpenReservation((String) line[1], ((Number) line[2]).intValue())))
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    @Override
    public InventoryStats.Reservations counts(SessionId session) {
        Map<ReservationStatus, Long> byStatus = new EnumMap<>(ReservationStatus.class);
        for (ReservationStatus status : ReservationStatus.values()) {
            byStatus.put(status, 0L);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> counts = em.createNamedQuery(Reservation.COUNT_BY_STATUS).setParameter(1, session.value()).getResultList();
        counts.forEach(count -> byStatus.put(ReservationStatus.valueOf((String) count[0]), ((Number) count[1]).longValue()));
        long pending = byStatus.get(ReservationStatus.PENDING);
        long confirmed = byStatus.get(ReservationStatus.CONFIRMED);
        long released = byStatus.get(ReservationStatus.RELEASED);
        return new InventoryStats.Reservations(pending, confirmed, released, pending + confirmed + released);
    }

    void forget(@Observes SessionReset reset) {
        em.createNamedQuery(Reservation.DELETE_SESSION).setParameter("session", reset.sessionId()).executeUpdate();
    }
}
