package org.sagademo.inventory.saga;

import java.util.Optional;

/**
 * An incoming message that cannot be acted on: it is dead-lettered, and if it names an order of a
 * valid session, that order is answered with INVENTORY_FAILED.
 */
public class MalformedEvent extends Exception {

    private final transient ReplyTo replyTo;

    MalformedEvent(String reason, ReplyTo replyTo) {
        super(reason);
        this.replyTo = replyTo;
    }

    MalformedEvent(String reason) {
        this(reason, null);
    }

    Optional<ReplyTo> replyTo() {
        return Optional.ofNullable(replyTo);
    }

    /** Enough of an event to know it again ({@link ProcessedEvents}) and to address an answer to its order. */
    record ReplyTo(EventType type, String sessionId, String correlationId, String orderId) {

        /** Redeliveries and duplicates of an event share this key, whether they could be read or not. */
        String key() {
            return type + ":" + orderId;
        }

        /**
         * Where the failure of this event, unreadable, is recorded: an order's under the order's own key, as its
         * INVENTORY_FAILED is the order's answer and the first answer stands; a payment's or cancellation's apart, so
         * that the readable one still settles the reservation.
         */
        String refusalKey() {
            return type == EventType.ORDER_CREATED ? key() : "REFUSED:" + key();
        }
    }
}
