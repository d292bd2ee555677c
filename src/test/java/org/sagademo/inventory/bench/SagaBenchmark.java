package org.sagademo.inventory.bench;

import org.sagademo.inventory.bench.SagaLoad.Figures;
import org.sagademo.inventory.localstack.ServiceStack;
import org.sagademo.inventory.support.Api;
import org.sagademo.inventory.support.Events;
import org.sagademo.inventory.support.Rows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The benchmark ({@code bench/run}): the saga's phases through the real broker, database and service,
 * the HTTP reads, and pgbench's ceiling for the same reservation SQL on the same database, printed as
 * as one table. Settings: BENCH_EVENTS (20000), BENCH_WARMUP (10000 orders first, not counted: the
 * service is measured warm, as it runs), BENCH_CONSUMERS (16).
 */
public final class SagaBenchmark {

    private static final String SESSION = "bench";
    private static final ServiceStack.Ports PORTS = new ServiceStack.Ports(3102, 3103, 15532, 61716);
    private static final long WAIT_MILLIS = 600_000;

    private final ServiceStack stack;
    private final Rows rows;
    private final int events;
    private final List<String> lines = new ArrayList<>();

    private SagaBenchmark(ServiceStack stack, int events) {
        this.stack = stack;
        this.rows = new Rows(PORTS.db());
        this.events = events;
    }

    public static void main(String[] args) throws Exception {
        Path payaraDir = Path.of(System.getProperty("inventory.payaraDir"));
        Path serverConfig = Path.of(System.getProperty("inventory.serverConfigDir"));
        Path state = Path.of(System.getProperty("inventory.stateDir"));
        int events = Integer.parseInt(env("BENCH_EVENTS", "20000"));
        int consumers = Integer.parseInt(env("BENCH_CONSUMERS", "16"));
        List<String> report = new ArrayList<>();
        int warmUp = Integer.parseInt(env("BENCH_WARMUP", "10000"));
        report.add(String.format("machine: %d cores; MDB consumers %d; JDBC pool %d; broker persistence on (NIO journal); "
                + "%d orders of warm-up before the phases", Runtime.getRuntime().availableProcessors(), consumers, consumers + 8, warmUp));
        try (ServiceStack stack = ServiceStack.start(PORTS, consumers, state, payaraDir, serverConfig)) {
            report.addAll(new SagaBenchmark(stack, events).run(warmUp));
        }
        System.out.println();
        report.forEach(System.out::println);
    }

