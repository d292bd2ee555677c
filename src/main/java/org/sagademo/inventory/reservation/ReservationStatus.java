package org.sagademo.inventory.reservation;

/** PENDING holds stock; CONFIRMED (paid) and RELEASED (compensated) are final. */
public enum ReservationStatus {
    PENDING, CONFIRMED, RELEASED
}
