package org.sagademo.inventory.reservation;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ColumnResult;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityResult;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SqlResultSetMapping;
import jakarta.persistence.Table;
import org.sagademo.inventory.inventory.Product;

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
@NamedQuery(name = Reservation.SETTLEMENT, query = """
        SELECT NEW org.sagademo.inventory.reservation.Settlement(r.status, r.reason) FROM Reservation r
         WHERE r.sessionId = :session AND r.orderId = :order
           AND r.status <> org.sagademo.inventory.reservation.ReservationStatus.PENDING""")
/* GET /inventory/stats in one statement, so one snapshot: the units reserved and the reservations pending agree. */
@NamedNativeQuery(name = Reservation.STATS, query = """
        SELECT p.products, p.stock, p.reserved, r.pending, r.confirmed, r.released
          FROM (SELECT count(*), coalesce(sum(stock_level), 0), coalesce(sum(reserved), 0)
                  FROM products WHERE session_id = ?1) AS p (products, stock, reserved),
               (SELECT count(*) FILTER (WHERE status = 'PENDING'), count(*) FILTER (WHERE status = 'CONFIRMED'),
                       count(*) FILTER (WHERE status = 'RELEASED')
                  FROM reservations WHERE session_id = ?1) AS r (pending, confirmed, released)""")
/*
 * The time before which a reservation has been held past a time to live (?1 seconds), by the database's clock, which
 * wrote created_at: an instance's clock may run ahead of it. Epoch microseconds, which EclipseLink and Hibernate both
 * return as a number.
 */
@NamedNativeQuery(name = Reservation.EXPIRY_CUTOFF, query = """
        SELECT CAST(extract(epoch FROM now() - make_interval(secs => ?1)) * 1000000 AS bigint)""")
@NamedQuery(name = Reservation.OVERDUE, query = """
        SELECT NEW org.sagademo.inventory.reservation.OverdueReservation(r.sessionId, r.orderId) FROM Reservation r
         WHERE r.status = org.sagademo.inventory.reservation.ReservationStatus.PENDING AND r.createdAt < :cutoff
         ORDER BY r.createdAt""")
@NamedQuery(name = Reservation.DROP,
        query = "DELETE FROM Reservation r WHERE r.sessionId = :session AND r.orderId = :order")
// their lines go with them (ON DELETE CASCADE)
@NamedNativeQuery(name = Reservation.DELETE_SESSION, query = """
        DELETE FROM reservations
         WHERE ctid = ANY (ARRAY(SELECT ctid FROM reservations WHERE session_id = ?1 LIMIT ?2))""")
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
 * The session's products by name, each with its open reservations' lines as a JSON array of {orderId, quantity},
 * oldest first (none: null). One statement, so one snapshot: the reserved units and the lines listed agree while
 * events commit. Two guards against plans that misjudged statistics chose right after a burst of reservations
 * (bench/README, "One statement per read"): OFFSET 0 keeps the lookup of lines by primary key from being merged into
 * a join that scanned all the session's lines per reservation, and FULL JOIN (the LEFT JOIN it reads as: every line
 * names a product of the session) is hashed or merged, never a loop over every product and line.
 */
@NamedNativeQuery(name = Reservation.PRODUCTS_WITH_OPEN_LINES, resultSetMapping = Reservation.PRODUCT_AND_LINES, query = """
        WITH open AS MATERIALIZED (
            SELECT l.product_id, json_agg(json_build_object('orderId', r.order_id, 'quantity', l.quantity)
                                          ORDER BY r.created_at, r.order_id) AS lines
              FROM reservations r
             CROSS JOIN LATERAL (SELECT product_id, quantity FROM reservation_lines x
                                  WHERE x.session_id = r.session_id AND x.order_id = r.order_id OFFSET 0) l
             WHERE r.session_id = ?1 AND r.status = 'PENDING'
             GROUP BY l.product_id)
        SELECT p.session_id, p.id, p.name, p.stock_level, p.reserved, p.version, p.created_at, p.updated_at,
               CAST(open.lines AS text) AS open_reservations
          FROM (SELECT * FROM products WHERE session_id = ?1) AS p FULL JOIN open ON open.product_id = p.id
         ORDER BY p.name, p.id""")
@SqlResultSetMapping(name = Reservation.PRODUCT_AND_LINES, entities = @EntityResult(entityClass = Product.class),
        columns = @ColumnResult(name = "open_reservations"))
public class Reservation {

    /** reservations.reason is varchar(1000). */
    static final int REASON_LENGTH = 1000;
    static final String STATUS = "Reservation.status";
    static final String SETTLEMENT = "Reservation.settlement";
    static final String STATS = "Reservation.stats";
    static final String EXPIRY_CUTOFF = "Reservation.expiryCutoff";
    static final String OVERDUE = "Reservation.overdue";
    static final String DROP = "Reservation.drop";
    /** Lines go with their reservations (ON DELETE CASCADE). */
    static final String DELETE_SESSION = "Reservation.deleteSession";
    static final String HOLD = "Reservation.hold";
    static final String SETTLE = "Reservation.settle";
    static final String PRODUCTS_WITH_OPEN_LINES = "Reservation.productsWithOpenLines";
    static final String PRODUCT_AND_LINES = "Reservation.productAndLines";

    @Id
    @Column(name = "session_id")
    private String sessionId;

    @Id
    @Column(name = "order_id")
    private String orderId;

    @Enumerated(EnumType.STRING)
    private ReservationStatus status;

    /**
     * At most {@link #REASON_LENGTH} characters, never NUL nor half a surrogate pair (PostgreSQL would refuse or alter
     * them): {@link org.sagademo.inventory.platform.StorableText#cleaned}.
     */
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
