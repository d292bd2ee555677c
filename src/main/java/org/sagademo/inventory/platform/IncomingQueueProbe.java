package org.sagademo.inventory.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.QueueBrowser;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the broker shows of the incoming queue: a browse, which needs no management rights on the broker. One browse at
 * a time, however often health is asked: while the link to the broker was cut, a browse could take longer than a probe
 * waits (one run of the fault suite's "partition": no DOWN answered during a 10 s cut, only no answer), so a slow browse
 * goes on in the background and the next question waits for it instead of starting another.
 */
@ApplicationScoped
public class IncomingQueueProbe {

    /** What a browse found. A message waiting is one no consumer holds: in delivery, or held back to be redelivered, it is not shown. */
    public enum Found { UNREACHABLE, EMPTY, EVENTS_WAITING }

    /** The broker's own call timeout (post-boot-commands.asadmin): a browse that takes longer says UNREACHABLE. */
    private static final long BROKER_WAIT_SECONDS = 5;

    @Resource(lookup = "jms/inventoryConnectionFactory")
    ConnectionFactory broker;

    @Inject
    @ConfigProperty(name = "inventory.incoming-queue")
    String incomingQueue;

    @Resource
    ManagedExecutorService background;

    /** What a browse found, and when it began ({@link System#nanoTime}). */
    public record Sight(Found found, long browsedAt) {
    }

    /** The browse in progress or last made. */
    private Future<Found> browse;

    /** What the last browse to finish found. */
    private volatile Sight lastSight;

    /** The browse in progress, or a new one: {@link #found} waits for it, so that a caller can ask something else meanwhile. */
    public synchronized Future<Found> browse() {
        if (browse == null || browse.isDone()) {
            browse = background.submit(this::browseOnce);
        }
        return browse;
    }

    /** What the browse found, waiting for it at most as long as one broker call may take from {@code askedAt} ({@link System#nanoTime}). */
    public static Found found(Future<Found> browse, long askedAt) {
        long deadline = askedAt + TimeUnit.SECONDS.toNanos(BROKER_WAIT_SECONDS);
        try {
            return browse.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return Found.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Found.UNREACHABLE;
        }
    }

    /** What the last browse to finish found, if one has: without waiting for one, however long the broker takes. */
    public Optional<Sight> lastSight() {
        return Optional.ofNullable(lastSight);
    }

    private Found browseOnce() {
        long browsedAt = System.nanoTime();
        Found found = look();
        lastSight = new Sight(found, browsedAt);
        return found;
    }

    private Found look() {
        try (JMSContext context = broker.createContext();
             QueueBrowser browser = context.createBrowser(context.createQueue(incomingQueue))) {
            return browser.getEnumeration().hasMoreElements() ? Found.EVENTS_WAITING : Found.EMPTY;
        } catch (Exception e) {
            return Found.UNREACHABLE;
        }
    }
}
