package org.sagademo.inventory.inventory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A product of one session's catalogue. {@code reserved} units are held by PENDING reservations;
 * the database keeps {@code 0 <= reserved <= stock_level}. A seed sets the stock level ({@link #UPSERT}, never below
 * the units reserved); reservations change reserved units, and confirmed orders the stock, only through {@link Stock},
 * by the conditional updates declared here: each reads and writes its row under one lock, so stock is never oversold.
 */
@Entity
@Table(name = "products")
@IdClass(Product.Key.class)
@NamedQuery(name = Product.AVAILABLE,
        query = "SELECT p.id, p.stockLevel - p.reserved FROM Product p WHERE p.sessionId = :session AND p.id IN :ids")
@NamedNativeQuery(name = Product.AVAILABLE_LOCKED,
        query = "SELECT stock_level - reserved FROM products WHERE session_id = ?1 AND id = ?2 FOR UPDATE")
@NamedQuery(name = Product.DELETE_SESSION, query = "DELETE FROM Product p WHERE p.sessionId = :session")
/* ?3, the name given, may be null: a new product is then named ?5, and one the session has keeps its name. */
@NamedNativeQuery(name = Product.UPSERT, query = """
        INSERT INTO products (session_id, id, name, stock_level) VALUES (?1, ?2, coalesce(CAST(?3 AS text), ?5), ?4)
        ON CONFLICT (session_id, id) DO UPDATE
           SET name = coalesce(CAST(?3 AS text), products.name), stock_level = EXCLUDED.stock_level,
               version = products.version + 1, updated_at = now()
         WHERE products.reserved <= EXCLUDED.stock_level""")
@NamedNativeQuery(name = Product.RESERVE, query = """
        UPDATE products SET reserved = reserved + ?3, version = version + 1, updated_at = now()
         WHERE session_id = ?1 AND id = ?2 AND stock_level - reserved >= ?3""")
@NamedNativeQuery(name = Product.UNRESERVE, query = """
        UPDATE products SET reserved = reserved - ?3, version = version + 1, updated_at = now()
         WHERE session_id = ?1 AND id = ?2 AND reserved >= ?3""")
@NamedNativeQuery(name = Product.TAKE_RESERVED, query = """
        UPDATE products SET stock_level = stock_level - ?3, reserved = reserved - ?3, version = version + 1, updated_at = now()
         WHERE session_id = ?1 AND id = ?2 AND reserved >= ?3""")
@NamedNativeQuery(name = Product.LOCK_FOR_RESET,
        query = "SELECT 1 FROM (SELECT " + SessionLocks.EXCLUSIVE + ") AS reset_lock")
@NamedNativeQuery(name = Product.LOCK_AGAINST_RESET,
        query = "SELECT 1 FROM (SELECT " + SessionLocks.SHARED + ") AS reset_lock")
@NamedNativeQuery(name = Product.ONE_SEED_AT_A_TIME,
        query = "SELECT 1 FROM (SELECT " + SessionLocks.ONE_SEED + ") AS seed_lock")
// xmin: the transaction that wrote a row; a reset writes every row anew (in one transaction whose id no
// earlier row carries), and every other change bumps a version: together, whether anything changed.
@NamedNativeQuery(name = Product.VERSION_OF_SESSION, query = """
        SELECT count(*), coalesce(sum(version), 0), coalesce(max(CAST(CAST(xmin AS text) AS bigint)), 0) FROM products WHERE session_id = ?1""")
public class Product {

    static final String AVAILABLE = "Product.available";
    static final String AVAILABLE_LOCKED = "Product.availableLocked";
    static final String DELETE_SESSION = "Product.deleteSession";
    static final String UPSERT = "Product.upsert";
    static final String RESERVE = "Product.reserve";
    static final String UNRESERVE = "Product.unreserve";
    static final String TAKE_RESERVED = "Product.takeReserved";
    static final String VERSION_OF_SESSION = "Product.versionOfSession";
    static final String LOCK_FOR_RESET = "Product.lockForReset";
    /** The session's reset lock, shared: a seed's first statement, and an expiry's ({@link SessionLocks}). */
    public static final String LOCK_AGAINST_RESET = "Product.lockAgainstReset";
    static final String ONE_SEED_AT_A_TIME = "Product.oneSeedAtATime";

    static final int ID_LENGTH = 64;
    /** What a product id can be: a seed accepts no other ids, so an order's other ids name no product. */
    static final String ID_PATTERN = "[A-Za-z0-9._:-]{1," + ID_LENGTH + "}";
    private static final Pattern ID = Pattern.compile(ID_PATTERN);

    @Id
    @Column(name = "session_id")
    private String sessionId;

    @Id
    private String id;

    private String name;

    @Column(name = "stock_level")
    private int stockLevel;

    private int reserved;

    private long version;

    @Column(name = "created_at", insertable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", insertable = false, updatable = false)
    private OffsetDateTime updatedAt;

    protected Product() {
    }

    public static boolean canBeId(String id) {
        return ID.matcher(id).matches();
    }

    /**
     * An order's product id as a reason names it: quoted when empty, and cut after 64 characters, where no product's
     * id goes on (a peer's id of any length would otherwise be written into the answer, its record and the log).
     */
    public static String shown(String id) {
        if (id.isEmpty()) {
            return "\"\"";
        }
        if (id.codePointCount(0, id.length()) <= ID_LENGTH) {
            return id;
        }
        return id.substring(0, id.offsetByCodePoints(0, ID_LENGTH)) + "\u2026";
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public int stockLevel() {
        return stockLevel;
    }

    public int reserved() {
        return reserved;
    }

    public int available() {
        return stockLevel() - reserved();
    }

    public long version() {
        return version;
    }

    public OffsetDateTime createdAt() {
        return createdAt;
    }

    public OffsetDateTime updatedAt() {
        return updatedAt;
    }

    public static class Key implements Serializable {
        private String sessionId;
        private String id;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && sessionId.equals(key.sessionId) && id.equals(key.id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sessionId, id);
        }
    }
}
