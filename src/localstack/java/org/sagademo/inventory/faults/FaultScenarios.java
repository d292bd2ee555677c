package org.sagademo.inventory.faults;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import org.sagademo.inventory.clients.Api;
import org.sagademo.inventory.clients.SagaBroker;
import org.sagademo.inventory.clients.SagaMessages;
import org.sagademo.inventory.localstack.EmbeddedDatabase;
import org.sagademo.inventory.localstack.PayaraMicroProcess;
import org.sagademo.inventory.localstack.Poll;
import org.sagademo.inventory.localstack.Rows;
import org.sagademo.inventory.localstack.ServiceStack;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Breaks the running service on purpose (crashes, restarts, network partitions, competition, duplicates)
 * and counts what was lost, duplicated or oversold. Each scenario uses its own session of the shared stack.
 */
final class FaultScenarios {

    private static final long ANSWER_TIMEOUT = 300_000;
    /** How long a cut link resets new connections: longer than the service's timeouts (5 s), so readiness must see it. */
    private static final long CUT_MILLIS = 10_000;
    private static final Fault NO_FAULT = () -> { };
    /** How long events wait unconsumed before liveness says so, in the suite (the service's default: 60 s). */
    static final Duration STALLED_AFTER = Duration.ofSeconds(15);
    /** How soon after a scenario its reads must be served again. */
    private static final long RECOVERY_MILLIS = 30_000;
    /** Three of expiry's rounds (one each 15 s) and a margin. */
    private static final long EXPIRY_ROUNDS_MILLIS = 50_000;

    private final ServiceStack stack;
    private final Api api;
    private final Rows rows;
    private final Traffic traffic;
    private final TcpProxy databaseLink;
    private final TcpProxy brokerLink;
    /** Each session's units of every product, as seeded: what no product may hold or sell more of. */
    private final Map<String, Integer> seededUnits = new ConcurrentHashMap<>();

    /** @param databaseLink, brokerLink the proxies through which the service reaches PostgreSQL and the broker */
    FaultScenarios(ServiceStack stack, Traffic traffic, TcpProxy databaseLink, TcpProxy brokerLink) {
        this.stack = stack;
        this.api = new Api(stack.http(""));
        this.rows = new Rows(stack.ports.db());
        this.traffic = traffic;
        this.databaseLink = databaseLink;
        this.brokerLink = brokerLink;
    }

    /** kill -9 of the service twice under load (orders, then their payments), each time started again. */
    FaultRow crash(int orders) throws Exception {
        return crashedTwice("kill -9 mid-burst, restart (twice)", "crash", 20, orders, this::crashAndRestart);
    }

    /** kill -9 of PostgreSQL (postmaster and backends) twice under load, each time started on the same directory. */
    FaultRow databaseCrash(int orders) throws Exception {
        return crashedTwice("PostgreSQL killed (kill -9) under load, twice", "db-crash", 10, orders, this::crashDatabase);
    }

    /** kill -9 of the broker's JVM twice under load, each time started on the same journal. */
    FaultRow brokerCrash(int orders) throws Exception {
        return crashedTwice("broker killed (kill -9) under load, twice", "broker-crash", 10, orders, this::crashBroker);
    }

    /**
     * A crash in the middle of a burst of orders and again in the middle of their payments. Besides what
     * is lost or duplicated, an answer that went out must be backed by a committed row: on durable storage
     * a crash cannot take back a commit the service has answered for.
     */
    private FaultRow crashedTwice(String name, String prefix, int products, int orders, Fault crash) throws Exception {
        return underLoad(name, session(prefix), products, orders, List.of(crash), List.of(crash), 0);
    }

