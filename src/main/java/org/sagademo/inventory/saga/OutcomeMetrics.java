package org.sagademo.inventory.saga;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.sagademo.inventory.saga.Outcome.ReservationChange;
import org.sagademo.inventory.saga.Outcome.Result;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The MicroProfile Metrics of each event's outcome. A bean of its own because not every server has
 * MicroProfile Metrics (WildFly 39 moved to Micrometer): where the API is missing, CDI leaves this
 * class out and {@link OutcomeLog} only logs.
 */
@ApplicationScoped
public class OutcomeMetrics {

    @Inject
    MetricRegistry metrics;

    /** Looked up once each: finding a metric by name and tags was a third of this bean's cost per event. */
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<ReservationChange, Counter> reservationChanges = new ConcurrentHashMap<>();
    private Counter deadLetters;

    /**
     * Payara creates timers unsafely when several threads ask for a new one at once: create them first. And
     * until an application metric exists, Payara answers /metrics?scope=application with an HTML 404 page. The
     * dead-letter count exists from the start too, at 0, for an alert on its rate.
     */
    @PostConstruct
    void registerUpFront() {
        Stream.concat(Arrays.stream(EventType.values()).filter(EventType::isIncoming).map(EventType::name),
                        Stream.of(Outcome.UNREADABLE, Outcome.RESERVATION_TTL))
                .forEach(this::timer);
        deadLetters = metrics.counter("inventory.dead.letters");
    }

    /** Created with the application, not with the first event, so that the metrics exist from the start. */
    void createAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // the observer's only job is to have the container create this bean now
    }

    private Timer timer(String eventType) {
        return metrics.timer("inventory.event.processing", new Tag("type", eventType));
    }

    void count(Outcome outcome, Result result, boolean committed, Duration took) {
        outcomes.computeIfAbsent(outcome.event() + " " + result, key ->
                metrics.counter("inventory.events", new Tag("type", outcome.event()), new Tag("outcome", result.name()))).inc();
        timers.computeIfAbsent(outcome.event(), this::timer).update(took);
        if (committed && outcome.change() != null) {
            reservationChanges.computeIfAbsent(outcome.change(), change ->
                    metrics.counter("inventory.reservations", new Tag("change", change.label()))).inc();
        }
        if (committed && result == Result.DEAD_LETTERED) {
            deadLetters.inc();
        }
    }
}
