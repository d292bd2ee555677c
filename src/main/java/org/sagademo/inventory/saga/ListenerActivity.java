package org.sagademo.inventory.saga;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;

/** What this instance's consumers of the incoming queue are doing: how many hold an event, and when one last arrived. */
@ApplicationScoped
public class ListenerActivity {

    private final AtomicInteger holding = new AtomicInteger();
    private volatile long lastArrival = System.nanoTime();

    void arrived() {
        lastArrival = System.nanoTime();
        holding.incrementAndGet();
    }

    void finished() {
        holding.decrementAndGet();
    }

    /** Whether a consumer holds an event now: one waiting out a database outage holds its event for as long as that lasts. */
    boolean holdsAny() {
        return holding.get() > 0;
    }

    /** When the last event arrived ({@link System#nanoTime}); before the first, when this bean was first used. */
    long lastArrival() {
        return lastArrival;
    }
}
