package org.sagademo.inventory.reservation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.sagademo.inventory.inventory.InventoryStats;
import org.sagademo.inventory.inventory.Product;
import org.sagademo.inventory.inventory.ProductView;
import org.sagademo.inventory.inventory.ProductView.OpenReservation;
import org.sagademo.inventory.inventory.SessionReservations;
import org.sagademo.inventory.inventory.SessionReset;
import org.sagademo.inventory.platform.SessionId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A session's products and reservations as the HTTP API reads them, in the caller's transaction if it has one (reads have none). */
@ApplicationScoped
public class ReservationsOfSession implements SessionReservations {

    @PersistenceContext
    EntityManager em;

    /** Rows of a product and one of its open lines (none: nulls), products by name, lines oldest first. */
    @Override
    public List<ProductView> products(SessionId session) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNamedQuery(Reservation.PRODUCTS_WITH_OPEN_LINES).setParameter(1, session.value()).getResultList();
        Map<String, Product> products = new LinkedHashMap<>();
        Map<String, List<OpenReservation>> open = new HashMap<>();
        for (Object[] row : rows) {
            Product product = (Product) row[0];
            products.putIfAbsent(product.id(), product);
            List<OpenReservation> lines = open.computeIfAbsent(product.id(), id -> new ArrayList<>());
            if (row[1] != null) {
                lines.add(new OpenReservation((String) row[1], (Integer) row[2]));
            }
        }
        return products.values().stream().map(product -> ProductView.of(product, open.get(product.id()))).toList();
    }

    @Override
    public InventoryStats stats(SessionId session) {
        Object[] row = (Object[]) em.createNamedQuery(Reservation.STATS).setParameter(1, session.value()).getSingleResult();
        long[] n = Arrays.stream(row).mapToLong(value -> ((Number) value).longValue()).toArray();
        return new InventoryStats(new InventoryStats.Products(n[0], n[1], n[2], n[1] - n[2]),
                new InventoryStats.Reservations(n[3], n[4], n[5], n[3] + n[4] + n[5]));
    }

    void forget(@Observes SessionReset reset) {
        em.createNamedQuery(Reservation.DELETE_SESSION).setParameter("session", reset.sessionId()).executeUpdate();
    }
}
