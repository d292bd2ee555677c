package org.sagademo.inventory.inventory;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The JSON of {@code GET /inventory} per session, served again while the session's products have not changed.
 * A demo page polls a session that mostly stands still, and rebuilding the answer cost the most where it is
 * largest (1,000 open reservations: 1,000 rows read, 1,000 objects written).
 * <p>
 * Whether anything changed is told by {@link Product#VERSION_OF_SESSION}, read on every request: every change
 * that shows in the answer updates a product row of the session in the same transaction (units reserved,
 * released or taken; a reservation opens or closes only with them; seeding bumps {@code version}, and a reset
 * writes new rows). Read before the answer is built, so a snapshot is never older than the answer it labels:
 * a change that lands while one is built only costs a rebuild on the next request. Every instance checks
 * against the database, so several instances never serve each other's stale answers.
 */
@ApplicationScoped
class InventorySnapshots {

    /** Sessions kept; past this the cache starts again (demo sessions come and go). */
    private static final int SESSIONS = 1_000;
    /** And bytes kept: a seed adds up to 1,000 products a time, so one session's answer has no bound of its own. */
    static final long BYTES = 16L * 1024 * 1024;

    /** What {@link Product#VERSION_OF_SESSION} reads. */
    record Version(long products, long versions, long lastWriter) {

        static Version of(Object[] row) {
            return new Version(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue());
        }
    }

    private record Snapshot(Version version, byte[] json) {
    }

    private final Map<String, Snapshot> bySession = new ConcurrentHashMap<>();
    /** The bytes of the snapshots in the map, changed only with it by {@link #keep}. */
    private long bytes;

    byte[] json(String session, Version version, Supplier<byte[]> build) {
        Snapshot kept = bySession.get(session);
        if (kept != null && kept.version().equals(version)) {
            return kept.json();
        }
        byte[] json = build.get();
        if (version.products() > 0) { // a session without products costs nothing to answer: made-up ones flush nothing
            keep(session, new Snapshot(version, json));
        }
        return json;
    }

    private synchronized void keep(String session, Snapshot snapshot) {
        Snapshot replaced = bySession.remove(session);
        bytes -= replaced == null ? 0 : replaced.json().length;
        if (snapshot.json().length > BYTES) {
            return; // too large to keep: it would push out every other session
        }
        if (bySession.size() >= SESSIONS || bytes + snapshot.json().length > BYTES) {
            bySession.clear();
            bytes = 0;
        }
        bySession.put(session, snapshot);
        bytes += snapshot.json().length;
    }
}
