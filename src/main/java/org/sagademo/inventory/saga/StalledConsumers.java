package org.sagademo.inventory.saga;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.sagademo.inventory.platform.IncomingQueueProbe;
import org.sagademo.inventory.platform.IncomingQueueProbe.Found;
import org.sagademo.inventory.platform.IncomingQueueProbe.Sight;
import org.sagademo.inventory.platform.ShutdownSignal;

import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Live ({@code /health/live}) unless events have been seen waiting on the incoming queue for
 * {@code inventory.consumers.stalled-after-seconds} while none reached this instance. Its consumers can be gone without
 * the resource adapter noticing: Artemis drops a consumer it cannot convert a message for (README, "Bad messages"), and
 * an adapter that reconnected can keep consumers that no longer consume (Payara #2386). Only a restart gives them back,
 * which is what a failed liveness probe asks of Kubernetes.
 * <p>
 * The clock runs only on what the looks at the queue saw (readiness', this check's and the metrics' gauges':
 * {@link IncomingQueueProbe}), each begun
 * after the last event arrived, while no consumer of this instance held an event (one that waits out a database outage
 * holds it): a broker out of reach leaves no new sight, a database outage holds events, and neither reads as stalled.
 * The answer never waits for the broker: it reads the last look to finish and starts the next.
 */
@Liveness
@ApplicationScoped
public class StalledConsumers implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(StalledConsumers.class.getName());

    @Inject
    @ConfigProperty(name = "inventory.consumers.stalled-after-seconds")
    long stalledAfterSeconds;

    @Inject
    ListenerActivity listener;

    @Inject
    IncomingQueueProbe incomingQueue;

    @Inject
    ShutdownSignal shutdown;

    /** When the sights of events waiting with none arriving began ({@link System#nanoTime}); empty while there are none. */
    private Long waitingSince;

    /**
     * Made as the application starts: Payara's health servlet calls a check first outside the application, where its
     * microprofile-config.properties cannot be read, and a check made there fails (seen in the Arquillian tests).
     */
    void createAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // the call makes the bean; nothing else to do
    }

    @Override
    public synchronized HealthCheckResponse call() {
        if (stalledAfterSeconds <= 0) {
            return HealthCheckResponse.named("incoming-queue-consumers").withData("check", "off").up().build();
        }
        Duration unconsumed = unconsumedFor();
        boolean stalled = unconsumed.toSeconds() >= stalledAfterSeconds;
        if (stalled) {
            LOG.warning(() -> "events have waited on the incoming queue for " + unconsumed.toSeconds()
                    + " s and none reached this instance: its consumers are lost, liveness says DOWN so that it is restarted");
        }
        Optional<Sight> sight = incomingQueue.lastSight();
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("incoming-queue-consumers")
                .withData("events waiting unconsumed for seconds", unconsumed.toSeconds())
                .withData("events waiting seen by", sight.map(this::seenBy).orElse("no look yet"));
        sight.flatMap(Sight::counts)
                .ifPresent(counts -> answer.withData("consumers on the broker, of every instance", counts.consumers()));
        return answer.status(!stalled).build();
    }

    private String seenBy(Sight sight) {
        if (sight.found() == Found.UNREACHABLE) {
            return "no answer from the broker";
        }
        return sight.counts().isPresent() ? "the broker's count" : "a browse";
    }

    /** How long events have been seen waiting with none reaching this instance. */
    Duration unconsumedFor() {
        if (shutdown.received() || listener.holdsAny()) {
            waitingSince = null;
            return Duration.ZERO;
        }
        incomingQueue.look();
        Optional<Sight> sight = incomingQueue.lastSight()
                .filter(seen -> seen.found() == Found.EVENTS_WAITING && seen.lookedAt() - listener.lastArrival() > 0);
        if (sight.isEmpty()) {
            waitingSince = null;
            return Duration.ZERO;
        }
        if (waitingSince == null || listener.lastArrival() - waitingSince > 0) {
            waitingSince = sight.get().lookedAt();
        }
        return Duration.ofNanos(sight.get().lookedAt() - waitingSince);
    }
}
