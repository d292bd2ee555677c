package org.sagademo.inventory.inventory;

import org.sagademo.inventory.platform.SessionId;

import java.util.List;

/**
 * What the HTTP API reads of a session's products together with their reservations, each answer in one statement.
 * The reservation package provides it, so that this package, below it, needs nothing of that one.
 */
public interface InventoryQueries {

    /**
     * The session's products by name, each with its open (PENDING) reservation lines, oldest first: read at one
     * moment, so that each product's reserved units are the sum of the lines listed.
     */
    List<ProductView> products(SessionId session);

    /** The session's totals of products and of reservations, read at one moment likewise. */
    InventoryStats stats(SessionId session);
}
