package org.sagademo.inventory.reservation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.sagademo.inventory.inventory.InventoryQueries;
import org.sagademo.inventory.inventory.InventoryStats;
import org.sagademo.inventory.inventory.Product;
import org.sagademo.inventory.inventory.ProductView;
import org.sagademo.inventory.inventory.ProductView.OpenReservation;
import org.sagademo.inventory.platform.SessionId;

import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A session's products and reservations as the HTTP API reads them, in the caller's transaction if it has one (reads have none). */
@ApplicationScoped
public class InventoryQueriesWithReservations implements InventoryQueries {

    private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());

    @PersistenceContext
    EntityManager em;

    @Override
    public List<ProductView> products(SessionId session) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNamedQuery(Reservation.PRODUCTS_WITH_OPEN_LINES).setParameter(1, session.value()).getResultList();
        return rows.stream().map(row -> ProductView.of((Product) row[0], openReservations((String) row[1]))).toList();
    }

    /** As the query writes them: a JSON array of {orderId, quantity}, or null for none. */
    private static List<OpenReservation> openReservations(String lines) {
        if (lines == null) {
            return List.of();
        }
        try (JsonReader reader = JSON.createReader(new StringReader(lines))) {
            return reader.readArray().getValuesAs(JsonObject.class).stream()
                    .map(line -> new OpenReservation(line.getString("orderId"), line.getInt("quantity")))
                    .toList();
        }
    }

    @Override
    public InventoryStats stats(SessionId session) {
        Object[] row = (Object[]) em.createNamedQuery(Reservation.STATS).setParameter(1, session.value()).getSingleResult();
        long[] figures = Arrays.stream(row).mapToLong(value -> ((Number) value).longValue()).toArray();
        long products = figures[0], stock = figures[1], reserved = figures[2];
        long pending = figures[3], confirmed = figures[4], released = figures[5];
        return new InventoryStats(new InventoryStats.Products(products, stock, reserved, stock - reserved),
                new InventoryStats.Reservations(pending, confirmed, released, pending + confirmed + released));
    }
}
