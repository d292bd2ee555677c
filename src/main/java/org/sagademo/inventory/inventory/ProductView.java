package org.sagademo.inventory.inventory;

import java.time.OffsetDateTime;
import java.util.List;

/** A product as {@code GET /inventory} shows it, with the PENDING reservations holding its units ({@link ProductsJson}). */
public record ProductView(
        String id,
        String name,
        int stockLevel,
        int reserved,
        int available,
        String reservationStatus,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        long version,
        List<OpenReservation> reservations) {

    public record OpenReservation(String orderId, int quantity) {
    }

    public static ProductView of(Product product, List<OpenReservation> reservations) {
        return new ProductView(product.id(), product.name(), product.stockLevel(), product.reserved(),
                product.available(), status(product), product.createdAt(), product.updatedAt(),
                product.version(), reservations);
    }

    private static String status(Product product) {
        if (product.reserved() == 0) {
            return "NO_RESERVATIONS";
        }
        return product.available() == 0 ? "RESERVED" : "RESERVING";
    }
}
