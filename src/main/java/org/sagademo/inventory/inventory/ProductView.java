package org.sagademo.inventory.inventory;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

    /**
     * Products from the rows of {@link Product#WITH_OPEN_RESERVATIONS}: one row per open reservation line of
     * a product (order id and quantity), or one row with none, in the products' order.
     */
    static List<ProductView> fromRows(List<Object[]> rows) {
        List<ProductView> products = new ArrayList<>();
        for (Object[] row : rows) {
            ProductView last = products.isEmpty() ? null : products.get(products.size() - 1);
            if (last == null || !last.id().equals(row[0])) {
                int stockLevel = ((Number) row[2]).intValue();
                int reserved = ((Number) row[3]).intValue();
                last = new ProductView((String) row[0], (String) row[1], stockLevel, reserved, stockLevel - reserved,
                        status(stockLevel, reserved), utc(row[4]), utc(row[5]), ((Number) row[6]).longValue(), new ArrayList<>());
                products.add(last);
            }
            if (row[7] != null) {
                last.reservations().add(new OpenReservation((String) row[7], ((Number) row[8]).intValue()));
            }
        }
        return products;
    }

    /** PostgreSQL's timestamptz, as JDBC hands it over without a type to map to. */
    private static OffsetDateTime utc(Object timestamp) {
        return ((Timestamp) timestamp).toInstant().atOffset(ZoneOffset.UTC);
    }

    private static String status(int stockLevel, int reserved) {
        if (reserved == 0) {
            return "NO_RESERVATIONS";
        }
        return stockLevel == reserved ? "RESERVED" : "RESERVING";
    }
}
