package org.sagademo.inventory.inventory;

/**
 * Fired inside the transaction of POST /inventory/reset, before the products go: each package that keeps
 * rows of the session deletes its own.
 * <p>
 * A reset and the events of its session exclude each other by the session's reset lock, a PostgreSQL advisory
 * lock held to the end of the transaction ({@link #LOCK_EXCLUSIVE}, {@link #LOCK_SHARED}): every event's transaction takes it shared with its
 * first statement, a reset exclusively before it deletes anything. Without it, an event in flight kept the rows it
 * had not committed yet (its processed event and reservation, which the reset's deletes cannot see) while the reset
 * deleted and seeded the products those rows hold units of. A seed takes it shared too: its upserts and a reset's
 * deletes took the same rows in different orders, a deadlock.
 */
public record SessionReset(String sessionId) {

    /** The advisory lock's two keys, for the session in parameter 1 (a key space of its own). */
    private static final String LOCK_KEYS = "hashtext('inventory session reset'), hashtext(?1)";
    /** SQL that takes the lock for the session in parameter 1, exclusive (a reset) or shared (an event, a seed). */
    public static final String LOCK_EXCLUSIVE = "pg_advisory_xact_lock(" + LOCK_KEYS + ")";
    public static final String LOCK_SHARED = "pg_advisory_xact_lock_shared(" + LOCK_KEYS + ")";
}
