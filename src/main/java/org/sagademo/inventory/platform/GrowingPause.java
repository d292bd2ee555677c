package org.sagademo.inventory.platform;

import java.time.Duration;

/**
 * The pauses between looks at a database out of reach: 250 ms, doubling to 5 s, so that a short outage is over soon
 * after it ends, and a long one is asked about (and its failed connections logged by the pool) every 5 s only.
 */
final class GrowingPause {

    private static final Duration FIRST = Duration.ofMillis(250);
    private static final Duration LONGEST = Duration.ofSeconds(5);

    private Duration next = FIRST;

    void take() throws InterruptedException {
        Thread.sleep(next.toMillis());
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(LONGEST) < 0 ? doubled : LONGEST;
    }
}
