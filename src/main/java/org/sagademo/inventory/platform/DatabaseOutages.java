package org.sagademo.inventory.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Work that meets the database out of reach waits for it on its thread instead of failing. An event would go back to
 * the broker: each return costs one of the message's ten deliveries (about a minute in all: broker.properties), so an
 * outage longer than that (a failover, a rescheduled database pod) would dead-letter events that are fine, leaving
 * orders unanswered and payments unapplied, their stock released later by expiry. The schema's migration would fail
 * the deployment. The work is tried again once the database answers its probe, asked after a pause growing to 5 s,
 * unless the service is asked to stop or the thread is interrupted meanwhile (then the failure is thrown: a message goes
 * back to the broker). Readiness says DOWN meanwhile. Only an outage is waited for: a failure that looks like one while
 * the database answers its probe (a statement past the 5 s socket timeout, behind a lock, say) is thrown at once, an
 * event's deliveries bounded as any failure's.
 */
@ApplicationScoped
public class DatabaseOutages {

    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(DatabaseOutages.class.getName());

    @Inject
    ShutdownSignal shutdown;

    @Inject
    DatabaseProbe database;

    /** When {@link #answersNow} last probed ({@link System#nanoTime}; 0 before the first), and what it found. */
    private long lastProbe;
    private boolean answered;

    /** @param what what waits, for the log (quoted there unless one plain word: it may be a peer's) */
    public <T> T waitOut(String what, Supplier<T> work) {
        long waitingSince = 0;
        while (true) {
            try {
                T done = work.get();
                if (waitingSince != 0) {
                    long waited = Duration.ofNanos(System.nanoTime() - waitingSince).toSeconds();
                    LOG.info(() -> "database reachable again: " + LoggedValue.of(what) + " went on after " + waited + " s");
                }
                return done;
            } catch (RuntimeException failure) {
                if (!outage(failure) || shutdown.received() || Thread.currentThread().isInterrupted()) {
                    throw failure;
                }
                if (waitingSince == 0) {
                    waitingSince = System.nanoTime();
                    LOG.warning(() -> "database unreachable: " + LoggedValue.of(what)
                            + " waits for it, and is tried again once it answers");
                }
                awaitDatabase(failure);
            }
        }
    }

    private boolean outage(RuntimeException failure) {
        return DatabaseUnreachable.isCauseOf(failure) && !database.answers();
    }

    /**
     * Pauses ({@link GrowingPause}) until the database answers: the work is not tried meanwhile, since each failed try
     * logs the connection pool's warnings.
     */
    private void awaitDatabase(RuntimeException failure) {
        GrowingPause pause = new GrowingPause();
        do {
            try {
                pause.take();
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                throw failure;
            }
            if (shutdown.received()) {
                throw failure;
            }
        } while (!answersNow());
    }

    /**
     * The last probe's answer, one probe a second at most, whichever consumer asks: every consumer holding an event
     * waits, and each failed probe logs the connection pool's warnings.
     */
    private synchronized boolean answersNow() {
        if (lastProbe == 0 || System.nanoTime() - lastProbe >= PROBE_INTERVAL.toNanos()) {
            answered = database.answers();
            lastProbe = System.nanoTime();
        }
        return answered;
    }
}
