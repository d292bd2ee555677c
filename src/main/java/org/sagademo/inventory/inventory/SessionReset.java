package org.sagademo.inventory.inventory;

/**
 * Fired inside the transaction of POST /inventory/reset, before the products go: each package that keeps
 * rows of the session deletes its own.
 */
public record SessionReset(String sessionId) {
}
