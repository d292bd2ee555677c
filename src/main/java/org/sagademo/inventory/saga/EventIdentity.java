package org.sagademo.inventory.saga;

/**
 * Enough of an incoming event to know it again ({@link ProcessedEvents}) and to address an answer to its order:
 * what a readable event is, and what an unreadable one may still tell ({@link MalformedEvent#replyTo()}).
 */
record EventIdentity(EventType type, String sessionId, String correlationId, String orderId) {

    /** Redeliveries and duplicates of an event share this key, whether they could be read or not. */
    String key() {
        return type + ":" + orderId;
    }

    /** The key of the order this event is about: its ORDER_CREATED's. */
    String orderKey() {
        return EventType.ORDER_CREATED + ":" + orderId;
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
