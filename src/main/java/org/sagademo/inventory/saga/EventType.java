package org.sagademo.inventory.saga;

/** The saga's event types: the four this service consumes and the three it emits. */
public enum EventType {
    ORDER_CREATED(true), ORDER_CANCELLED(true), PAYMENT_SUCCESS(true), PAYMENT_FAILED(true),
    INVENTORY_RESERVED(false), INVENTORY_FAILED(false), INVENTORY_RELEASED(false);

    private final boolean incoming;

    EventType(boolean incoming) {
        this.incoming = incoming;
    }

    boolean isIncoming() {
        return incoming;
    }

    /** Where the order id sits in the event's data. */
    String orderIdField() {
        return this == ORDER_CREATED || this == ORDER_CANCELLED ? "id" : "orderId";
    }
}
