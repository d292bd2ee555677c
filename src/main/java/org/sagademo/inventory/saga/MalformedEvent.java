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

    /** Enough of the event to address an INVENTORY_FAILED to its order. */
    record ReplyTo(EventType type, String sessionId, String correlationId, String orderId) {

        /** The same unreadable event, however often it arrives, is answered once (the broker drops copies). */
        String answerId() {
            return "inventory-rejected:" + sessionId + ":" + type + ":" + orderId;
        }
    }
}
