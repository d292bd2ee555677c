package org.sagademo.inventory.reservation;

/** How a reservation left PENDING: paid (CONFIRMED), or RELEASED for its reason. */
public record Settlement(ReservationStatus status, String reason) {

    /** Released because it was held past its time to live, not by an event of the saga. */
    public boolean expired() {
        return status == ReservationStatus.RELEASED && StockReservations.EXPIRED.equals(reason);
    }
}
