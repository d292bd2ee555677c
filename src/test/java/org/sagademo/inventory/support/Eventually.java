package org.sagademo.inventory.support;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import java.time.Duration;

/**
 * How the integration tests wait for what the service does: they look again until it has happened, and
 * give up only when it plainly never will. No test waits out a clock.
 */
public final class Eventually {

    /** Far above what any step takes on a busy 2-core machine: only a failing test waits this long. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    private Eventually() {
    }

    public static ConditionFactory eventually() {
        return Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50));
    }
}
