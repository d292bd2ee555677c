package org.sagademo.inventory.reservation;

/** One item of an order as the event states it; the quantity is checked when reserving. */
public record RequestedItem(String product, long quantity) {
}
