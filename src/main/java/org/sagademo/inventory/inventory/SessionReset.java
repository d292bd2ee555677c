package org.sagademo.inventory.inventory;

/**
 * Fired inside the transaction of POST /inventory/reset, before the products go and once the session's reset lock
 * is held ({@link SessionResetLock}): each package that keeps rows of the session deletes its own.
 */
public record SessionReset(String sessionId) {
}
