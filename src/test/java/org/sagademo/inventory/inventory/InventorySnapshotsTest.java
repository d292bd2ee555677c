package org.sagademo.inventory.inventory;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InventorySnapshotsTest {

    private final InventorySnapshots snapshots = new InventorySnapshots();
    private final AtomicInteger builds = new AtomicInteger();

    private final Supplier<byte[]> build = () -> ("[" + builds.incrementAndGet() + "]").getBytes(StandardCharsets.UTF_8);

    @Test
    void anUnchangedSessionIsServedWhatWasBuilt() {
        assertEquals("[1]", json("s1", List.of(7L, 12L, 900L)));
        assertEquals("[1]", json("s1", List.of(7L, 12L, 900L)));
        assertEquals(1, builds.get());
    }

    @Test
    void anyChangeOfTheProductsVersionRebuilds() {
        json("s1", List.of(7L, 12L, 900L));
        assertEquals("[2]", json("s1", List.of(7L, 13L, 901L)));
        assertEquals("[3]", json("s1", List.of(7L, 0L, 950L)));
        assertEquals("[3]", json("s1", List.of(7L, 0L, 950L)));
    }

    @Test
    void sessionsAreKeptApart() {
        json("s1", List.of(7L, 12L, 900L));
        assertEquals("[2]", json("s2", List.of(7L, 12L, 900L)));
        assertEquals("[1]", json("s1", List.of(7L, 12L, 900L)));
    }

    @Test
    void pastItsBoundTheCacheStartsAgain() {
        for (int session = 0; session < 1_001; session++) {
            json("s" + session, List.of(1L));
        }
        assertEquals("[1002]", json("s0", List.of(1L)));
    }

    private String json(String session, List<?> version) {
        return new String(snapshots.json(session, version, build), StandardCharsets.UTF_8);
    }
}
