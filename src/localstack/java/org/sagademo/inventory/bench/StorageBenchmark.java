package org.sagademo.inventory.bench;

import org.sagademo.inventory.clients.Api;
import org.sagademo.inventory.clients.SagaMessages;
import org.sagademo.inventory.localstack.Poll;
import org.sagademo.inventory.localstack.Rows;
import org.sagademo.inventory.localstack.ServiceStack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What the service's rows take in PostgreSQL ({@code bench/storage}), the README's storage figures: per demo session
 * seeded over HTTP, and per order reserved and paid through the broker, as the service writes them, then compacted.
 * Ids as the saga's services make them (UUIDs). Settings: STORAGE_SESSIONS (2000), STORAGE_ORDERS (10000).
 */
public final class StorageBenchmark {

    private static final ServiceStack.Ports PORTS = new ServiceStack.Ports(3302, 3303, 15732, 61916);
    private static final List<String> SESSION_TABLES = List.of("products");
    /** An order's rows; the outbox only holds an expiry's events until they are sent. */
    private static final List<String> ORDER_TABLES = List.of("reservations", "reservation_lines", "processed_events", "outbox");
    private static final String ORDERS_SESSION = UUID.randomUUID().toString();
    private static final String PRODUCT = "laptop";
    private static final int SEEDING_CLIENTS = 8;
    private static final long WAIT_MILLIS = 600_000;
    /** PostgreSQL 15 reports a backend's counts at most 10 s after it has gone idle. */
    private static final long STATISTICS_REPORTED_MILLIS = 11_000;

    private final Rows rows;
    private final Api api;

    private StorageBenchmark(ServiceStack stack) {
        this.rows = new Rows(PORTS.db());
        this.api = new Api(stack.http(""));
    }

    public static void main(String[] args) throws Exception {
        int sessions = RunSetting.number("STORAGE_SESSIONS", 2_000);
        int orders = RunSetting.number("STORAGE_ORDERS", 10_000);
        List<String> report = new ArrayList<>();
        try (ServiceStack stack = ServiceStack.startAsBuilt(PORTS, 16)) {
            report.add("PostgreSQL " + stack.databaseDurability() + "; bytes on disk with indexes, as the service leaves "
                    + "the tables (dead row versions included) and after VACUUM FULL");
            report.add("");
            report.add("| rows | count | bytes each, as left | compacted |");
            report.add("| --- | ---: | ---: | ---: |");
            StorageBenchmark benchmark = new StorageBenchmark(stack);
            report.add(benchmark.seededSessions(sessions));
            report.add(benchmark.paidOrders(orders));
            report.add("");
            report.add(benchmark.hotUpdates());
        }
        System.out.println();
        report.forEach(System.out::println);
    }

    /** Demo sessions as the front end makes them: {@code POST /inventory/seed}, the default catalogue. */
    private String seededSessions(int sessions) throws Exception {
        return measured("a seeded demo session's products (7)", sessions, SESSION_TABLES, () -> seed(sessions));
    }

    private void seed(int sessions) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(SEEDING_CLIENTS);
        try {
            List<Future<Api.Reply>> seeds = IntStream.range(0, sessions)
                    .mapToObj(i -> clients.submit(() -> api.post("/inventory/seed", UUID.randomUUID().toString(), null)))
                    .toList();
            for (Future<Api.Reply> seed : seeds) {
                Api.Reply reply = seed.get();
                if (reply.status() != 200) {
                    throw new IllegalStateException("a seed answered " + reply.status() + ": " + reply.body());
                }
            }
        } finally {
            clients.shutdown();
        }
    }

    /** Orders of one product each, reserved (ORDER_CREATED) and then paid (PAYMENT_SUCCESS). */
    private String paidOrders(int orders) throws Exception {
        Api.Reply reset = api.post("/inventory/reset", ORDERS_SESSION,
                "{\"products\":[{\"id\":\"" + PRODUCT + "\",\"name\":\"Laptop\",\"stock_level\":" + orders + "}]}");
        if (reset.status() != 200) {
            throw new IllegalStateException("the reset answered " + reset.status() + ": " + reset.body());
        }
        return measured("a paid order's reservation, line and two processed events", orders, ORDER_TABLES, () -> pay(orders));
    }

    private void pay(int orders) throws Exception {
        List<String> ids = IntStream.range(0, orders).mapToObj(i -> UUID.randomUUID().toString()).toList();
        try (SagaLoad load = new SagaLoad(PORTS.broker())) {
            load.run("reserve", orders, ids::get, i -> SagaMessages.orderCreated(ORDERS_SESSION, ids.get(i), PRODUCT, 1),
                    orders, 0, () -> { });
            load.run("pay", orders, ids::get, i -> SagaMessages.paymentSuccess(ORDERS_SESSION, ids.get(i)), 0, 0,
                    () -> { });
        }
        if (!rows.awaitReservations(ORDERS_SESSION, "CONFIRMED", orders, WAIT_MILLIS, 500)) {
            throw new IllegalStateException("not every order's payment confirmed its reservation");
        }
    }

    /** Of the updates so far, those that added no index entry; read after the service's backends have reported them. */
    private String hotUpdates() {
        Poll.pause(STATISTICS_REPORTED_MILLIS);
        return "updates that were HOT (no new index entry): " + ORDER_TABLES.stream().map(table -> {
            Rows.Updates updates = rows.updates(table);
            return String.format(Locale.ROOT, "%s %d of %d", table, updates.hot(), updates.all());
        }).collect(Collectors.joining(", "));
    }

    private interface Writes {
        void run() throws Exception;
    }

    /** The bytes each of {@code count} rows' writes adds to the tables, compacted before they start. */
    private String measured(String rowsOf, int count, List<String> tables, Writes writes) throws Exception {
        rows.compact(tables);
        long before = rows.diskBytes(tables);
        writes.run();
        long asLeft = rows.diskBytes(tables) - before;
        rows.compact(tables);
        long compacted = rows.diskBytes(tables) - before;
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f |", rowsOf, count, (double) asLeft / count,
                (double) compacted / count);
    }
}