    /**
     * The network between the service and PostgreSQL, then the broker, cut (every connection reset for
     * a while) during orders and silent (connections open, nothing carried) during payments. The service
     * must get over each by itself and say it is not ready meanwhile; afterwards the broker must count
     * every consumer again and a fresh batch of orders must all be answered, so no consumer stays dead.
     */
    FaultRow partition(int orders, Duration silence) throws Exception {
        try (HealthLog readiness = new HealthLog(stack.http("/health/ready"))) {
            Outages outages = new Outages(readiness, traffic, stack.consumers);
            int fresh = 10 * stack.consumers;
            FaultRow row = underLoad("network to PostgreSQL, then broker: cut, then silent", session("partition"), 10,
                    orders, List.of(outages.cut("database", databaseLink, CUT_MILLIS), outages.cut("broker", brokerLink, CUT_MILLIS)),
                    List.of(outages.silence("database", databaseLink, silence.toMillis()),
                            outages.silence("broker", brokerLink, silence.toMillis())), fresh);
            List<String> unmet = new ArrayList<>(outages.unmet());
            expiryAfterHealing().ifPresent(unmet::add);
            return row.with(fresh + " fresh orders after healing; " + outages.note(), unmet);
        }
    }

    /**
     * Expiry still runs: its rounds failed while the links were down, and a timer whose rounds fail can be given up
     * by the container. A reservation made overdue (moved back past the time to live) is released within a few rounds.
     */
    private Optional<String> expiryAfterHealing() {
        String session = session("expiry");
        seed(session, 1, 1);
        traffic.publish(SagaMessages.orderCreated(session, "o0", "p0", 1));
        if (!Poll.until(() -> traffic.answers(session, "o0", "INVENTORY_RESERVED") > 0, ANSWER_TIMEOUT)) {
            return Optional.of("the expiry check's order not reserved after healing");
        }
        rows.age(session, "o0", Duration.ofDays(365));
        return Poll.until(() -> traffic.answers(session, "o0", "INVENTORY_RELEASED") > 0, EXPIRY_ROUNDS_MILLIS)
                ? Optional.empty() : Optional.of("an overdue reservation not released after healing (expiry stopped)");
    }

    /**
     * Orders in as many rounds as there are faults for them, each fault striking a third of the way into
     * its round; then the payments of the reserved ones likewise; then {@code fresh} more orders, no fault.
     * Even orders pay, odd ones fail their payment and are released.
     */
    private FaultRow underLoad(String name, String session, int products, int orders, List<Fault> duringOrders,
                               List<Fault> duringPayments, int fresh) throws Exception {
        int stockEach = orders * 4 / 5 / products;
        seed(session, products, stockEach);
        IntFunction<String> order = i -> SagaMessages.orderCreated(session, "o" + i, "p" + (i % products), 1);
        try (HttpProbe probe = new HttpProbe(api, session)) {
            inRounds(0, orders, order, () -> traffic.answered(session), duringOrders);
            List<Integer> reserved = IntStream.range(0, orders)
                    .filter(i -> traffic.answers(session, "o" + i, "INVENTORY_RESERVED") > 0).boxed().toList();
            long unbacked = unbackedAnswers(session, orders);
            inRounds(0, reserved.size(), k -> payment(session, reserved.get(k)),
                    () -> paymentsSettled(session, reserved), duringPayments);
            inRounds(orders, orders + fresh, order, () -> traffic.answered(session), List.of(NO_FAULT));
            awaitEveryCopyHandled();
            long lost = IntStream.range(0, orders + fresh).filter(i -> traffic.answers(session, "o" + i) == 0).count()
                    + paymentsNotApplied(session, reserved) + unbacked;
            long duplicated = IntStream.range(0, orders + fresh).mapToLong(i -> Math.max(0, traffic.answers(session, "o" + i)
                    - (reserved.contains(i) && i % 2 == 1 ? 2 : 1))).sum();
            return allReserved(row(name, session, orders + reserved.size() + fresh, lost, duplicated, probe,
                    "reserved " + reserved.size() + ", answers without their row " + unbacked), reserved.size(), products * stockEach);
        }
    }

    /** Events {@code from} to {@code to}, published in one round per fault; {@code done} counts what is through. */
    private void inRounds(int from, int to, IntFunction<String> event, LongSupplier done, List<Fault> faults)
            throws Exception {
        for (int round = 0; round < faults.size(); round++) {
            int first = from + (to - from) * round / faults.size();
            int end = from + (to - from) * (round + 1) / faults.size();
            long before = done.getAsLong();
            burst(first, end, event, () -> done.getAsLong() - before >= (end - first) / 3, faults.get(round));
            await(() -> done.getAsLong() - before >= end - first);
        }
    }

