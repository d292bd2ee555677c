package org.sagademo.inventory.inventory;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** {@code GET /inventory/stats}: every figure a number, 0 for an empty session. */
public record InventoryStats(Products products, Reservations reservations) {

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
