package org.sagademo.inventory.bench;

import jakarta.jms.JMSException;
import org.sagademo.inventory.clients.SagaBroker;
import org.sagademo.inventory.clients.SagaMessages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Plays the order and payment services: publishes a batch of events as fast as the broker takes them
 * (or at a set pace), and times each order's answer on the outgoing queue.
 */
final class SagaLoad implements AutoCloseable {

    /**
     * One phase's figures: answers per second over the whole phase and answer latency; {@code perWindow}: answers per
     * second in each window of {@link #WINDOW} answers, from the phase's start.
     */
    record Figures(String phase, int events, double perSecond, double p50, double p95, double p99, Map<String, Long> answers,
                   List<Double> perWindow) {
    }

    static final int WINDOW = 2_000;
    /** The tally, among a phase's answers by type, of those that are not the first answer of one of its orders. */
    private static final String NOT_THE_PHASES = "not this phase's first answers";
    /** Orders published per commit in {@link #sustain}. */
    private static final int SUSTAIN_BATCH = 20;

    private final SagaBroker broker;
    private final Map<String, Long> publishedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> latencyByOrder = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> answersByType = new ConcurrentHashMap<>();
    private final Queue<Long> answeredAt = new ConcurrentLinkedQueue<>();
    private volatile CountDownLatch expected = new CountDownLatch(0);
    /**
     * In {@link #run}, the orders whose first answer the phase still waits for: a duplicate, a late answer of the phase
     * before or another session's would otherwise end it early and count in its rate. Null in {@link #sustain}, where
     * every answer makes room.
     */
    private volatile Set<String> awaited;
    /** Orders that may still be published without an answer, in {@link #sustain}. */
    private volatile Semaphore room = new Semaphore(0);

    /** A peer on the broker's core protocol. */
    SagaLoad(int brokerPort) {
        this(SagaBroker.core(brokerPort));
    }

    /** A peer on AMQP 1.0, as the saga's services that are not Java publish and read. */
    static SagaLoad overAmqp(int brokerPort) {
        return new SagaLoad(SagaBroker.overAmqp(brokerPort));
    }

    private SagaLoad(SagaBroker broker) {
        this.broker = broker;
        broker.listen(SagaBroker.OUTGOING, message -> {
            try {
                long now = System.currentTimeMillis();
                String order = message.getStringProperty("orderId");
                Set<String> phase = awaited;
                if (phase != null && (order == null || !phase.remove(order))) {
                    answersByType.computeIfAbsent(NOT_THE_PHASES, t -> new AtomicLong()).incrementAndGet();
                    return;
                }
                Long sent = publishedAt.get(order);
                if (sent != null) {
                    latencyByOrder.put(order, now - sent);
                }
                answersByType.computeIfAbsent(message.getStringProperty("type"), t -> new AtomicLong()).incrementAndGet();
                answeredAt.add(now);
                expected.countDown();
                room.release();
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * Publishes {@code count} events made by {@code event(i)} for orders named {@code order(i)}, and
     * waits for {@code answers} outgoing events (0 when the phase answers nothing, e.g. confirmations).
     *
     * @param perSecond 0 for as fast as possible
     */
    Figures run(String phase, int count, IntFunction<String> order, IntFunction<String> event, int answers,
                double perSecond, Runnable awaitEffect) throws Exception {
        clear(answers, 0);
        Set<String> orders = ConcurrentHashMap.newKeySet();
        if (answers > 0) {
            IntStream.range(0, count).mapToObj(order).forEach(orders::add);
        }
        awaited = orders;
        long start = System.currentTimeMillis();
        try (SagaBroker.Batch batch = broker.batch()) {
            List<String> uncommitted = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batch.send(event.apply(i));
                uncommitted.add(order.apply(i));
                // commit in batches; when paced, also whenever the next event is not due yet
                if (uncommitted.size() == 200 || (perSecond > 0 && due(start, i + 1, perSecond) > System.currentTimeMillis())) {
                    commit(batch, uncommitted);
                    if (perSecond > 0) {
                        sleepUntil(due(start, i + 1, perSecond));
                    }
                }
            }
            commit(batch, uncommitted);
        }
        if (!expected.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException(phase + ": only " + (answers - expected.getCount()) + " of " + answers + " answers");
        }
        awaitEffect.run();
        double seconds = (System.currentTimeMillis() - start) / 1000.0;
        long[] latencies = latencyByOrder.values().stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Long> byType = new ConcurrentHashMap<>();
        answersByType.forEach((type, n) -> byType.put(type, n.get()));
        return new Figures(phase, count, count / seconds, percentile(latencies, 50), percentile(latencies, 95),
                percentile(latencies, 99), byType, perWindow(start));
    }

    /**
     * For {@code seconds}, keeps {@code inFlight} orders made by {@code event(i)} published and unanswered, each
     * answer making room for the next (a closed loop, as wrk's connections are), then waits up to {@code drainSeconds}
     * for the last answers: answers per second in each window of {@code windowSeconds} from the first publish.
     */
    List<Double> sustain(int seconds, int windowSeconds, int inFlight, IntFunction<String> event, int drainSeconds) throws Exception {
        clear(0, inFlight);
        awaited = null;
        long start = System.currentTimeMillis();
        int published = 0;
        try (SagaBroker.Batch batch = broker.batch()) {
            while (System.currentTimeMillis() < start + seconds * 1000L) {
                if (room.tryAcquire(SUSTAIN_BATCH, 100, TimeUnit.MILLISECONDS)) {
                    for (int i = 0; i < SUSTAIN_BATCH; i++) {
                        batch.send(event.apply(published++));
                    }
                    batch.commit();
                }
            }
        }
        if (!room.tryAcquire(inFlight, drainSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException((inFlight - room.availablePermits()) + " orders unanswered " + drainSeconds
                    + " s after the last publish");
        }
        long[] at = answeredAt.stream().mapToLong(Long::longValue).toArray();
        return IntStream.range(0, seconds / windowSeconds).mapToObj(w -> Arrays.stream(at)
                .filter(t -> t >= start + w * windowSeconds * 1000L && t < start + (w + 1) * windowSeconds * 1000L)
                .count() / (double) windowSeconds).toList();
    }

    private void clear(int answers, int inFlight) {
        publishedAt.clear();
        latencyByOrder.clear();
        answersByType.clear();
        answeredAt.clear();
        expected = new CountDownLatch(answers);
        room = new Semaphore(inFlight);
    }

    private List<Double> perWindow(long start) {
        long[] at = answeredAt.stream().mapToLong(Long::longValue).sorted().toArray();
        List<Double> rates = new ArrayList<>();
        long windowStart = start;
        for (int end = WINDOW - 1; end < at.length; end += WINDOW) {
            rates.add(WINDOW * 1000.0 / Math.max(1, at[end] - windowStart));
            windowStart = at[end];
        }
        return rates;
    }

    static String order(String session, String prefix, int i, String product) {
        return SagaMessages.orderCreated(session, prefix + i, product, 1);
    }

    /** Events are published when their transaction commits: that is when each one's latency starts. */
    private void commit(SagaBroker.Batch batch, List<String> orders) throws JMSException {
        batch.commit();
        long now = System.currentTimeMillis();
        orders.forEach(order -> publishedAt.put(order, now));
        orders.clear();
    }

    private static long due(long start, int i, double perSecond) {
        return start + (long) (i * 1000 / perSecond);
    }

    private static void sleepUntil(long due) throws InterruptedException {
        long wait = due - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    @Override
    public void close() {
        broker.close();
    }

}
