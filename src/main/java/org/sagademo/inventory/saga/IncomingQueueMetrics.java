package org.sagademo.inventory.saga;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.sagademo.inventory.platform.IncomingQueueProbe;
import org.sagademo.inventory.platform.QueueCounts;

import java.util.function.ToLongFunction;

/**
 * The broker's counts of the incoming queue as gauges: what an operator alerts on where liveness cannot decide
 * ({@link StalledConsumers} sees only an instance that lost every consumer). Fewer consumers than instances times
 * {@code INVENTORY_CONSUMERS} is an instance, or some of its consumers, gone. Each scrape reads the last look and starts
 * the next, never waiting for the broker; NaN where the broker gave no count (no {@code manage} permission, out of
 * reach). A bean of its own, as {@link OutcomeMetrics} is, for servers without MicroProfile Metrics.
 */
@ApplicationScoped
public class IncomingQueueMetrics {

    @Inject
    MetricRegistry metrics;

    @Inject
    IncomingQueueProbe incomingQueue;

    void registerAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        gauge("inventory.incoming.queue.consumers",
                "Consumers of the incoming queue on the broker, of every instance", QueueCounts::consumers);
        gauge("inventory.incoming.queue.events.waiting",
                "Events waiting on the incoming queue for a consumer (neither in delivery nor held back)",
                QueueCounts::eventsWaiting);
    }

    private void gauge(String name, String description, ToLongFunction<QueueCounts> count) {
        metrics.gauge(Metadata.builder().withName(name).withDescription(description).build(), () -> {
            incomingQueue.look();
            return incomingQueue.lastSight().flatMap(IncomingQueueProbe.Sight::counts)
                    .map(counts -> (double) count.applyAsLong(counts)).orElse(Double.NaN);
        });
    }
}
