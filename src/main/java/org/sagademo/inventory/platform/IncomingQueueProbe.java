package org.sagademo.inventory.platform;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * What the broker shows of the incoming queue: whether it lets us browse it, and whether events wait on it
 * ({@link QueueCounts}). One look at a time, however often health is asked: while the link to the broker was cut, a
 * browse could take longer than a probe waits (one run of the fault suite's "partition": no DOWN answered during a 10 s
 * cut, only no answer), so a slow look goes on in the background ({@link IncomingQueueLook}) and the next question waits
 * for it instead of starting another.
 */
@ApplicationScoped
public class IncomingQueueProbe {

    /** What a look found. An event waiting is one no consumer holds: one in delivery, or held back to be redelivered, is not. */
    public enum Found { UNREACHABLE, EMPTY, EVENTS_WAITING }

    private static final Logger LOG = Logger.getLogger(IncomingQueueProbe.class.getName());

    /** The broker's own call timeout (post-boot-commands.asadmin): a look that takes longer says UNREACHABLE. */
    private static final long BROKER_WAIT_SECONDS = 5;

    @EJB
    IncomingQueueLook looks;

    /** What a look found, when it began ({@link System#nanoTime}), and the broker's counts, where it gave them. */
    public record Sight(Found found, long lookedAt, Optional<QueueCounts> counts) {
    }

    /** The look in progress or last made, and when it was asked for ({@link System#nanoTime}). */
    private Future<Sight> look;
    private long lookAskedAt;

    /** What the last look to finish found. */
    private Sight lastSight;
    /** Whether the last look to finish browsed the queue, and the last that did got the broker's counts. */
    private boolean browsed = true;
    private boolean counted = true;

    /** The look in progress, or a new one: {@link #found} waits for it, so that a caller can ask something else meanwhile. */
    public synchronized Future<Sight> look() {
        if (look == null || look.isDone()) {
            keepFinished();
            lookAskedAt = System.nanoTime();
            look = started();
        }
        return look;
    }

    /**
     * A look the container refused to start (the application being undeployed, say) saw no broker. (The look's own
     * failure reaches its future: the container runs it later.)
     */
    private Future<Sight> started() {
        try {
            return looks.see();
        } catch (RuntimeException | IncomingQueueLook.Unreachable refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** What the look found, waiting for it at most the broker's call timeout from {@code askedAt} ({@link System#nanoTime}). */
    static Found found(Future<Sight> look, long askedAt) {
        long deadline = askedAt + TimeUnit.SECONDS.toNanos(BROKER_WAIT_SECONDS);
        try {
            return look.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).found();
        } catch (TimeoutException | ExecutionException | CancellationException e) {
            return Found.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Found.UNREACHABLE;
        }
    }

    /** What the last look to finish found, if one has: without waiting for one, however long the broker takes. */
    public synchronized Optional<Sight> lastSight() {
        keepFinished();
        return Optional.ofNullable(lastSight);
    }

    /**
     * Keeps what a finished look saw; one that failed (no broker, or the container failing it as the application stops)
     * saw no broker.
     */
    private void keepFinished() {
        if (look == null || !look.isDone()) {
            return;
        }
        try {
            lastSight = look.get();
            noteChange(lastSight, null);
        } catch (ExecutionException | CancellationException | InterruptedException e) {
            // done, so not this thread interrupted: the look's own failure, as its future keeps it
            lastSight = unreachable();
            noteChange(lastSight, e.getCause() == null ? e : e.getCause());
        }
    }

    /**
     * Logs, once each, that the queue can no longer be browsed (and why) or the broker gives no counts of it: readiness
     * answers only DOWN, the gauges only NaN. And that it can again.
     */
    private void noteChange(Sight sight, Throwable failure) {
        boolean browsedNow = sight.found() != Found.UNREACHABLE;
        if (browsedNow != browsed) {
            browsed = browsedNow;
            if (browsed) {
                LOG.info("the incoming queue can be browsed again");
            } else {
                LOG.warning(() -> "the incoming queue cannot be browsed, readiness says DOWN: " + failure);
            }
        }
        if (browsedNow && sight.counts().isPresent() != counted) {
            counted = sight.counts().isPresent();
            if (counted) {
                LOG.info("the broker gives its counts of the incoming queue again");
            } else {
                LOG.warning("the broker gives no counts of the incoming queue (a user without its manage permission, say): "
                        + "the queue's gauges read NaN, and liveness sees lost consumers by browses alone");
            }
        }
    }

    private Sight unreachable() {
        return new Sight(Found.UNREACHABLE, lookAskedAt, Optional.empty());
    }
}
