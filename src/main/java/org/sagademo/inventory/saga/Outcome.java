package org.sagademo.inventory.saga;

import java.util.Locale;
import java.util.Optional;

/**
 * What happened to an event (or to a reservation, for expiry), as its log line and metrics tell it: {@code event} is
 * its type (or {@value #UNREADABLE}, {@value #RESERVATION_TTL}); {@code change} is what it did to a reservation, if
 * anything. Anomalies and dead letters are logged at WARNING.
 */
record Outcome(String event, Result result, String sessionId, String orderId, String correlationId,
               ReservationChange change, String detail) {

    /** The "event" of a message that could not be read. */
    static final String UNREADABLE = "UNREADABLE";
    /** The "event" of a reservation held past its time to live. */
    static final String RESERVATION_TTL = "RESERVATION_TTL";

    /** The answer sent, or what happened instead. */
    enum Result {
        INVENTORY_RESERVED, INVENTORY_FAILED, INVENTORY_RELEASED, CONFIRMED, ANOMALY, DUPLICATE, DEAD_LETTERED, ROLLED_BACK;

        static Result answered(OutgoingEvent answer) {
            return valueOf(answer.type().name());
        }
    }

    /** The {@code change} label of inventory_reservations_total. */
    enum ReservationChange {
        CREATED, CONFIRMED, RELEASED, EXPIRED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Outcome of(SagaEvent event, Result result, ReservationChange change, String detail) {
        return of(event.identity(), result, change, detail);
    }

    /** For an event known by its identity alone, whether this copy of it could be read or not. */
    static Outcome of(EventIdentity event, Result result, ReservationChange change, String detail) {
        return new Outcome(event.type().name(), result, event.sessionId(), event.orderId(), event.correlationId(), change,
                detail);
    }

    /** A message that could not be read, addressed as far as it could be. */
    static Outcome unreadable(MalformedEvent malformed) {
        Optional<EventIdentity> to = malformed.replyTo();
        return new Outcome(UNREADABLE, Result.DEAD_LETTERED, to.map(EventIdentity::sessionId).orElse(null),
                to.map(EventIdentity::orderId).orElse(null), to.map(EventIdentity::correlationId).orElse(null), null,
                malformed.getMessage());
    }

    /** A reservation released because it was held past its time to live, and the answer that tells the saga. */
    static Outcome expired(OutgoingEvent answer) {
        return new Outcome(RESERVATION_TTL, Result.answered(answer), answer.sessionId(), answer.orderId(),
                answer.correlationId(), ReservationChange.EXPIRED, "held past its time to live");
    }

    boolean anomaly() {
        return result == Result.ANOMALY || result == Result.DEAD_LETTERED;
    }
}
