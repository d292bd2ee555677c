package org.sagademo.inventory.inventory;

/**
 * The session's PostgreSQL advisory locks, each held to the end of its transaction; the statements that take them are
 * named queries of their entities ({@link Product#LOCK_FOR_RESET}, {@link Product#LOCK_AGAINST_RESET},
 * {@link Product#ONE_SEED_AT_A_TIME}, an event's first insert).
 * <p>
 * The reset lock: a reset and the events of its session exclude each other by it. Every event's transaction takes it
 * shared with its first statement, a reset exclusively before it deletes anything. Without it, an event in flight kept
 * the rows it had not committed yet (its processed event and reservation, which the reset's deletes cannot see) while
 * the reset deleted and seeded the products those rows hold units of. A seed takes it shared too: its upserts and a
 * reset's deletes took the same rows in different orders, a deadlock. And so does a reservation's expiry: one that
 * settled a reservation while a reset deleted the session's could leave it behind the reset (the reset's batch, which
 * deletes by row address, skips a row updated meanwhile).
 * <p>
 * The seed lock, taken after the reset lock: one seed of a session at a time. Each counts the session's products after
 * its upserts, and two at once each counted without the other's uncommitted ones, together past the cap.
 */
public final class SessionLocks {

    /** The reset lock's two keys, for the session in parameter 1 (a key space of its own). */
    private static final String RESET_KEYS = "hashtext('inventory session reset'), hashtext(?1)";
    /** SQL that takes the reset lock for the session in parameter 1, exclusive (a reset) or shared (an event, a seed, an expiry). */
    public static final String EXCLUSIVE = "pg_advisory_xact_lock(" + RESET_KEYS + ")";
    public static final String SHARED = "pg_advisory_xact_lock_shared(" + RESET_KEYS + ")";
    /** SQL that takes the seed lock for the session in parameter 1. */
    static final String ONE_SEED = "pg_advisory_xact_lock(hashtext('inventory session seed'), hashtext(?1))";

    private SessionLocks() {
    }
}
