package org.sagademo.inventory.inventory;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.sagademo.inventory.platform.Conflict;
import org.sagademo.inventory.platform.DatabaseFailuresTranslated;
import org.sagademo.inventory.platform.SessionId;

import java.util.List;

/** A session's catalogue: what the HTTP API reads and seeds; a seed or reset is one transaction, a read needs none. */
@Stateless
@DatabaseFailuresTranslated
public class Inventory {

    /**
     * A session's products at most: every seed and reset answers with all of them and GET /inventory builds them in one
     * answer, so a session seeded again and again with new ids must not grow past what one request can hold.
     */
    static final int PRODUCTS_PER_SESSION = 10_000;

    @PersistenceContext
    EntityManager em;

    @Inject
    InventoryQueries queries;

    @Inject
    Event<SessionReset> resets;

    @Inject
    InventorySnapshots snapshots;

    /**
     * The JSON of the session's products: kept while they do not change (see {@link InventorySnapshots}). Reads need
     * no transaction: queries on a pooled connection.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public byte[] productsJson(SessionId session) {
        Object[] version = (Object[]) em.createNamedQuery(Product.VERSION_OF_SESSION)
                .setParameter(1, session.value())
                .getSingleResult();
        return snapshots.json(session.value(), InventorySnapshots.Version.of(version), () -> ProductsJson.bytes(queries.products(session)));
    }

    /**
     * Upserts the catalogue's products, not while a reset of the session runs ({@link SessionLocks}) nor another
     * seed of it; stock levels below what is reserved are refused.
     */
    public List<ProductView> seed(SessionId session, Catalogue catalogue) {
        em.createNamedQuery(Product.LOCK_AGAINST_RESET).setParameter(1, session.value()).getSingleResult();
        em.createNamedQuery(Product.ONE_SEED_AT_A_TIME).setParameter(1, session.value()).getSingleResult();
        return upsert(session, catalogue);
    }

    /**
     * In product-id order, the order in which events lock the rows (Stock): in the body's order, a seed and an
     * order that hold one row each and wait for the other's were a deadlock, which PostgreSQL ends by failing one.
     */
    private List<ProductView> upsert(SessionId session, Catalogue catalogue) {
        for (CatalogueEntry entry : catalogue.inIdOrder()) {
            int changed = em.createNamedQuery(Product.UPSERT)
                    .setParameter(1, session.value())
                    .setParameter(2, entry.id())
                    .setParameter(3, entry.name())
                    .setParameter(4, entry.stockLevel().intValueExact())
                    .setParameter(5, Catalogue.nameOfNew(entry.id()))
                    .executeUpdate();
            if (changed == 0) {
                throw new Conflict("stock_level of " + entry.id() + " would fall below its reserved units");
            }
        }
        List<ProductView> products = queries.products(session);
        if (products.size() > PRODUCTS_PER_SESSION) {
            throw new Conflict("the session would hold " + products.size() + " products, more than "
                    + PRODUCTS_PER_SESSION + ": reset it with the products it is to keep");
        }
        return products;
    }

    /**
     * Forgets the session's reservations, processed events and events waiting to be sent (their packages' observers)
     * and products, then seeds it again; once the session's events in flight have committed, and before the next ones
     * ({@link SessionLocks}).
     */
    public List<ProductView> reset(SessionId session, Catalogue catalogue) {
        em.createNamedQuery(Product.LOCK_FOR_RESET).setParameter(1, session.value()).getSingleResult();
        resets.fire(new SessionReset(session.value()));
        em.createNamedQuery(Product.DELETE_SESSION).setParameter("session", session.value()).executeUpdate();
        return upsert(session, catalogue);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public InventoryStats stats(SessionId session) {
        return queries.stats(session);
    }
}
