package org.sagademo.inventory.reservation;

/** A PENDING reservation held longer than its time to live. */
public record OverdueReservation(String sessionId, String orderId) {
}
