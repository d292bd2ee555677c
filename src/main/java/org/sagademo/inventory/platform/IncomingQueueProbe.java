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
 * What the broker shows of the incoming queue: whether it lets us browse it, and whether events wait on it
 * ({@link QueueCounts}). One look at a time, however often health is asked: while the link to the broker was cut, a
 * browse could take longer than a probe waits (one run of the fault suite's "partition": no DOWN answered during a 10 s
 * cut, only no answer), so a slow look goes on in the background and the next question waits for it instead of
 * starting another.
 */
@ApplicationScoped
public class IncomingQueueProbe {

    /** What a look found. An event waiting is one no consumer holds: one in delivery, or held back to be redelivered, is not. */
    public enum Found { UNREACHABLE, EMPTY, EVENTS_WAITING }

    /** The broker's own call timeout (post-boot-commands.asadmin): a look that takes longer says UNREACHABLE. */
    private static final long BROKER_WAIT_SECONDS = 5;

    @Resource(lookup = "jms/inventoryConnectionFactory")
    ConnectionFactory broker;

    @Inject
    @ConfigProperty(name = "inventory.incoming-queue")
    String incomingQueue;

    @Resource
    ManagedExecutorService background;

    /** What a look found, when it began ({@link System#nanoTime}), and the broker's counts, where it gave them. */
    public record Sight(Found found, long lookedAt, Optional<QueueCounts> counts) {
    }

    /** The look in progress or last made. */
    private Future<Found> look;

    /** What the last look to finish found. */
    private volatile Sight lastSight;

    /** The look in progress, or a new one: {@link #found} waits for it, so that a caller can ask something else meanwhile. */
    public synchronized Future<Found> look() {
        if (look == null || look.isDone()) {
            look = background.submit(this::lookOnce);
        }
        return look;
    }

    /** What the look found, waiting for it at most as long as one broker call may take from {@code askedAt} ({@link System#nanoTime}). */
    public static Found found(Future<Found> look, long askedAt) {
        long deadline = askedAt + TimeUnit.SECONDS.toNanos(BROKER_WAIT_SECONDS);
        try {
            return look.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return Found.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Found.UNREACHABLE;
        }
    }

    /** What the last look to finish found, if one has: without waiting for one, however long the broker takes. */
    public Optional<Sight> lastSight() {
        return Optional.ofNullable(lastSight);
    }

    private Found lookOnce() {
        Sight sight = see(System.nanoTime());
        lastSight = sight;
        return sight.found();
    }

    /**
     * A browse, which any user of the queue may make; whether events wait, by the broker's count where it gives one.
     * The browse comes last: the count gives up after 2 s without an answer (a broker that does not answer management
     * messages), so a link cut meanwhile would otherwise end in a look that found the broker after all.
     */
    private Sight see(long lookedAt) {
        try (JMSContext context = broker.createContext()) {
            Optional<QueueCounts> counts = QueueCounts.of(context, incomingQueue);
            boolean browsed;
            try (QueueBrowser browser = context.createBrowser(context.createQueue(incomingQueue))) {
                browsed = browser.getEnumeration().hasMoreElements();
            }
            boolean waiting = counts.map(counted -> counted.eventsWaiting() > 0).orElse(browsed);
            return new Sight(waiting ? Found.EVENTS_WAITING : Found.EMPTY, lookedAt, counts);
        } catch (Exception e) {
            return new Sight(Found.UNREACHABLE, lookedAt, Optional.empty());
        }
    }
}
