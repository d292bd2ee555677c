package org.sagademo.inventory.inventory;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.OffsetDateTime;
import java.util.List;

/** A product as {@code GET /inventory} shows it, with the PENDING reservations holding its units. */
@JsonbPropertyOrder({"id", "name", "stockLevel", "reserved", "available", "reservationStatus",
        "createdAt", "updatedAt", "version", "reservations"})
public record ProductView(
        String id,
        String name,
        @JsonbProperty("stock_level") int stockLevel,
        int reserved,
        int available,
        String reservationStatus,
        @JsonbProperty("created_at") OffsetDateTime createdAt,
        @JsonbProperty("updated_at") OffsetDateTime updatedAt,
        long version,
        List<OpenReservation> reservations) {

    public record OpenReservation(String orderId, int quantity) {
    }

    static ProductView of(Product product, List<OpenReservation> reservations) {
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