    /** INVENTORY_RESERVED answers whose reservation is missing, and reservations whose order got no such answer. */
    private long unbackedAnswers(String session, int orders) throws SQLException {
        Set<String> withReservation = new HashSet<>(column("SELECT order_id FROM reservations WHERE session_id = '" + session + "'"));
        return IntStream.range(0, orders).filter(i -> {
            boolean answeredReserved = traffic.answers(session, "o" + i, "INVENTORY_RESERVED") > 0;
            return answeredReserved != withReservation.contains("o" + i);
        }).count();
    }

    /**
     * SIGTERM to the service under load, then a start: what was in flight finishes or comes back. The service must end on
     * the SIGTERM: one that hangs is killed after 60 s, and would pass the other checks.
     */
    FaultRow gracefulStop(int orders) throws Exception {
        AtomicBoolean endedOnSigterm = new AtomicBoolean();
        AtomicLong stopMillis = new AtomicLong();
        FaultRow row = restartUnderLoad("service stopped (SIGTERM) and started under load", orders, probe -> () -> {
            long start = System.nanoTime();
            probe.whileStopping(() -> endedOnSigterm.set(stack.stopInstance(0)));
            stopMillis.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            stack.restartInstance(0);
        });
        return endedOnSigterm.get() ? row.with(String.format(Locale.ROOT, "ended %.1f s after SIGTERM", stopMillis.get() / 1000.0), List.of())
                : row.failing("no end on SIGTERM: killed after 60 s");
    }

    /**
     * Every consumer of the service lost while the broker and the service run on: Artemis drops a core consumer at each
     * delivery of an AMQP map that holds a map (README, "Bad messages"), ten per such message. With orders waiting,
     * {@code /health/live} must turn DOWN, not before they have waited {@link #STALLED_AFTER}, and a restart (what
     * Kubernetes makes of that) must answer them. Then once more, to have every consumer again: the last such message's
     * remaining deliveries take some of the restarted instance's before the broker dead-letters it. A second instance
     * (after "compete") loses its consumers too, and is restarted alike.
     */
    FaultRow lostConsumers(int orders) throws Exception {
        String session = session("lost-consumers");
        seed(session, 1, orders);
        List<String> unmet = new ArrayList<>();
        int liveBefore = liveness();
        if (liveBefore != 200) {
            unmet.add("/health/live " + liveBefore + " before the consumers were lost");
        }
        int unconvertible = traffic.serviceConsumers() / 10 + 1;
        try (SagaBroker amqp = SagaBroker.overAmqp(stack.ports.broker())) {
            for (int i = 0; i < unconvertible; i++) {
                amqp.publish(SagaBroker.INCOMING, FaultScenarios::mapArtemisCannotConvert);
            }
        }
        if (!Poll.until(() -> traffic.serviceConsumers() == 0, ANSWER_TIMEOUT)) {
            unmet.add(traffic.serviceConsumers() + " consumers left by " + unconvertible + " unconvertible maps");
        }
        long waitingFrom = System.nanoTime();
        IntStream.range(0, orders).forEach(i -> traffic.publish(SagaMessages.orderCreated(session, "o" + i, "p0", 1)));
        boolean down = Poll.until(() -> liveness() == 503, STALLED_AFTER.plusMinutes(1).toMillis(), 1_000);
        Duration downAfter = Duration.ofNanos(System.nanoTime() - waitingFrom);
        if (!down) {
            unmet.add("/health/live not DOWN with every consumer lost and orders waiting");
        } else if (downAfter.compareTo(STALLED_AFTER) < 0) {
            unmet.add("/health/live DOWN " + downAfter.toSeconds() + " s after the orders, before they had waited " + STALLED_AFTER.toSeconds() + " s");
        }
        restart();
        Poll.until(() -> IntStream.range(0, orders).allMatch(i -> traffic.answers(session, "o" + i) > 0), ANSWER_TIMEOUT);
        if (!Poll.until(() -> traffic.serviceBacklog() == 0, ANSWER_TIMEOUT)) {
            unmet.add("the unconvertible maps not dead-lettered after the restart");
        }
        restart();
        missingConsumers().ifPresent(missing -> unmet.add(missing + " after the last restart"));
        unmet.addAll(refusedForAnotherReasonThanStock(session));
        long lost = IntStream.range(0, orders).filter(i -> traffic.answers(session, "o" + i) == 0).count();
        long duplicated = IntStream.range(0, orders).mapToLong(i -> Math.max(0, traffic.answers(session, "o" + i) - 1)).sum();
        return new FaultRow("every consumer lost to unconvertible AMQP maps; restarted once liveness said so", orders + unconvertible,
                traffic.total(session), lost, duplicated, 0, 0, 0,
                "/health/live DOWN " + (down ? downAfter.toSeconds() + " s" : "never") + " after " + orders + " orders began to wait", unmet);
    }

