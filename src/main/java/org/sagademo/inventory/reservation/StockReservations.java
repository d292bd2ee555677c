package org.sagademo.inventory.reservation;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import org.sagademo.inventory.inventory.Shortfall;
import org.sagademo.inventory.inventory.Stock;
import org.sagademo.inventory.reservation.ReservationOutcome.Anomaly;
import org.sagademo.inventory.reservation.ReservationOutcome.Confirmed;
import org.sagademo.inventory.reservation.ReservationOutcome.Refused;
import org.sagademo.inventory.reservation.ReservationOutcome.Released;
import org.sagademo.inventory.reservation.ReservationOutcome.Reserved;
import org.sagademo.inventory.reservation.ReservationOutcome.Unchanged;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reservations and the stock they hold change together here, which keeps
 * {@code reserved = sum of PENDING lines} for every product. Runs in the caller's transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class StockReservations {

    /** More units than any real order asks for in one line. */
    static final long MAX_QUANTITY = 1_000_000;
    /** The release reason of a reservation held past its time to live (the saga contract's word). */
    static final String EXPIRED = "expired";

    @PersistenceContext
    EntityManager em;

    @EJB
    Stock stock;

    /** Holds every item of the order, or nothing. The same product twice counts as the sum. */
    public ReservationOutcome reserve(String session, String orderId, List<RequestedItem> items) {
        Reservation existing = em.find(Reservation.class, new Reservation.Key(session, orderId));
        if (existing != null) {
            return new Refused("Order " + orderId + " already has a " + existing.status() + " reservation");
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
        em.persist(Reservation.pending(session, orderId, units));
        return new Reserved(units);
    }

    /** Payment arrived: the held units leave the stock. */
    public ReservationOutcome confirm(String session, String orderId) {
        Reservation reservation = lockedReservation(session, orderId);
        if (reservation == null || !reservation.isPending()) {
            return new Anomaly("payment for " + (reservation == null ? "an unknown" : "a " + reservation.status())
                    + " reservation; stock unchanged");
        }
        stock.takeReserved(session, reservation.units());
        reservation.confirm();
        return new Confirmed();
    }

    /** Compensation: the held units go back to the pool; before its order, it bars the order. */
    public ReservationOutcome release(String session, String orderId, String reason) {
        Reservation reservation = lockedReservation(session, orderId);
        if (reservation == null) {
            em.persist(Reservation.releasedBeforeOrder(session, orderId, reason));
            return new Released(new TreeMap<>(), reason);
        }
        if (!reservation.isPending()) {
            return new Anomaly("release of a " + reservation.status() + " reservation; nothing changed");
        }
        return giveBack(session, reservation, reason);
    }

    /** Reservations PENDING since before the cutoff, oldest first. */
    public List<OverdueReservation> overdue(OffsetDateTime cutoff, int limit) {
        return em.createNamedQuery(Reservation.OVERDUE, OverdueReservation.class)
                .setParameter("cutoff", cutoff)
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * Releases a reservation still PENDING since before the cutoff. Under the row lock, so that of
     * several instances expiring it at once, one releases it and the others find it settled.
     */
    public ReservationOutcome expire(String session, String orderId, OffsetDateTime cutoff) {
        Reservation reservation = lockedReservation(session, orderId);
        if (reservation == null || !reservation.isPending() || !reservation.heldSinceBefore(cutoff)) {
            return new Unchanged();
        }
        return giveBack(session, reservation, EXPIRED);
    }

    private Released giveBack(String session, Reservation reservation, String reason) {
        SortedMap<String, Integer> units = reservation.units();
        stock.unreserve(session, units);
        reservation.release(reason);
        return new Released(units, reason);
    }

    private Reservation lockedReservation(String session, String orderId) {
        return em.find(Reservation.class, new Reservation.Key(session, orderId), LockModeType.PESSIMISTIC_WRITE);
    }
}
