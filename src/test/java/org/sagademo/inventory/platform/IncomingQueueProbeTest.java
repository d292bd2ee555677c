package org.sagademo.inventory.platform;

import jakarta.ejb.EJBException;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.Test;
import org.sagademo.inventory.platform.IncomingQueueProbe.Found;
import org.sagademo.inventory.platform.IncomingQueueProbe.Sight;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncomingQueueProbeTest {

    private final Looks looks = new Looks();
    private final IncomingQueueProbe probe = new IncomingQueueProbe();

    IncomingQueueProbeTest() {
        probe.looks = looks;
    }

    @Test
    void oneLookAtATimeHoweverOftenItIsAsked() {
        Future<Sight> first = probe.look();
        assertSame(first, probe.look(), "the look in progress, not a second one");
        assertEquals(1, looks.started.size());
        assertEquals(Optional.empty(), probe.lastSight(), "no look has finished");

        Sight empty = new Sight(Found.EMPTY, 1, Optional.of(new QueueCounts(0, 16)));
        looks.started.get(0).complete(empty);
        assertEquals(Optional.of(empty), probe.lastSight());
        probe.look();
        assertEquals(2, looks.started.size(), "a new look once the last has finished");
        assertEquals(Optional.of(empty), probe.lastSight(), "the last to finish, while the next is under way");
    }

    @Test
    void aLookThatFailedSawNoBroker() {
        Future<Sight> look = probe.look();
        looks.started.get(0).completeExceptionally(new EJBException("the look's bean failed"));
        assertEquals(Found.UNREACHABLE, IncomingQueueProbe.found(look, System.nanoTime()));
        assertEquals(Found.UNREACHABLE, probe.lastSight().orElseThrow().found());
        assertFalse(Thread.currentThread().isInterrupted(), "no interrupt made up for the caller");
    }

    @Test
    void aLookTheContainerRefusedToStartSawNoBroker() {
        looks.refusing = true;
        Future<Sight> look = probe.look();
        assertEquals(Found.UNREACHABLE, IncomingQueueProbe.found(look, System.nanoTime()));
        assertEquals(Found.UNREACHABLE, probe.lastSight().orElseThrow().found());
    }

    @Test
    void aLookNotDoneByTheBrokersCallTimeoutReadsAsUnreachableAtOnce() {
        Future<Sight> look = probe.look();
        long askedSixSecondsAgo = System.nanoTime() - TimeUnit.SECONDS.toNanos(6);
        long before = System.nanoTime();
        assertEquals(Found.UNREACHABLE, IncomingQueueProbe.found(look, askedSixSecondsAgo));
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(1), "waits no longer than the broker's call may take");
        assertSame(look, probe.look(), "the slow look goes on; the next question waits for it");
    }

    /** Readiness answers only DOWN and the gauges only NaN: the log says why, once for each change. */
    @Test
    void aChangeOfWhatTheBrokerAllowsIsLoggedOnceWithItsReason() {
        List<LogRecord> logged = new ArrayList<>();
        Logger log = Logger.getLogger(IncomingQueueProbe.class.getName());
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(recorder);
        try {
            for (int look = 0; look < 2; look++) {
                probe.look();
                looks.started.get(look).completeExceptionally(
                        new IncomingQueueLook.Unreachable(new JMSException("AMQ219007: Cannot connect to server(s)")));
                probe.lastSight();
            }
            probe.look();
            looks.started.get(2).complete(new Sight(Found.EMPTY, 3, Optional.empty()));
            probe.lastSight();
            probe.lastSight();
        } finally {
            log.removeHandler(recorder);
        }
        List<String> lines = logged.stream().map(record -> record.getLevel() + " " + record.getMessage()).toList();
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("WARNING ") && lines.get(0).contains("AMQ219007"), lines::toString);
        assertTrue(lines.get(1).startsWith("INFO ") && lines.get(1).contains("again"), lines::toString);
        assertTrue(lines.get(2).startsWith("WARNING ") && lines.get(2).contains("no counts"), lines::toString);
    }

    /** Looks the test finishes, each started one kept; or refused, as an undeploying container refuses calls. */
    private static final class Looks extends IncomingQueueLook {
        final List<CompletableFuture<Sight>> started = new ArrayList<>();
        boolean refusing;

        @Override
        public Future<Sight> see() {
            if (refusing) {
                throw new EJBException("application is being undeployed");
            }
            CompletableFuture<Sight> look = new CompletableFuture<>();
            started.add(look);
            return look;
        }
    }
}