    /** An AMQP value that is a map holding a map: Artemis cannot convert it for a core consumer, and drops the consumer. */
    private static Message mapArtemisCannotConvert(Session session) throws JMSException {
        ObjectMessage message = session.createObjectMessage();
        message.setBooleanProperty("JMS_AMQP_TYPED_ENCODING", true);
        message.setObject(new HashMap<>(Map.of("type", "ORDER_CREATED", "data", new HashMap<>(Map.of("id", "unconvertible")))));
        return message;
    }

    private int liveness() {
        return api.send(HttpRequest.newBuilder(stack.http("/health/live"))).status();
    }

    /** SIGTERM to each instance and a start, as Kubernetes restarts a container. */
    private void restart() throws Exception {
        for (int instance = stack.hasSecondInstance() ? 1 : 0; instance >= 0; instance--) {
            stack.restartGracefully(instance);
        }
    }

    /** The broker stops and starts again under load; the service must reconnect on its own. */
    FaultRow brokerRestart(int orders) throws Exception {
        return restartUnderLoad("broker restarted under load", orders, probe -> () -> {
            stack.stopBroker();
            Poll.pause(3_000);
            stack.startBroker();
        });
    }

    /** PostgreSQL stops and starts again under load. */
    FaultRow databaseRestart(int orders) throws Exception {
        return restartUnderLoad("PostgreSQL restarted under load", orders, probe -> () -> {
            stack.stopDatabase();
            Poll.pause(3_000);
            stack.startDatabase();
        });
    }

    /**
     * PostgreSQL down while the service starts, as when a cluster is brought up at once or a node restarts under both,
     * with orders waiting in the queue: the start waits for the database and serves once it is back, without a second
     * launch (one whose deployment failed would serve nothing until an orchestrator restarts it, minutes later), and the
     * orders are answered once each. A start stopped while it waits ends on the SIGTERM.
     */
    FaultRow databaseDownAtStart(int orders) throws Exception {
        String session = session("db-at-start");
        seed(session, 10, orders);
        try (HttpProbe probe = new HttpProbe(api, session)) {
            stack.stopDatabase();
            List<String> unmet = new ArrayList<>();
            if (!stack.stopInstance(0)) {
                unmet.add("no end on SIGTERM with PostgreSQL down: killed after 60 s");
            }
            IntStream.range(0, orders).forEach(i -> traffic.publish(SagaMessages.orderCreated(session, "o" + i, "p" + (i % 10), 1)));
            long waitsBefore = deploymentWaits();
            Process stoppedWhileWaiting = stack.instanceLauncher(0).start();
            if (!Poll.until(() -> deploymentWaits() > waitsBefore, ANSWER_TIMEOUT)) {
                unmet.add("a start never said it waits for PostgreSQL");
            }
            long stopping = System.nanoTime();
            if (!PayaraMicroProcess.stop(stoppedWhileWaiting)) {
                unmet.add("a start waiting for PostgreSQL did not end on SIGTERM: killed after 60 s");
            }
            double stopSeconds = (System.nanoTime() - stopping) / 1e9;
            long waitsBeforeRestart = deploymentWaits();
            long launched = System.nanoTime();
            AtomicLong databaseBack = new AtomicLong();
            boolean firstLaunchServed = stack.restartInstanceWhile(0, () -> {
                if (!Poll.until(() -> deploymentWaits() > waitsBeforeRestart, ANSWER_TIMEOUT)) {
                    unmet.add("the restart never said it waits for PostgreSQL");
                }
                stack.startDatabase();
                databaseBack.set(System.nanoTime());
            });
            if (!firstLaunchServed) {
                unmet.add("the start did not wait for PostgreSQL: its deployment failed, a second launch served");
            }
            await(() -> traffic.answered(session) >= orders);
            awaitEveryCopyHandled();
            long lost = IntStream.range(0, orders).filter(i -> traffic.answers(session, "o" + i) == 0).count();
            long reserved = IntStream.range(0, orders)
                    .filter(i -> traffic.answers(session, "o" + i, "INVENTORY_RESERVED") > 0).count();
            FaultRow row = allReserved(row("PostgreSQL down while the service starts, orders waiting", session, orders, lost,
                    duplicates(session, orders), probe, String.format(Locale.ROOT, "a start stopped while it waited ended"
                            + " %.1f s after SIGTERM; PostgreSQL back %.1f s after the next launch, once it waited", stopSeconds,
                            (databaseBack.get() - launched) / 1e9)), reserved, orders);
            for (String check : unmet) {
                row = row.failing(check);
            }
            return row;
        }
    }

