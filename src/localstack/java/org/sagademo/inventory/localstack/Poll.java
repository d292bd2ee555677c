package org.sagademo.inventory.localstack;

import java.util.function.BooleanSupplier;

/** Waiting for what other processes make true (answers, rows, a broker's queues): checked until it holds or time runs out. */
public final class Poll {

    private Poll() {
    }

    /** Checks every 100 ms. */
    public static boolean until(BooleanSupplier condition, long timeoutMillis) {
        return until(condition, timeoutMillis, 100);
    }

    /** Whether the condition held within the time; false at once if this thread is interrupted while it waits. */
    public static boolean until(BooleanSupplier condition, long timeoutMillis, long everyMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline || !pause(everyMillis)) {
                return false;
            }
        }
        return true;
    }

    /** Sleeps; false if interrupted (the flag set again, for the caller to see). */
    public static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
