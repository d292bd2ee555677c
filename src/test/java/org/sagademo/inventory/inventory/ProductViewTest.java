package org.sagademo.inventory.inventory;

import org.junit.jupiter.api.Test;
import org.sagademo.inventory.inventory.ProductView.OpenReservation;

import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProductViewTest {

    private static final OffsetDateTime CREATED = OffsetDateTime.parse("2026-01-01T00:00:00Z");
    private static final OffsetDateTime UPDATED = OffsetDateTime.parse("2026-01-02T00:00:00Z");

    @Test
    void nothingReservedIsNoReservationsEvenWithNoStock() {
        assertEquals("NO_RESERVATIONS", view(5, 0).reservationStatus());
        assertEquals("NO_RESERVATIONS", view(0, 0).reservationStatus());
    }

    @Test
    void someUnitsHeldWithSomeLeftIsReserving() {
        assertEquals("RESERVING", view(5, 1).reservationStatus());
        assertEquals("RESERVING", view(5, 4).reservationStatus());
    }

    @Test
    void everyUnitHeldIsReserved() {
        assertEquals("RESERVED", view(5, 5).reservationStatus());
    }

    @Test
    void theViewShowsTheProductsFiguresAndItsOpenReservations() {
        List<OpenReservation> open = List.of(new OpenReservation("o1", 2), new OpenReservation("o2", 1));
        ProductView view = ProductView.of(product(5, 3), open);
        assertEquals(new ProductView("laptop", "Laptop", 5, 3, 2, "RESERVING", CREATED, UPDATED, 7, open), view);
    }

    private static ProductView view(int stockLevel, int reserved) {
        return ProductView.of(product(stockLevel, reserved), List.of());
    }

    /** A product as the database loads it: the figures a view reads (what is available, the entity's own rule). */
    private static Product product(int stockLevel, int reserved) {
        return new Product() {
            @Override
            public String id() {
                return "laptop";
            }

            @Override
            public String name() {
                return "Laptop";
            }

            @Override
            public int stockLevel() {
                return stockLevel;
            }

            @Override
            public int reserved() {
                return reserved;
            }

            @Override
            public long version() {
                return 7;
            }

            @Override
            public OffsetDateTime createdAt() {
                return CREATED;
            }

            @Override
            public OffsetDateTime updatedAt() {
                return UPDATED;
            }
        };
    }
}
