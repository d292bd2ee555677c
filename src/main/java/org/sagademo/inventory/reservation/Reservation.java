package org.sagademo.inventory.reservation;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One order's hold on stock. Created PENDING with its lines (the order's items, summed per product),
 * or directly RELEASED when a compensation arrives before the order. Only PENDING ever changes.
 */
@Entity
@Table(name = "reservations")
@IdClass(Reservation.Key.class)
// Each open reservation's lines by their primary key. As a plain join, right after a burst of reservations
// (a session the statistics think is tiny) PostgreSQL looped over the open reservations and scanned all of
// the session's lines for each: 1,000 open reservations cost 0.4 s, a million index entries. OFFSET 0 keeps
// the lateral subquery from being merged into such a join, so every lookup is by (session, order).
@NamedNativeQuery(name = Reservation.PENDING_LINES_OF_SESSION, query = """
        SELECT l.product_id, r.order_id, l.quantity FROM reservations r
        CROSS JOIN LATERAL (SELECT product_id, quantity FROM reservation_lines x
                             WHERE x.session_id = r.session_id AND x.order_id = r.order_id OFFSET 0) l
         WHERE r.session_id = ?1 AND r.status = 'PENDING'
         ORDER BY r.created_at, r.order_id""")
@NamedQuery(name = Reservation.COUNT_BY_STATUS,
        query = "SELECT r.status, COUNT(r) FROM Reservation r WHERE r.sessionId = :session GROUP BY r.status")
@NamedQuery(name = Reservation.DELETE_SESSION, query = "DELETE FROM Reservation r WHERE r.sessionId = :session")
@NamedQuery(name = Reservation.OVERDUE, query = """
        SELECT NEW org.sagademo.inventory.reservation.OverdueReservation(r.sessionId, r.orderId) FROM Reservation r
         WHERE r.status = org.sagademo.inventory.reservation.ReservationStatus.PENDING AND r.createdAt < :cutoff
         ORDER BY r.createdAt""")
public class Reservation {

    static final String PENDING_LINES_OF_SESSION = "Reservation.pendingLinesOfSession";
    static final String COUNT_BY_STATUS = "Reservation.countByStatus";
    static final String DELETE_SESSION = "Reservation.deleteSession";
    static final String OVERDUE = "Reservation.overdue";

    @Id
    @Column(name = "session_id")
    private String sessionId;

    @Id
    @Column(name = "order_id")
    private String orderId;

    @Enumerated(EnumType.STRING)
    private ReservationStatus status;

    private String reason;

    @ElementCollection
    @CollectionTable(name = "reservation_lines", joinColumns = {
            @JoinColumn(name = "session_id", referencedColumnName = "session_id"),
            @JoinColumn(name = "order_id", referencedColumnName = "order_id")})
    @OrderBy("productId")
    private List<ReservationLine> lines = new ArrayList<>();

    @Column(name = "created_at")
    private OffsetDateTime createdAt;

    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;

    protected Reservation() {
    }

    private Reservation(String sessionId, String orderId, ReservationStatus status, String reason) {
        this.sessionId = sessionId;
        this.orderId = orderId;
        this.status = status;
        this.reason = reason;
        this.createdAt = OffsetDateTime.now();
        this.updatedAt = createdAt;
    }

    static Reservation pending(String sessionId, String orderId, SortedMap<String, Integer> units) {
        Reservation reservation = new Reservation(sessionId, orderId, ReservationStatus.PENDING, null);
        units.forEach((product, quantity) -> reservation.lines.add(new ReservationLine(product, quantity)));
        return reservation;
    }

    /** A compensation that came before its order: the order may no longer reserve anything. */
    static Reservation releasedBeforeOrder(String sessionId, String orderId, String reason) {
        return new Reservation(sessionId, orderId, ReservationStatus.RELEASED, reason);
    }

    boolean isPending() {
        return status == ReservationStatus.PENDING;
    }

    boolean heldSinceBefore(OffsetDateTime cutoff) {
        return createdAt.isBefore(cutoff);
    }

    void confirm() {
        moveTo(ReservationStatus.CONFIRMED, null);
    }

    void release(String why) {
        moveTo(ReservationStatus.RELEASED, why);
    }

    private void moveTo(ReservationStatus next, String why) {
        if (!isPending()) {
            throw new IllegalStateException("reservation " + orderId + " is " + status + ", which is final");
        }
        status = next;
        reason = why;
        updatedAt = OffsetDateTime.now();
    }

    public ReservationStatus status() {
        return status;
    }

    /** The lines as units by product, in product-id (lock) order. */
    SortedMap<String, Integer> units() {
        SortedMap<String, Integer> units = new TreeMap<>();
        lines.forEach(line -> units.put(line.productId(), line.quantity()));
        return units;
    }

    public static class Key implements Serializable {
        private String sessionId;
        private String orderId;

        public Key() {
        }

        public Key(String sessionId, String orderId) {
            this.sessionId = sessionId;
            this.orderId = orderId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && sessionId.equals(key.sessionId) && orderId.equals(key.orderId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sessionId, orderId);
        }
    }
}