    /** How often the first instance's log says its deployment waits for PostgreSQL (DeploymentWaitsForDatabase). */
    private long deploymentWaits() {
        try (Stream<String> lines = Files.lines(stack.instanceLog(0), StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains("PostgreSQL gives no connection yet, the deployment waits for it")).count();
        } catch (IOException noLogYet) {
            return 0;
        }
    }

    private void crashBroker() throws Exception {
        stack.killBroker();
        Poll.pause(3_000);
        stack.startBroker();
    }

    private void crashDatabase() throws Exception {
        stack.killDatabase();
        Poll.pause(3_000);
        stack.startDatabase();
    }

    /** Two instances compete for one queue and one hot product. */
    FaultRow twoInstances(int orders, int units) throws Exception {
        String session = session("compete");
        seed(session, 1, units);
        if (!stack.hasSecondInstance()) {
            stack.startInstance();
        }
        try (HttpProbe probe = new HttpProbe(api, session)) {
            parallel(4, orders, i -> traffic.publish(SagaMessages.orderCreated(session, "o" + i, "p0", 1)));
            await(() -> traffic.answered(session) >= orders);
            awaitEveryCopyHandled();
            long reserved = IntStream.range(0, orders)
                    .filter(i -> traffic.answers(session, "o" + i, "INVENTORY_RESERVED") > 0).count();
            long lost = IntStream.range(0, orders).filter(i -> traffic.answers(session, "o" + i) == 0).count();
            FaultRow row = row("two instances, " + orders + " orders for " + units + " units", session, orders, lost,
                    duplicates(session, orders), probe, "reserved " + reserved);
            // by the answers too: more told RESERVED than there were
            return allReserved(withOversold(row, Math.max(0, reserved - units)), reserved, Math.min(units, orders));
        }
    }

    /** Every order published twice, one in ten three times, from competing publishers. */
    FaultRow duplicates(int orders) throws Exception {
        String session = session("dup");
        seed(session, 10, orders);
        List<Integer> deliveries = new ArrayList<>();
        IntStream.range(0, orders).forEach(i -> {
            deliveries.add(i);
            deliveries.add(i);
            if (i % 10 == 0) {
                deliveries.add(i);
            }
        });
        Collections.shuffle(deliveries, new Random(7));
        try (HttpProbe probe = new HttpProbe(api, session)) {
            parallel(3, deliveries.size(),
                    k -> traffic.publish(SagaMessages.orderCreated(session, "o" + deliveries.get(k), "p" + deliveries.get(k) % 10, 1)));
            await(() -> traffic.answered(session) >= orders);
            awaitEveryCopyHandled();
            long lost = IntStream.range(0, orders).filter(i -> traffic.answers(session, "o" + i) == 0).count();
            long reservedUnits = IntStream.range(0, 10).mapToLong(p -> rows.stock(session, "p" + p).reserved()).sum();
            long doubleEffects = Math.max(0, reservedUnits - orders);
            return allReserved(row("each event 2-3 times, concurrently", session, deliveries.size(), lost,
                    duplicates(session, orders) + doubleEffects, probe, "reserved units " + reservedUnits), reservedUnits, orders);
        }
    }

