package org.sagademo.inventory.reservation;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReservationTest {

    @Test
    void anOrderHoldsItsUnitsPendingInProductIdOrder() {
        Reservation reservation = pending();
        assertTrue(reservation.isPending());
        assertEquals(ReservationStatus.PENDING, reservation.status());
        assertEquals(Map.of("laptop", 2, "mouse", 1), reservation.units());
        assertEquals(List.of("laptop", "mouse"), List.copyOf(reservation.units().keySet()), "the order rows are locked in");
    }

    @Test
    void aPaymentConfirmsAndThatIsFinal() {
        Reservation reservation = pending();
        reservation.confirm();
        assertEquals(ReservationStatus.CONFIRMED, reservation.status());
        assertFalse(reservation.isPending());
        assertFinal(reservation, "CONFIRMED");
    }

    @Test
    void aReleaseIsFinalAndKeepsTheUnitsItGaveBack() {
        Reservation reservation = pending();
        reservation.release("Payment failed: declined");
        assertEquals(ReservationStatus.RELEASED, reservation.status());
        assertFalse(reservation.isPending());
        assertEquals(Map.of("laptop", 2, "mouse", 1), reservation.units());
        assertFinal(reservation, "RELEASED");
    }

    @Test
    void aCompensationBeforeItsOrderIsReleasedFromTheStartAndHoldsNothing() {
        Reservation barred = Reservation.releasedBeforeOrder("s1", "o1", "Order cancelled");
        assertEquals(ReservationStatus.RELEASED, barred.status());
        assertFalse(barred.isPending());
        assertEquals(Map.of(), barred.units());
        assertFinal(barred, "RELEASED");
    }

    @Test
    void heldSinceBeforeComparesItsCreationWithTheCutoff() {
        Reservation reservation = pending();
        assertTrue(reservation.heldSinceBefore(OffsetDateTime.now().plusSeconds(1)));
        assertFalse(reservation.heldSinceBefore(OffsetDateTime.now().minusMinutes(15)), "just made, not overdue");
    }

    private static Reservation pending() {
        return Reservation.pending("s1", "o1", new TreeMap<>(Map.of("mouse", 1, "laptop", 2)));
    }

    private static void assertFinal(Reservation reservation, String status) {
        IllegalStateException confirmed = assertThrows(IllegalStateException.class, reservation::confirm);
        assertTrue(confirmed.getMessage().contains(status), confirmed.getMessage());
        assertThrows(IllegalStateException.class, () -> reservation.release("again"));
        assertEquals(ReservationStatus.valueOf(status), reservation.status(), "a refused move changes nothing");
    }
}
