package org.sagademo.inventory.reservation;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What confirmation, release and expiry decide on; the moves themselves are SQL (StockReservations, SagaIT). */
class ReservationTest {

    private static final OffsetDateTime MADE = OffsetDateTime.parse("2026-11-28T10:00:00Z");

    @Test
    void onlyAPendingReservationCanMove() {
        assertTrue(reservation(ReservationStatus.PENDING).isPending());
        assertFalse(reservation(ReservationStatus.CONFIRMED).isPending());
        assertFalse(reservation(ReservationStatus.RELEASED).isPending());
    }

    @Test
    void itIsOverdueOnlyIfMadeBeforeTheCutoff() {
        Reservation reservation = reservation(ReservationStatus.PENDING);
        assertTrue(reservation.heldSinceBefore(MADE.plusSeconds(1)));
        assertFalse(reservation.heldSinceBefore(MADE), "made at the cutoff: not yet");
        assertFalse(reservation.heldSinceBefore(MADE.minusMinutes(15)), "just made, not overdue");
    }

    private static Reservation reservation(ReservationStatus status) {
        return new Reservation(status, MADE, new TreeMap<>(Map.of("mouse", 1, "laptop", 2)));
    }
}