    private FaultRow restartUnderLoad(String name, int orders, Function<HttpProbe, Fault> fault) throws Exception {
        String session = session("restart");
        seed(session, 10, orders);
        try (HttpProbe probe = new HttpProbe(api, session)) {
            burst(0, orders, i -> SagaMessages.orderCreated(session, "o" + i, "p" + (i % 10), 1),
                    () -> traffic.answered(session) >= orders / 3, fault.apply(probe));
            await(() -> traffic.answered(session) >= orders);
            awaitEveryCopyHandled();
            long lost = IntStream.range(0, orders).filter(i -> traffic.answers(session, "o" + i) == 0).count();
            long reserved = IntStream.range(0, orders)
                    .filter(i -> traffic.answers(session, "o" + i, "INVENTORY_RESERVED") > 0).count();
            return allReserved(row(name, session, orders, lost, duplicates(session, orders), probe, probe.stoppingNote()),
                    reserved, orders);
        }
    }

    /**
     * The instance killed and started again, and consuming again: while {@code compete}'s second instance runs beside
     * it, that one would answer everything, and a restarted instance that never consumed again would pass unseen.
     */
    private void crashAndRestart() throws Exception {
        stack.killInstance(0);
        stack.restartInstance(0);
        missingConsumers().ifPresent(missing -> {
            throw new IllegalStateException(missing + " after the restart");
        });
    }

    /** The consumers the broker counts short of every instance's, once it has waited for them: e.g. "12 of 32 consumers". */
    private Optional<String> missingConsumers() {
        int consumers = stack.consumers * (stack.hasSecondInstance() ? 2 : 1);
        return Poll.until(() -> traffic.serviceConsumers() == consumers, ANSWER_TIMEOUT) ? Optional.empty()
                : Optional.of(traffic.serviceConsumers() + " of " + consumers + " consumers");
    }

    /** Publishes events {@code from} to {@code to} in the background; when {@code when} holds, applies the fault once. */
    private void burst(int from, int to, IntFunction<String> event, BooleanSupplier when, Fault fault)
            throws Exception {
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        Future<?> publishing = publisher.submit(() -> IntStream.range(from, to).forEach(i -> traffic.publish(event.apply(i))));
        if (Poll.until(when, ANSWER_TIMEOUT)) {
            fault.apply();
        } else if (fault != NO_FAULT) {
            throw new IllegalStateException("the fault never struck: what it waits for did not happen within "
                    + ANSWER_TIMEOUT / 1000 + " s");
        }
        publishing.get(ANSWER_TIMEOUT, TimeUnit.MILLISECONDS);
        publisher.shutdown();
    }

