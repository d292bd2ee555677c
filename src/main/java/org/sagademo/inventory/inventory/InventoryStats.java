package org.sagademo.inventory.inventory;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * {@code GET /inventory/stats}: every figure a number, 0 for an empty session. The contract's nested
 * {@code products} and {@code reservations}, and the product totals again at the top level in camelCase,
 * where the original saga's own test suite reads them.
 */
@JsonbPropertyOrder({"products", "reservations", "totalProducts", "totalStock", "totalReserved", "totalAvailable"})
public record InventoryStats(Products products, Reservations reservations,
                             long totalProducts, long totalStock, long totalReserved, long totalAvailable) {

    public InventoryStats(Products products, Reservations reservations) {
        this(products, reservations, products.totalProducts(), products.totalStock(), products.totalReserved(),
                products.totalAvailable());
    }

    @JsonbPropertyOrder({"totalProducts", "totalStock", "totalReserved", "totalAvailable"})
    public record Products(
            @JsonbProperty("total_products") long totalProducts,
            @JsonbProperty("total_stock") long totalStock,
            @JsonbProperty("total_reserved") long totalReserved,
            @JsonbProperty("total_available") long totalAvailable) {
    }

    @JsonbPropertyOrder({"pending", "confirmed", "released", "total"})
    public record Reservations(
            @JsonbProperty("pending_reservations") long pending,
            @JsonbProperty("confirmed_reservations") long confirmed,
            @JsonbProperty("released_reservations") long released,
            @JsonbProperty("total_reservations") long total) {
    }
}
