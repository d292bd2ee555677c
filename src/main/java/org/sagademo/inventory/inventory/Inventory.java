package org.sagademo.inventory.inventory;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.sagademo.inventory.inventory.ProductView.OpenReservation;
import org.sagademo.inventory.platform.Conflict;
import org.sagademo.inventory.platform.SessionId;
import org.sagademo.inventory.reservation.Reservation;
import org.sagademo.inventory.reservation.ReservationStatus;
import org.sagademo.inventory.saga.ProcessedEvent;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A session's catalogue: what the HTTP API reads and seeds. Each call is one transaction. */
@Stateless
public class Inventory {

    @PersistenceContext
    EntityManager em;

    /** Reads need no transaction: two queries on a pooled connection. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<ProductView> products(SessionId session) {
        Map<String, List<OpenReservation>> open = new HashMap<>();
        em.createNamedQuery(Reservation.PENDING_LINES_OF_SESSION, Object[].class)
                .setParameter("session", session.value())
                .getResultStream()
                .forEach(row -> open.computeIfAbsent((String) row[0], product -> new java.util.ArrayList<>())
                        .add(new OpenReservation((String) row[1], (Integer) row[2])));
        return em.createNamedQuery(Product.OF_SESSION, Product.class)
                .setParameter("session", session.value())
                .getResultStream()
                .map(product -> ProductView.of(product, open.getOrDefault(product.id(), List.of())))
                .toList();
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

    /** Forgets the session's reservations, processed events and products, then seeds it again. */
    public List<ProductView> reset(SessionId session, Catalogue catalogue) {
        for (String delete : List.of(Reservation.DELETE_SESSION, ProcessedEvent.DELETE_SESSION, Product.DELETE_SESSION)) {
            em.createNamedQuery(delete).setParameter("session", session.value()).executeUpdate();
        }
        return seed(session, catalogue);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public InventoryStats stats(SessionId session) {
        Object[] totals = em.createNamedQuery(Product.TOTALS, Object[].class)
                .setParameter("session", session.value())
                .getSingleResult();
        long stock = number(totals[1]);
        long reserved = number(totals[2]);
        Map<ReservationStatus, Long> byStatus = new EnumMap<>(ReservationStatus.class);
        for (ReservationStatus status : ReservationStatus.values()) {
            byStatus.put(status, 0L);
        }
        em.createNamedQuery(Reservation.COUNT_BY_STATUS, Object[].class)
                .setParameter("session", session.value())
                .getResultStream()
                .forEach(row -> byStatus.put((ReservationStatus) row[0], number(row[1])));
        long pending = byStatus.get(ReservationStatus.PENDING);
        long confirmed = byStatus.get(ReservationStatus.CONFIRMED);
        long released = byStatus.get(ReservationStatus.RELEASED);
        return new InventoryStats(
                new InventoryStats.Products(number(totals[0]), stock, reserved, stock - reserved),
                new InventoryStats.Reservations(pending, confirmed, released, pending + confirmed + released));
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
