package org.sagademo.inventory.reservation;

import java.time.OffsetDateTime;
import java.util.SortedMap;

/**
 * One order's hold on stock, as read under its row lock: what confirmation, release and expiry decide on.
 * Created PENDING with its lines (the order's items, summed per product), or directly RELEASED when a
 * compensation arrives before the order. Only PENDING ever changes.
 *
 * @param units the lines as units by product, in product-id (lock) order
 */
record Reservation(ReservationStatus status, OffsetDateTime createdAt, SortedMap<String, Integer> units) {

    boolean isPending() {
        return status == ReservationStatus.PENDING;
    }

    boolean heldSinceBefore(OffsetDateTime cutoff) {
        return createdAt.isBefore(cutoff);
    }
}
