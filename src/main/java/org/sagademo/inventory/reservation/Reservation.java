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
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An order's hold on stock, with its lines. It moves once, from PENDING to CONFIRMED or RELEASED, by
 * {@link #SETTLE}'s {@code UPDATE ... WHERE status = 'PENDING'}: of several deliveries or instances settling it,
 * one moves it under its row lock and the others find no row. Lines never change once written.
 */
@Entity
@Table(name = "reservations")
@IdClass(Reservation.Key.class)
@NamedQuery(name = Reservation.STATUS,
        query = "SELECT r.status FROM Reservation r WHERE r.sessionId = :session AND r.orderId = :order")
@NamedNativeQuery(name = Reservation.COUNT_BY_STATUS,
        query = "SELECT status, count(*) FROM reservations WHERE session_id = ?1 GROUP BY status")
@NamedQuery(name = Reservation.OVERDUE, query = """
        SELECT NEW org.sagademo.inventory.reservation.OverdueReservation(r.sessionId, r.orderId) FROM Reservation r
         WHERE r.status = org.sagademo.inventory.reservation.ReservationStatus.PENDING AND r.createdAt < :cutoff
         ORDER BY r.createdAt""")
@NamedQuery(name = Reservation.DROP,
        query = "DELETE FROM Reservation r WHERE r.sessionId = :session AND r.orderId = :order")
@NamedQuery(name = Reservation.DELETE_SESSION, query = "DELETE FROM Reservation r WHERE r.sessionId = :session")
/*
 * The reservation and its lines in one round trip, unless the order has one already (changes no row then):
 * a compensation's row being written at the same time is waited for, then found.
 */
@NamedNativeQuery(name = Reservation.HOLD, query = """
        WITH hold AS (
            INSERT INTO reservations (session_id, order_id, status) VALUES (?1, ?2, 'PENDING')
            ON CONFLICT DO NOTHING RETURNING session_id, order_id)
        INSERT INTO reservation_lines (session_id, order_id, product_id, quantity)
        SELECT hold.session_id, hold.order_id, line.product_id, line.quantity
          FROM hold, unnest(CAST(?3 AS varchar[]), CAST(?4 AS integer[])) AS line (product_id, quantity)""")
/*
 * Moves a PENDING reservation held since before the cutoff (any time if none) and returns its lines (a null
 * product if it has none); nothing if it is not PENDING.
 */
@NamedNativeQuery(name = Reservation.SETTLE, query = """
        WITH settled AS (
            UPDATE reservations SET status = ?1, reason = ?2, updated_at = now()
             WHERE session_id = ?3 AND order_id = ?4 AND status = 'PENDING'
               AND created_at < coalesce(CAST(?5 AS timestamptz), 'infinity')
            RETURNING session_id, order_id)
        SELECT l.product_id, l.quantity FROM settled
          LEFT JOIN reservation_lines l ON l.session_id = settled.session_id AND l.order_id = settled.order_id""")
/*
 * Each open reservation's lines by their primary key. As a plain join, right after a burst of reservations
 * (a session the statistics think is tiny) PostgreSQL looped over the open reservations and scanned all of
 * the session's lines for each: 1,000 open reservations cost 0.4 s, a million index entries. OFFSET 0 keeps
 * the lateral subquery from being merged into such a join, so every lookup is by (session, order).
 */
@NamedNativeQuery(name = Reservation.PENDING_LINES, query = """
        SELECT l.product_id, r.order_id, l.quantity FROM reservations r
        CROSS JOIN LATERAL (SELECT product_id, quantity FROM reservation_lines x
                             WHERE x.session_id = r.session_id AND x.order_id = r.order_id OFFSET 0) l
         WHERE r.session_id = ?1 AND r.status = 'PENDING'
         ORDER BY r.created_at, r.order_id""")
public class Reservation {

    /** reservations.reason is varchar(1000). */
    static final int REASON_LENGTH = 1000;
    static final String STATUS = "Reservation.status";
    static final String COUNT_BY_STATUS = "Reservation.countByStatus";
    static final String OVERDUE = "Reservation.overdue";
    static final String DROP = "Reservation.drop";
    /** Lines go with their reservations (ON DELETE CASCADE). */
    static final String DELETE_SESSION = "Reservation.deleteSession";
    static final String HOLD = "Reservation.hold";
    static final String SETTLE = "Reservation.settle";
    static final String PENDING_LINES = "Reservation.pendingLines";

    @Id
    @Column(name = "session_id")
    private String sessionId;

    @Id
    @Column(name = "order_id")
    private String orderId;

    @Enumerated(EnumType.STRING)
    private ReservationStatus status;

    /** At most {@link #REASON_LENGTH} characters, never NUL (PostgreSQL stores no NUL in text): {@link #storable}. */
    private String reason;

    @ElementCollection
    @CollectionTable(name = "reservation_lines", joinColumns = {
            @JoinColumn(name = "session_id", referencedColumnName = "session_id"),
            @JoinColumn(name = "order_id", referencedColumnName = "order_id")})
    private List<ReservationLine> lines = new ArrayList<>();

    @Column(name = "created_at", insertable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", insertable = false, updatable = false)
    private OffsetDateTime updatedAt;

    protected Reservation() {
    }

    /**
     * A release reason as the column takes it: a payment service's free text can be longer than the column or hold
     * a NUL, which would fail the event's transaction on every delivery.
     */
    static String storable(String reason) {
        String text = reason.replace('\0', '\uFFFD');
        return text.length() > REASON_LENGTH ? text.substring(0, REASON_LENGTH) : text;
    }

    /** A compensation that came before its order: the order, when it comes, finds it and is refused. */
    static Reservation barring(String sessionId, String orderId, String reason) {
        Reservation bar = new Reservation();
        bar.sessionId = sessionId;
        bar.orderId = orderId;
        bar.status = ReservationStatus.RELEASED;
        bar.reason = reason;
        return bar;
    }

    public static class Key implements Serializable {
        private String sessionId;
        private String orderId;

        public Key() {
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
