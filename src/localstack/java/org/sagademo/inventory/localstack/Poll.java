package org.sagademo.inventory.localstack;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for what other processes make true (answers, rows, a broker's queues): Awaitility, as the tests wait
 * (support.Eventually), but answering whether it held, for the harness to report what did not.
 */
public final class Poll {

    private Poll() {
    }

    /** Checks every 100 ms. */
    public static boolean until(BooleanSupplier condition, long timeoutMillis) {
        return until(condition, timeoutMillis, 100);
    }

    /** Whether the condition held within the time, checked on this thread from now on. */
    public static boolean until(BooleanSupplier condition, long timeoutMillis, long everyMillis) {
        try {
            Awaitility.await().atMost(Duration.ofMillis(timeoutMillis)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(everyMillis)).pollInSameThread().until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Sleeps; if interrupted, sets the flag again for the caller to see. */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
