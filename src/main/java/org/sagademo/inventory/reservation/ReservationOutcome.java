package org.sagademo.inventory.reservation;

import org.sagademo.inventory.inventory.Shortfall;

import java.util.List;
import java.util.SortedMap;

/** What an event did to a reservation; the saga turns it into the outgoing event, if any. */
public sealed interface ReservationOutcome {

    /** Every item is held: INVENTORY_RESERVED. */
    record Reserved(SortedMap<String, Integer> units) implements ReservationOutcome {
    }

    /** Nothing was reserved: INVENTORY_FAILED. */
    record Refused(String reason, List<Shortfall> shortfalls) implements ReservationOutcome {
        public Refused(String reason) {
            this(reason, List.of());
        }
    }

    /**
     * The reservation's units went back to the pool (none if it came before its order): INVENTORY_RELEASED.
     * {@code recorded}: a reservation was released, or recorded released to bar its order; not after a refused order,
     * where there is none.
     */
    record Released(SortedMap<String, Integer> units, String reason, boolean recorded) implements ReservationOutcome {
        public Released(SortedMap<String, Integer> units, String reason) {
            this(units, reason, true);
        }
    }

    /** Paid: the reserved units left the stock. No event. */
    record Confirmed() implements ReservationOutcome {
    }

    /** Nothing to do, and nothing to say: e.g. another instance expired the reservation first. */
    record Unchanged() implements ReservationOutcome {
    }

    /** Nothing to do, and worth a warning: e.g. a payment for a released or unknown reservation. */
    record Anomaly(String description) implements ReservationOutcome {
    }
}
