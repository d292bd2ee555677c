package org.sagademo.inventory.inventory;

/**
 * A reset and the events of its session exclude each other by the session's reset lock, a PostgreSQL advisory lock
 * held to the end of the transaction: every event's transaction takes it shared with its first statement, a reset
 * exclusively before it deletes anything. Without it, an event in flight kept the rows it had not committed yet (its
 * processed event and reservation, which the reset's deletes cannot see) while the reset deleted and seeded the
 * products those rows hold units of. A seed takes it shared too: its upserts and a reset's deletes took the same rows
 * in different orders, a deadlock. The statements that take it are named queries of their entities
 * ({@link Product#LOCK_FOR_RESET}, {@link Product#LOCK_FOR_SEED}, an event's first insert).
 */
public final class SessionResetLock {

    /** The advisory lock's two keys, for the session in parameter 1 (a key space of its own). */
    private static final String KEYS = "hashtext('inventory session reset'), hashtext(?1)";
    /** SQL that takes the lock for the session in parameter 1, exclusive (a reset) or shared (an event, a seed). */
    public static final String EXCLUSIVE = "pg_advisory_xact_lock(" + KEYS + ")";
    public static final String SHARED = "pg_advisory_xact_lock_shared(" + KEYS + ")";

    private SessionResetLock() {
    }
}
