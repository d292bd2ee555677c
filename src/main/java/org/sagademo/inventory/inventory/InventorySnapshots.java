package org.sagademo.inventory.inventory;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The JSON of {@code GET /inventory} per session, served again while the session's products have not changed.
 * A demo page polls a session that mostly stands still, and rebuilding the answer cost the most where it is
 * largest (1,000 open reservations: two queries, 1,000 lines, 1,000 objects written).
 * <p>
 * Whether anything changed is told by {@link #VERSION_OF_SESSION}, read on every request: every change
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

    // xmin: the transaction that wrote a row; a reset writes every row anew (in one transaction whose id no
    // earlier row carries), and every other change bumps a version: together, whether anything changed.
    static final String VERSION_OF_SESSION = """
            SELECT count(*), coalesce(sum(version), 0), coalesce(max(xmin::text::bigint), 0) FROM products WHERE session_id = ?""";

    /** What {@link #VERSION_OF_SESSION} reads. */
    record Version(long products, long versions, long lastWriter) {

        static Version of(ResultSet row) throws SQLException {
            return new Version(row.getLong(1), row.getLong(2), row.getLong(3));
        }
    }

    private record Snapshot(Version version, byte[] json) {
    }

    private final Map<String, Snapshot> bySession = new ConcurrentHashMap<>();

    byte[] json(String session, Version version, Supplier<byte[]> build) {
        Snapshot kept = bySession.get(session);
        if (kept != null && kept.version().equals(version)) {
            return kept.json();
        }
        if (bySession.size() >= SESSIONS) {
            bySession.clear();
        }
        byte[] json = build.get();
        bySession.put(session, new Snapshot(version, json));
        return json;
    }
}