    private List<String> run(int warmUp) throws Exception {
        Api api = new Api(stack.http(""));
        api.post("/inventory/reset", SESSION, catalogue(Math.max(events, warmUp)));
        lines.add("");
        lines.add("| phase | events | events/s | latency p50 ms | p95 ms | p99 ms | answers | invariant violations "
                + "| machine CPU busy | CPU ms/event: service | broker + load | PostgreSQL |");
        lines.add("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        Figures reserve;
        try (SagaLoad load = new SagaLoad(PORTS.broker())) {
            if (warmUp > 0) {
                load.run("warm-up", warmUp, i -> "w" + i, i -> SagaLoad.order(SESSION, "w", i, "s" + (i % 100)), warmUp, 0, () -> { });
            }
            reserve = phase(() -> load.run("reserve, 4 products", events, i -> "r" + i,
                    i -> SagaLoad.order(SESSION, "r", i, "p" + (i % 4)), events, 0, () -> { }));
            phase(() -> load.run("confirm (PAYMENT_SUCCESS)", events, i -> "r" + i,
                    i -> Events.paymentSuccess(SESSION, "r" + i), 0, 0, () -> await("CONFIRMED", events)));
            int batch = events / 4;
            load.run("second batch", batch, i -> "f" + i, i -> SagaLoad.order(SESSION, "f", i, "p" + (i % 4)), batch, 0, () -> { });
            phase(() -> load.run("release (PAYMENT_FAILED)", batch, i -> "f" + i,
                    i -> Events.paymentFailed(SESSION, "f" + i, "bench"), batch, 0, () -> { }));
            phase(() -> load.run("contention: 1 product", batch, i -> "h" + i,
                    i -> SagaLoad.order(SESSION, "h", i, "hot"), batch, 0, () -> { }));
            phase(() -> load.run("spread: 100 products", batch, i -> "s" + i,
                    i -> SagaLoad.order(SESSION, "s", i, "s" + (i % 100)), batch, 0, () -> { }));
            phase(() -> load.run(String.format(Locale.ROOT, "paced at half peak (%.0f/s)", reserve.perSecond() / 2), batch,
                    i -> "q" + i, i -> SagaLoad.order(SESSION, "q", i, "p" + (i % 4)), batch, reserve.perSecond() / 2, () -> { }));
        }
        httpPhase(api);
        lines.add("");
        lines.add("service resident memory at the end: " + stack.residentMemoryMiB() + " MiB");
        if (PgbenchCeiling.available()) {
            double ceiling = PgbenchCeiling.measure(PORTS.db(), stack.consumers, 20,
                    Path.of(System.getProperty("inventory.stateDir")).resolve("pgbench"));
            lines.add(String.format(Locale.ROOT, "pgbench ceiling, the same reservation transaction on 4 products, %d clients, "
                    + "same database: %.0f tps; reserve phase = %.0f%% of it", stack.consumers, ceiling,
                    100 * reserve.perSecond() / ceiling));
        }
        return lines;
    }

    private Figures phase(Callable<Figures> run) throws Exception {
        long service = stack.instance(0).pid();
        CpuUse start = CpuUse.now(service);
        Figures figures = run.call();
        CpuUse used = CpuUse.now(service).since(start);
        double[] cpu = used.millisPer(figures.events());
        lines.add(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.0f | %s | %d | %.0f%% | %.2f | %.2f | %.2f |", figures.phase(),
                figures.events(), figures.perSecond(), figures.p50(), figures.p95(), figures.p99(),
                figures.answers().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
                rows.invariantViolations(SESSION).size(), used.machineBusyPercent(), cpu[0], cpu[1], cpu[2]));
        System.out.println(lines.get(lines.size() - 1)); // progress; the whole table is printed at the end
        return figures;
    }

    private void httpPhase(Api api) throws Exception {
        String session = "bench-http";
        api.post("/inventory/reset", session, null);
        lines.add("");
        lines.add("| HTTP endpoint (demo catalogue) | load | connections | requests/s | p50 ms | p99 ms | errors "
                + "| machine CPU busy | CPU ms/request: service | PostgreSQL |");
        lines.add("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String path : List.of("/inventory", "/inventory/stats")) {
            HttpLoad.Figures f = HttpLoad.run(stack.http(path), session, 32, 15, stack.instance(0).pid());
            double[] cpu = f.cpu().millisPer(f.requests());
            lines.add(String.format(Locale.ROOT, "| GET %s | %s | %d | %.0f | %.1f | %.1f | %d | %.0f%% | %.2f | %.2f |",
                    f.endpoint(), f.client(), f.connections(), f.perSecond(), f.p50(), f.p99(), f.errors(),
                    f.cpu().machineBusyPercent(), cpu[0], cpu[2]));
            System.out.println(lines.get(lines.size() - 1));
        }
    }

    private void await(String status, int count) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (rows.reservations(SESSION, status) < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("not all " + status);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stock enough for every phase: 4 warm products, 1 hot one, 100 spread ones. */
    private static String catalogue(int events) {
        String products = IntStream.range(0, 4).mapToObj(i -> product("p" + i, events))
                .collect(Collectors.joining(","));
        products += "," + product("hot", events) + ","
                + IntStream.range(0, 100).mapToObj(i -> product("s" + i, events)).collect(Collectors.joining(","));
        return "{\"products\":[" + products + "]}";
    }

    private static String product(String id, int stock) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"stock_level\":" + stock + "}";
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
