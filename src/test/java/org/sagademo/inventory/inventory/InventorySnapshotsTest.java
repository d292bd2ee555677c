package org.sagademo.inventory.inventory;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InventorySnapshotsTest {

    private final InventorySnapshots snapshots = new InventorySnapshots();
    private final AtomicInteger builds = new AtomicInteger();

    private final Supplier<byte[]> build = () -> ("[" + builds.incrementAndGet() + "]").getBytes(StandardCharsets.UTF_8);

    @Test
    void anUnchangedSessionIsServedWhatWasBuilt() {
        assertEquals("[1]", json("s1", version(7, 12, 900)));
        assertEquals("[1]", json("s1", version(7, 12, 900)));
        assertEquals(1, builds.get());
    }

    @Test
    void anyChangeOfTheProductsVersionRebuilds() {
        json("s1", version(7, 12, 900));
        assertEquals("[2]", json("s1", version(7, 13, 901)));
        assertEquals("[3]", json("s1", version(7, 0, 950)));
        assertEquals("[3]", json("s1", version(7, 0, 950)));
    }

    @Test
    void sessionsAreKeptApart() {
        json("s1", version(7, 12, 900));
        assertEquals("[2]", json("s2", version(7, 12, 900)));
        assertEquals("[1]", json("s1", version(7, 12, 900)));
    }

    @Test
    void pastItsBoundTheCacheStartsAgain() {
        for (int session = 0; session < 1_001; session++) {
            json("s" + session, version(1, 0, 1));
        }
        assertEquals("[1002]", json("s0", version(1, 0, 1)));
    }

    /** Any client can name sessions that have nothing: asking for them must not push out the demo's snapshots. */
    @Test
    void sessionsWithoutProductsAreNotKeptAndPushNothingOut() {
        json("demo", version(7, 12, 900));
        for (int session = 0; session < 2_000; session++) {
            json("made-up-" + session, version(0, 0, 0));
        }
        assertEquals("[1]", json("demo", version(7, 12, 900)));
    }

    @Test
    void pastItsBytesTooTheCacheStartsAgain() {
        Supplier<byte[]> quarter = () -> {
            builds.incrementAndGet();
            return new byte[(int) (InventorySnapshots.BYTES / 4)];
        };
        for (int session = 0; session < 5; session++) {
            snapshots.json("s" + session, version(1, 0, 1), quarter);
        }
        snapshots.json("s4", version(1, 0, 1), quarter);
        assertEquals(5, builds.get(), "the fifth session, kept after the cache started again");
        snapshots.json("s0", version(1, 0, 1), quarter);
        assertEquals(6, builds.get(), "the first, dropped to make room for it");
    }

    @Test
    void anAnswerLargerThanTheCacheIsNotKeptAndPushesNothingOut() {
        Supplier<byte[]> huge = () -> {
            builds.incrementAndGet();
            return new byte[(int) InventorySnapshots.BYTES + 1];
        };
        json("s0", version(1, 0, 1));
        snapshots.json("s1", version(1, 0, 1), huge);
        snapshots.json("s1", version(1, 0, 1), huge);
        assertEquals(3, builds.get());
        assertEquals("[1]", json("s0", version(1, 0, 1)), "the other session's snapshot is still kept");
    }

    private static InventorySnapshots.Version version(long products, long versions, long lastWriter) {
        return new InventorySnapshots.Version(products, versions, lastWriter);
    }

    private String json(String session, InventorySnapshots.Version version) {
        return new String(snapshots.json(session, version, build), StandardCharsets.UTF_8);
    }
}
