package org.sagademo.inventory.saga;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;
import org.sagademo.inventory.platform.IncomingQueueProbe;
import org.sagademo.inventory.platform.IncomingQueueProbe.Found;
import org.sagademo.inventory.platform.IncomingQueueProbe.Sight;
import org.sagademo.inventory.platform.QueueCounts;
import org.sagademo.inventory.platform.ShutdownSignal;
import org.sagademo.inventory.support.PlainHealthResponses;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How long events count as waiting unconsumed, from looks at the queue made up here (the fault suite's lost-consumers sees the whole). */
class StalledConsumersTest {

    private final ListenerActivity listener = new ListenerActivity();
    private final Looks looks = new Looks();
    private final StalledConsumers check = new StalledConsumers();

    static {
        PlainHealthResponses.use();
    }

    StalledConsumersTest() {
        check.listener = listener;
        check.incomingQueue = looks;
        check.shutdown = new ShutdownSignal();
        check.stalledAfterSeconds = 60;
        listener.arrived();
        listener.finished();
    }

    @Test
    void eventsWaitingWithNoneArrivingCountFromTheFirstBrowseThatSawThem() {
        assertEquals(Duration.ZERO, after(10, Found.EVENTS_WAITING));
        assertEquals(Duration.ofSeconds(30), after(40, Found.EVENTS_WAITING));
        assertEquals(Duration.ofSeconds(70), after(80, Found.EVENTS_WAITING));
    }

    @Test
    void anEventArrivingStartsTheCountAgain() {
        after(10, Found.EVENTS_WAITING);
        after(50, Found.EVENTS_WAITING);
        listener.arrived();
        listener.finished();
        assertEquals(Duration.ZERO, after(-1, Found.EVENTS_WAITING), "a look begun before the arrival");
        assertEquals(Duration.ZERO, after(5, Found.EVENTS_WAITING));
        assertEquals(Duration.ofSeconds(20), after(25, Found.EVENTS_WAITING));
    }

    @Test
    void aQueueSeenEmptyOrOutOfReachStartsTheCountAgain() {
        after(10, Found.EVENTS_WAITING);
        after(20, Found.EMPTY);
        assertEquals(Duration.ZERO, after(30, Found.EVENTS_WAITING));
        after(40, Found.UNREACHABLE);
        assertEquals(Duration.ZERO, after(50, Found.EVENTS_WAITING));
        assertEquals(Duration.ofSeconds(10), after(60, Found.EVENTS_WAITING));
    }

    @Test
    void noNewLookNoLongerWait() {
        after(10, Found.EVENTS_WAITING);
        after(40, Found.EVENTS_WAITING);
        assertEquals(Duration.ofSeconds(30), check.unconsumedFor(), "the same look, however late it is asked (a broker that does not answer)");
        assertEquals(Duration.ofSeconds(30), check.unconsumedFor());
    }

    @Test
    void anEventHeldByAConsumerIsConsumption() {
        after(10, Found.EVENTS_WAITING);
        listener.arrived();
        looks.saw(Found.EVENTS_WAITING, listener.lastArrival() + TimeUnit.SECONDS.toNanos(100));
        assertEquals(Duration.ZERO, check.unconsumedFor(), "held through a database outage, say");
    }

    /** Liveness says DOWN once events have waited the configured seconds with none arriving, and not a second before. */
    @Test
    void downFromTheConfiguredSecondsOn() {
        looks.saw(Found.EVENTS_WAITING, listener.lastArrival() + TimeUnit.SECONDS.toNanos(10));
        assertEquals(Status.UP, check.call().getStatus());
        looks.saw(Found.EVENTS_WAITING, listener.lastArrival() + TimeUnit.SECONDS.toNanos(69));
        HealthCheckResponse before = check.call();
        assertEquals(Status.UP, before.getStatus());
        assertEquals(59L, before.getData().orElseThrow().get("events waiting unconsumed for seconds"));
        looks.saw(Found.EVENTS_WAITING, listener.lastArrival() + TimeUnit.SECONDS.toNanos(70));
        assertEquals(Status.DOWN, check.call().getStatus());
    }

    /** 0 turns the check off (a paused or exclusive queue, decision 14): UP however long events wait. */
    @Test
    void offAtZero() {
        check.stalledAfterSeconds = 0;
        looks.saw(Found.EVENTS_WAITING, listener.lastArrival() + TimeUnit.SECONDS.toNanos(10));
        check.call();
        looks.saw(Found.EVENTS_WAITING, listener.lastArrival() + TimeUnit.SECONDS.toNanos(1_000));
        HealthCheckResponse answer = check.call();
        assertEquals(Status.UP, answer.getStatus());
        assertEquals("off", answer.getData().orElseThrow().get("check"));
    }

    /** What the check says once a look begun so long after the last arrival has seen this. */
    private Duration after(long seconds, Found found) {
        looks.saw(found, listener.lastArrival() + TimeUnit.SECONDS.toNanos(seconds));
        return check.unconsumedFor();
    }

    /** Looks that see what the test says, when it says. */
    private static final class Looks extends IncomingQueueProbe {
        private Sight last;

        void saw(Found found, long lookedAt) {
            last = new Sight(found, lookedAt, Optional.of(new QueueCounts(found == Found.EVENTS_WAITING ? 1 : 0, 0)));
        }

        @Override
        public synchronized Future<Sight> look() {
            return CompletableFuture.completedFuture(last);
        }

        @Override
        public Optional<Sight> lastSight() {
            return Optional.ofNullable(last);
        }
    }
}
