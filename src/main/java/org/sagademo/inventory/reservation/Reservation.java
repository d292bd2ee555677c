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
 * <p>
 * The units a reservation holds move with it, in the same statement ({@link #HOLD}, {@link #SETTLE}): these two
 * are the only statements that change {@code products.reserved}, which keeps it the sum of the PENDING lines,
 * and they change it only where the product has the units ({@code products}' CHECK is the last line).
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
@NamedQuery(name = Reservation.DELETE_SESSION, query = "DELETE FROM Reservation r WHERE r.sessionId = :session")
/*
 * An order's hold on stock, all or nothing, in one round trip: locks the products it asks for in id order (so
 * that concurrent orders never deadlock), and only if every one has the units available and the order has no
 * reservation yet, writes the reservation with its lines and adds the units to each product's reserved. One
 * row per requested product: its id, the units asked, the units that were available (0 for an unknown product)
 * and whether the reservation was written. A compensation's reservation being written at the same time is
 * waited for, then found.
 */
@NamedNativeQuery(name = Reservation.HOLD, query = """
        WITH requested AS (
            SELECT * FROM unnest(CAST(?3 AS varchar[]), CAST(?4 AS integer[])) AS line (product_id, quantity)),
        stock AS (
            SELECT id, stock_level - reserved AS available FROM products
             WHERE session_id = ?1 AND id = ANY (CAST(?3 AS varchar[]))
             ORDER BY id FOR UPDATE),
        hold AS (
            INSERT INTO reservations (session_id, order_id, status)
            SELECT ?1, ?2, 'PENDING'
             WHERE (SELECT count(*) FROM requested JOIN stock ON stock.id = requested.product_id
                     WHERE stock.available >= requested.quantity) = cardinality(CAST(?3 AS varchar[]))
            ON CONFLICT DO NOTHING RETURNING session_id, order_id),
        lines AS (
            INSERT INTO reservation_lines (session_id, order_id, product_id, quantity)
            SELECT hold.session_id, hold.order_id, requested.product_id, requested.quantity FROM hold, requested),
        reserved AS (
            UPDATE products SET reserved = reserved + requested.quantity, version = version + 1, updated_at = now()
              FROM hold, requested
             WHERE products.session_id = ?1 AND products.id = requested.product_id)
        SELECT requested.product_id, requested.quantity, coalesce(stock.available, 0), EXISTS (SELECT FROM hold)
          FROM requested LEFT JOIN stock ON stock.id = requested.product_id""")
/*
 * Moves a PENDING reservation held since before the cutoff (any time if none) to ?1, and with it the units it
 * holds: a payment (CONFIRMED) takes them out of the stock, a release only frees them. Locks the products in id
 * order, as HOLD does. One row per line: product, units, and whether the product held those units (it always
 * should: reserved = the sum of PENDING lines); a null product if it has no lines; nothing if it is not PENDING.
 */
@NamedNativeQuery(name = Reservation.SETTLE, query = """
        WITH settled AS (
            UPDATE reservations SET status = ?1, reason = ?2, updated_at = now()
             WHERE session_id = ?3 AND order_id = ?4 AND status = 'PENDING'
               AND created_at < coalesce(CAST(?5 AS timestamptz), 'infinity')
            RETURNING session_id, order_id),
        held AS (
            SELECT product_id, quantity FROM reservation_lines JOIN settled USING (session_id, order_id)),
        stock AS (
            SELECT id FROM products WHERE session_id = ?3 AND id = ANY (ARRAY (SELECT product_id FROM held))
             ORDER BY id FOR UPDATE),
        moved AS (
            UPDATE products SET reserved = reserved - held.quantity,
                   stock_level = stock_level - CASE ?1 WHEN 'CONFIRMED' THEN held.quantity ELSE 0 END,
                   version = version + 1, updated_at = now()
              FROM held JOIN stock ON stock.id = held.product_id
             WHERE products.session_id = ?3 AND products.id = held.product_id AND products.reserved >= held.quantity
            RETURNING products.id)
        SELECT held.product_id, held.quantity, moved.id IS NOT NULL
          FROM settled LEFT JOIN held ON true LEFT JOIN moved ON moved.id = held.product_id""")
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

    static final String STATUS = "Reservation.status";
    static final String COUNT_BY_STATUS = "Reservation.countByStatus";
    static final String OVERDUE = "Reservation.overdue";
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