    private static void parallel(int threads, int count, IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            work.add(pool.submit(() -> {
                for (int i = first; i < count; i += threads) {
                    task.accept(i);
                }
            }));
        }
        for (Future<?> done : work) {
            done.get(ANSWER_TIMEOUT, TimeUnit.MILLISECONDS);
        }
        pool.shutdown();
    }

    /** Even orders pay, odd orders fail their payment (and are released). */
    private static String payment(String session, int order) {
        return order % 2 == 0 ? SagaMessages.paymentSuccess(session, "o" + order)
                : SagaMessages.paymentFailed(session, "o" + order, "declined");
    }

    private long paymentsSettled(String session, List<Integer> reserved) {
        long released = reserved.stream().filter(i -> i % 2 == 1)
                .filter(i -> traffic.answers(session, "o" + i, "INVENTORY_RELEASED") > 0).count();
        return released + rows.reservations(session, "CONFIRMED");
    }

    /**
     * Reserved orders whose payment did not take its effect, order by order: a paid one not CONFIRMED, a failed one not
     * RELEASED or not answered so. A count of the session's rows beside the answers would let a release lost in a
     * crash pass for the confirmation of another order, or a missing answer for an extra one.
     */
    private long paymentsNotApplied(String session, List<Integer> reserved) throws SQLException {
        Map<String, String> statusByOrder = new HashMap<>();
        for (String row : column("SELECT order_id || ' ' || status FROM reservations WHERE session_id = '" + session + "'")) {
            int space = row.lastIndexOf(' ');
            statusByOrder.put(row.substring(0, space), row.substring(space + 1));
        }
        return reserved.stream().filter(i -> {
            String order = "o" + i;
            return i % 2 == 0 ? !"CONFIRMED".equals(statusByOrder.get(order))
                    : !"RELEASED".equals(statusByOrder.get(order)) || traffic.answers(session, order, "INVENTORY_RELEASED") == 0;
        }).count();
    }

    private long duplicates(String session, int orders) {
        return IntStream.range(0, orders).mapToLong(i -> Math.max(0, traffic.answers(session, "o" + i) - 1)).sum();
    }

    private FaultRow row(String name, String session, long sent, long lost, long duplicated, HttpProbe probe, String note)
            throws SQLException {
        List<String> unmet = new ArrayList<>(refusedForAnotherReasonThanStock(session));
        servesAgain(session).ifPresent(unmet::add);
        return new FaultRow(name, sent, traffic.total(session), lost, duplicated, oversold(session),
                rows.invariantViolations(session).size(), probe.serverErrors(), note, unmet);
    }

    /**
     * Reads are served again once the scenario is over: the probe lets a 503 pass while a part is down, and so would
     * let pass a service that answered 503 for good after it.
     */
    private Optional<String> servesAgain(String session) {
        return Poll.until(() -> HttpProbe.answersOk(api, "/inventory/stats", session), RECOVERY_MILLIS) ? Optional.empty()
                : Optional.of("GET /inventory/stats not answered 200 within " + RECOVERY_MILLIS / 1000 + " s of the end");
    }

    /**
     * Units held (PENDING) or sold (CONFIRMED) past what their product was seeded with, product by product: the
     * reservations themselves, which no constraint of the products' row bounds.
     */
    private long oversold(String session) throws SQLException {
        Integer seeded = seededUnits.get(session);
        if (seeded == null) {
            throw new IllegalStateException("no seed of " + session + " to compare its reservations with");
        }
        return Long.parseLong(column("SELECT coalesce(sum(greatest(0, units - " + seeded + ")), 0)"
                + " FROM (SELECT sum(l.quantity) AS units FROM reservation_lines l JOIN reservations r USING (session_id, order_id)"
                + " WHERE r.session_id = '" + session + "' AND r.status <> 'RELEASED' GROUP BY l.product_id) AS held").get(0));
    }

    /**
     * Every unit the stock holds for these orders is reserved: "Insufficient stock" passes {@link
     * #refusedForAnotherReasonThanStock} only where the stock was short, and a fault answered as a shortage would
     * leave units the orders could have had.
     */
    private static FaultRow allReserved(FaultRow row, long reserved, long expected) {
        return reserved == expected ? row : row.failing("reserved " + reserved + " where the stock held " + expected + " for the orders");
    }

    private static FaultRow withOversold(FaultRow row, long oversold) {
        return new FaultRow(row.scenario(), row.sent(), row.outcomes(), row.lost(), row.duplicated(),
                row.oversold() + oversold, row.invariantViolations(), row.http5xx(), row.note(), row.unmet());
    }

    /**
     * Every order of these scenarios names a product there is and one unit of it: a refusal for any reason but short
     * stock is the fault's (a database or broker failure answered as the order's), which the order's one answer would
     * otherwise let pass for a clean row.
     */
    private List<String> refusedForAnotherReasonThanStock(String session) {
        List<String> reasons = traffic.answersOf(session + "/").stream()
                .filter(answer -> answer.type().equals("INVENTORY_FAILED"))
                .map(answer -> answer.envelope().getJsonObject("data").getString("reason", ""))
                .filter(reason -> !reason.startsWith("Insufficient stock: "))
                .toList();
        return reasons.isEmpty() ? List.of()
                : List.of(reasons.size() + " orders refused for another reason than stock, e.g. \"" + reasons.get(0) + "\"");
    }

    /** The first column of every row, as text; one connection for the whole answer. */
    private List<String> column(String sql) throws SQLException {
        try (Connection connection = EmbeddedDatabase.connect(stack.ports.db());
             ResultSet rs = connection.createStatement().executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private void seed(String session, int products, int stockEach) {
        int status = api.post("/inventory/reset", session, Api.catalogue(products, stockEach)).status();
        if (status != 200) {
            throw new IllegalStateException("seed answered " + status);
        }
        seededUnits.put(session, stockEach);
    }

    private static String session(String scenario) {
        return "fault-" + scenario + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Until the service has acknowledged every copy it was sent, those waiting out a redelivery delay included (the
     * broker counts them), and the collector every answer (a copy's answer goes before the copy is acknowledged): a
     * late copy's duplicate answer or double effect is counted too, not only the first answers.
     */
    private void awaitEveryCopyHandled() {
        if (!Poll.until(() -> traffic.serviceBacklog() == 0, ANSWER_TIMEOUT)) {
            // the duplicates counted so far would pass for all of them
            throw new IllegalStateException(traffic.serviceBacklog() + " copies still unhandled after "
                    + ANSWER_TIMEOUT / 1000 + " s: the service stopped consuming");
        }
        if (!Poll.until(() -> traffic.answersWaiting() == 0, ANSWER_TIMEOUT)) {
            throw new IllegalStateException(traffic.answersWaiting() + " answers still not collected after "
                    + ANSWER_TIMEOUT / 1000 + " s");
        }
    }

    private static void await(BooleanSupplier condition) {
        if (!Poll.until(condition, ANSWER_TIMEOUT)) {
            // the figures will show what is missing
            System.err.println("gave up waiting after " + ANSWER_TIMEOUT / 1000 + " s");
        }
    }

    @FunctionalInterface
    interface Fault {
        void apply() throws Exception;
    }

    /**
     * Polls the HTTP API during a scenario and counts internal errors (500s, not 503 while a part is down). During a
     * graceful stop it acts as a load balancer: it asks {@code /health/ready} every {@value #READINESS_PERIOD_MILLIS}
     * ms, sends nothing once readiness is DOWN, and counts every 5xx of what it did send.
     */
    static final class HttpProbe implements AutoCloseable {
        private static final long READINESS_PERIOD_MILLIS = 1_000;
        private final AtomicLong serverErrors = new AtomicLong();
        private final AtomicLong stoppingErrors = new AtomicLong();
        private volatile boolean stopping;
        private volatile boolean inRotation = true;
        private final Thread requests;
        private final Thread readiness;
        private volatile boolean running = true;

        HttpProbe(Api api, String session) {
            requests = loop(() -> {
                if (!stopping) {
                    count(api, session, serverErrors, false);
                } else if (inRotation) {
                    count(api, session, stoppingErrors, true);
                }
            }, 100);
            readiness = loop(() -> inRotation = !stopping || answersOk(api, "/health/ready", null), READINESS_PERIOD_MILLIS);
        }

        private Thread loop(Runnable step, long pauseMillis) {
            Thread thread = new Thread(() -> {
                while (running) {
                    step.run();
                    Poll.pause(pauseMillis);
                }
            });
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        /**
         * @param stopping in a graceful stop, while still in rotation: then any 5xx is an error, and so is no answer
         *                 (a closed port, a reset, a timeout), as a load balancer's client would see it
         */
        private static void count(Api api, String session, AtomicLong errors, boolean stopping) {
            try {
                int status = api.get("/inventory/stats", session).status();
                if (status >= 500 && (stopping || status != 503)) {
                    errors.incrementAndGet();
                }
            } catch (RuntimeException e) {
                if (stopping) {
                    errors.incrementAndGet();
                } // else not listening (restarting, killed): not an answer
            }
        }

        /** Whether the path answers 200; not listening (restarting, killed) is no. */
        static boolean answersOk(Api api, String path, String session) {
            try {
                return api.get(path, session).status() == 200;
            } catch (RuntimeException notListening) {
                return false;
            }
        }

        /** All of them: a graceful stop is no excuse for a 5xx. */
        long serverErrors() {
            return serverErrors.get() + stoppingErrors.get();
        }

        /** Runs a graceful stop, counting apart the 5xx answers the instance gives while it is still in rotation. */
        void whileStopping(Fault stop) throws Exception {
            stopping = true;
            try {
                stop.apply();
            } finally {
                stopping = false;
                inRotation = true;
            }
        }

        String stoppingNote() {
            return stoppingErrors.get() == 0 ? "" : stoppingErrors.get() + " of the 5xx while it shut down";
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            requests.join();
            readiness.join();
        }
    }
}
