package org.sagademo.inventory.saga;

/** The saga's event types: the four this service consumes and the three it emits. */
public enum EventType {
    ORDER_CREATED, ORDER_CANCELLED, PAYMENT_SUCCESS, PAYMENT_FAILED,
    INVENTORY_RESERVED, INVENTORY_FAILED, INVENTORY_RELEASED;

    boolean isIncoming() {
        return ordinal() <= PAYMENT_FAILED.ordinal();
    }

    /** Where the order id sits in the event's data. */
    String orderIdField() {
        return this == ORDER_CREATED || this == ORDER_CANCELLED ? "id" : "orderId";
    }
}
