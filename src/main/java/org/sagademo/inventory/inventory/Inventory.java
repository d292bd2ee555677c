package org.sagademo.inventory.inventory;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.sagademo.inventory.inventory.ProductView.OpenReservation;
import org.sagademo.inventory.platform.Conflict;
import org.sagademo.inventory.platform.SessionId;
import org.sagademo.inventory.platform.Statements;

import java.util.List;
import java.util.Map;

/** A session's catalogue: what the HTTP API reads and seeds. Each call is one transaction. */
@Stateless
public class Inventory {

    private static final String TOTALS = """
            SELECT count(*), coalesce(sum(stock_level), 0), coalesce(sum(reserved), 0) FROM products WHERE session_id = ?""";

    @PersistenceContext
    EntityManager em;

    @Inject
    SessionReservations reservations;

    @Inject
    Event<SessionReset> resets;

    @Inject
    InventorySnapshots snapshots;

    @Inject
    Statements sql;

    /** The JSON of the session's products: kept while they do not change (see {@link InventorySnapshots}). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public byte[] productsJson(SessionId session) {
        InventorySnapshots.Version version = sql.first(InventorySnapshots.VERSION_OF_SESSION, InventorySnapshots.Version::of,
                session.value()).orElseThrow();
        return snapshots.json(session.value(), version, () -> ProductsJson.bytes(products(session)));
    }

    /** Reads need no transaction: two queries on a pooled connection, the products first (see {@link InventorySnapshots}). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<ProductView> products(SessionId session) {
        List<Product> products = em.createNamedQuery(Product.OF_SESSION, Product.class)
                .setParameter("session", session.value())
                .getResultList();
        Map<String, List<OpenReservation>> open = reservations.openByProduct(session);
        return products.stream().map(product -> ProductView.of(product, open.getOrDefault(product.id(), List.of()))).toList();
    }

    /** Upserts the catalogue's products; stock levels below what is reserved are refused. */
    public List<ProductView> seed(SessionId session, Catalogue catalogue) {
        for (CatalogueEntry entry : catalogue.products()) {
            int changed = em.createNamedQuery(Product.UPSERT)
                    .setParameter(1, session.value())
                    .setParameter(2, entry.id())
                    .setParameter(3, entry.name())
                    .setParameter(4, entry.stockLevel().intValueExact())
                    .executeUpdate();
            if (changed == 0) {
                throw new Conflict("stock_level of " + entry.id() + " would fall below its reserved units");
            }
        }
        return products(session);
    }

    /** Forgets the session's reservations, processed events (their packages' observers) and products, then seeds it again. */
    public List<ProductView> reset(SessionId session, Catalogue catalogue) {
        resets.fire(new SessionReset(session.value()));
        em.createNamedQuery(Product.DELETE_SESSION).setParameter("session", session.value()).executeUpdate();
        return seed(session, catalogue);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public InventoryStats stats(SessionId session) {
        InventoryStats.Products products = sql.first(TOTALS, row -> new InventoryStats.Products(
                row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(2) - row.getLong(3)), session.value()).orElseThrow();
        return new InventoryStats(products, reservations.counts(session));
    }
}
