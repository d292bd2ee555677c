package org.sagademo.inventory.bench;

import org.sagademo.inventory.clients.Api;
import org.sagademo.inventory.clients.SagaMessages;
import org.sagademo.inventory.localstack.PayaraMicroProcess;
import org.sagademo.inventory.localstack.ServiceStack;
import org.sagademo.inventory.localstack.Rows;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The envelope run ({@code bench/envelope}, issue 22): the service in a cgroup with a pod's memory limit and CPU
 * quota, PostgreSQL and the broker outside it. For each envelope, on a fresh database and broker: the time from
 * launch to ready; from the first request after that, without a warm-up, GET /inventory and then reservations per
 * window (the cold start); a reserve / confirm / release run with its invariants; 15 s of GET /inventory; what the
 * kernel counted (peak memory, OOM kills, throttling); without limits also a kill -9 and the time until it serves
 * again; then the targets, met or not. A service that dies or hangs is reported, and the next envelope runs.
 * Settings: ENVELOPES (256M/200m,512M/1000m,unlimited), ENVELOPE_ORDERS (1000), ENVELOPE_COLD_SECONDS (30 of each
 * load), ENVELOPE_READY_SECONDS (300: how long to wait for ready).
 */
public final class EnvelopeBenchmark {

    private static final ServiceStack.Ports PORTS = new ServiceStack.Ports(3202, 3203, 15632, 61816);
    /** None given: the start script sizes the consumers and the JDBC pool for the envelope, as in a deployment. */
    private static final int CONSUMERS = 0;
    private static final String SESSION = "envelope";
    private static final String HTTP_SESSION = "envelope-http";
    /** As bench/run and the performance anchors' side-by-side runs: wrk -t2 -c50. */
    private static final int HTTP_CONNECTIONS = 50;
    private static final int HTTP_SECONDS = 15;
    private static final int WINDOW_SECONDS = 5;
    /** Orders published and not yet answered during the cold start: enough to keep 16 consumers busy (2 cores). */
    private static final int IN_FLIGHT = 200;
    private static final int STOCK = 1_000_000;
    /** The most any step (a phase, a window, an HTTP line) may take beyond its own length. */
    private static final int STEP_DEADLINE_SECONDS = 600;
    private static final int SERVING_AGAIN_DEADLINE_SECONDS = 120;
    /** How long the cold start's last orders may take to be answered. */
    private static final int DRAIN_SECONDS = 300;

    private final Envelope envelope;
    private final Settings settings;
    private final Path state;
    private final List<String> lines = new ArrayList<>();
    private final Targets targets = new Targets();
    private final Rows rows = new Rows(PORTS.db());
    private ServiceStack stack;
    private Cgroup group;
    private Process service;
    /** The figures the targets read; null where the run stopped before them. */
    private Double ready;
    private Double servingAgain;
    private Double coldRequests;
    private Double coldReservations;
    private Long residentMiB;
    private Long oomKills;
    private HttpLoad.Figures http;
    private boolean completed;

    private record Settings(Path payaraDir, Path serverConfig, Path state, int orders, int coldSeconds, int readySeconds) {
    }

    /** A step ended early: the service died, or the step ran past its deadline or failed. */
    private static final class Stopped extends Exception {
        Stopped(String message) {
            super(message);
        }
    }

    private EnvelopeBenchmark(Envelope envelope, Settings settings) {
        this.envelope = envelope;
        this.settings = settings;
        this.state = settings.state().resolve(envelope.label().replace('/', '-'));
    }

    public static void main(String[] args) throws Exception {
        Settings settings = new Settings(Path.of(System.getProperty("inventory.payaraDir")),
                Path.of(System.getProperty("inventory.serverConfigDir")), Path.of(System.getProperty("inventory.stateDir")),
                RunSetting.number("ENVELOPE_ORDERS", 1000), RunSetting.number("ENVELOPE_COLD_SECONDS", 30),
                RunSetting.number("ENVELOPE_READY_SECONDS", 300));
        List<String> report = new ArrayList<>(List.of(String.format(Locale.ROOT,
                "%s, %d cores; the service on Java %s as PayaraMicroProcess launches it, in a cgroup (v1) of the envelope's limits; "
                        + "PostgreSQL and broker outside it, fresh for each envelope; MDB consumers and JDBC pool as the start "
                        + "script sizes them (16 and 32, below two CPUs or 512 MiB 4 and 12); HTTP by wrk -t2 -c%d",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), PayaraMicroProcess.javaVersion(), HTTP_CONNECTIONS)));
        List<Envelope> envelopes = Envelope.list(RunSetting.text("ENVELOPES", "256M/200m,512M/1000m,unlimited"));
        for (int i = 0; i < envelopes.size(); i++) {
            report.addAll(new EnvelopeBenchmark(envelopes.get(i), settings).run("inventory-envelope-" + ProcessHandle.current().pid() + "-" + i));
        }
        System.out.println();
        report.forEach(System.out::println);
    }

    private List<String> run(String groupName) {
        lines.add("");
        lines.add("### " + envelope.label() + ": " + envelope.describe());
        lines.add("");
        lines.add("| measure | figure |");
        lines.add("| --- | --- |");
        System.out.println(lines.get(1));
        try (ServiceStack stack = ServiceStack.startBackingServices(PORTS, new ServiceStack.Links(PORTS.db(), PORTS.broker()),
                CONSUMERS, state, settings.payaraDir(), settings.serverConfig());
             Cgroup group = Cgroup.create(groupName, envelope)) {
            this.stack = stack;
            this.group = group;
            row("PostgreSQL, broker (outside the group)", stack.databaseDurability() + ", " + stack.brokerJournal() + " journal");
            measureAndStop();
        } catch (Exception e) {
            row("envelope run failed", String.valueOf(e));
        }
        if (envelope.original() || envelope.unlimited()) {
            judge();
            lines.addAll(targets.table());
        } else {
            lines.addAll(List.of("", "Issue 22 sets no targets for this envelope."));
        }
        return lines;
    }

    /** Every measurement in order; the kernel's counts and the service's stop whatever happened. */
    private void measureAndStop() throws Exception {
        try {
            measure();
            completed = true;
        } catch (Stopped e) {
            row("run stopped", e.getMessage() + "; log: " + stack.instanceLog(0));
        } finally {
            try {
                kernelCounts();
            } finally {
                stopService();
            }
        }
    }

    private void measure() throws Exception {
        long launched = launch();
        ready = awaitOk("/health/ready", launched, settings.readySeconds());
        CpuUse start = cpuUse();
        row("ready: launch to first 200 from /health/ready", String.format(Locale.ROOT,
                "%.1f s (service CPU %.1f s, its JIT compilers %.1f s of it)", ready, start.serviceSeconds(),
                start.serviceCompilerSeconds()));
        step("seed the sessions", 0, this::seed);
        try (SagaLoad load = new SagaLoad(PORTS.broker())) {
            coldStart(load);
            sagaRun(load);
        }
        httpLine();
        Map<String, Long> memory = memoryMiB();
        residentMiB = memory.get("VmRSS");
        row("resident memory after the load (VmRSS: anonymous + file pages), peak (VmHWM)", String.format(Locale.ROOT,
                "%d MiB (%d + %d), %d MiB", residentMiB, memory.get("RssAnon"), memory.get("RssFile"), memory.get("VmHWM")));
        if (envelope.unlimited()) {
            killAndRelaunch();
        }
    }

    /** The run's catalogue, and the demo catalogue (7 products) that GET /inventory reads. */
    private Void seed() throws Stopped {
        Api api = new Api(stack.http(""));
        for (Api.Reply reply : List.of(api.post("/inventory/reset", SESSION, Api.catalogue(4, STOCK)), api.post("/inventory/reset", HTTP_SESSION, null))) {
            if (reply.status() != 200) {
                throw new Stopped("reset answered " + reply.status() + ": " + reply.body());
            }
        }
        return null;
    }

    /** Launches the service inside the group; returns the moment of launch (System.nanoTime). */
    private long launch() throws IOException {
        long launched = System.nanoTime();
        service = group.confine(stack.instanceLauncher(0)).start();
        return launched;
    }

    /** From the first request after ready, no warm-up: GET /inventory, then reservations, per window. */
    private void coldStart(SagaLoad load) throws Exception {
        int windows = settings.coldSeconds() / WINDOW_SECONDS;
        CpuUse readsStart = cpuUse();
        List<HttpLoad.Figures> reads = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            reads.add(step("GET /inventory, window " + (w + 1), WINDOW_SECONDS,
                    () -> HttpLoad.measure(stack.http("/inventory"), HTTP_SESSION, HTTP_CONNECTIONS, WINDOW_SECONDS,
                            service.pid(), stack.brokerPid())));
        }
        coldRequests = reads.stream().mapToDouble(HttpLoad.Figures::perSecond).average().orElse(0);
        CpuUse ordersStart = cpuUse(); // the reads' end
        row("GET /inventory from ready (7 products), req/s per " + WINDOW_SECONDS + " s", String.format(Locale.ROOT,
                "%s (mean %.0f; errors %d; %s)", rates(reads.stream().map(HttpLoad.Figures::perSecond).toList()), coldRequests,
                reads.stream().mapToLong(HttpLoad.Figures::errors).sum(), coresUsed(ordersStart.since(readsStart))));
        List<Double> answers = step("reservations from ready", settings.coldSeconds(), () -> load.sustain(settings.coldSeconds(),
                WINDOW_SECONDS, IN_FLIGHT, i -> SagaLoad.order(SESSION, "c", i, "p" + (i % 4)), DRAIN_SECONDS));
        coldReservations = answers.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        row("then reservations (" + IN_FLIGHT + " orders in flight), answers/s per " + WINDOW_SECONDS + " s",
                String.format(Locale.ROOT, "%s (mean %.0f; %s)", rates(answers), coldReservations,
                        coresUsed(cpuUse().since(ordersStart))));
    }

    /**
     * How much of the service's CPU its JIT compilers took (code still being compiled, rather than served), and what
     * the broker (its JIT compilers likewise), PostgreSQL and the load generator took beside it on the same cores.
     */
    private static String coresUsed(CpuUse used) {
        return String.format(Locale.ROOT, "service CPU %.1f s, its JIT compilers %.0f %% of it; broker %.1f s, its JIT "
                        + "compilers %.0f %%; PostgreSQL %.1f s; load generator %.1f s; the machine %.0f %% busy", used.serviceSeconds(),
                used.compilerPercent(), used.brokerSeconds(), used.brokerCompilerPercent(), used.databaseSeconds(),
                used.loadSeconds(), used.machineBusyPercent());
    }

    /** ORDER_CREATED for every order, PAYMENT_SUCCESS for three in four, PAYMENT_FAILED for the rest. */
    private void sagaRun(SagaLoad load) throws Exception {
        int orders = settings.orders();
        int released = orders / 4;
        int confirmed = orders - released;
        phase(step("reserve", 0, () -> load.run("reserve", orders, i -> "r" + i,
                i -> SagaLoad.order(SESSION, "r", i, "p" + (i % 4)), orders, 0, () -> { })));
        phase(step("confirm", 0, () -> load.run("confirm (PAYMENT_SUCCESS)", confirmed, i -> "r" + i,
                i -> SagaMessages.paymentSuccess(SESSION, "r" + i), 0, 0, () -> awaitReservations("CONFIRMED", confirmed))));
        phase(step("release", 0, () -> load.run("release (PAYMENT_FAILED)", released, i -> "r" + (confirmed + i),
                i -> SagaMessages.paymentFailed(SESSION, "r" + (confirmed + i), "envelope"), released, 0, () -> { })));
        int violations = rows.invariantViolations(SESSION).size();
        row("invariant violations (stock below zero, reserved other than the PENDING lines)", String.valueOf(violations));
        if (violations > 0) {
            throw new Stopped(violations + " invariant violations");
        }
    }

    private void phase(SagaLoad.Figures figures) {
        row(figures.phase() + ", " + figures.events() + " events", String.format(Locale.ROOT, "%.0f events/s%s", figures.perSecond(),
                figures.answers().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> ", " + e.getKey() + " " + e.getValue()).collect(Collectors.joining())));
    }

    private void httpLine() throws Exception {
        http = step("GET /inventory, " + HTTP_SECONDS + " s", HTTP_SECONDS, () -> HttpLoad.run(stack.http("/inventory"),
                HTTP_SESSION, HTTP_CONNECTIONS, HTTP_SECONDS, service.pid(), stack.brokerPid()));
        row("GET /inventory (7 products), " + HTTP_SECONDS + " s after 3 s", String.format(Locale.ROOT,
                "%.0f req/s, p50 %.1f ms, p99 %s, errors %d (non-2xx, socket errors and answers after 2 s)",
                http.perSecond(), http.p50(), http.p99Text(), http.errors()));
    }

    /** A crash as the orchestrator sees one: SIGKILL, then the same launch again, timed until the API answers. */
    private void killAndRelaunch() throws Exception {
        long killed = System.nanoTime();
        service.destroyForcibly();
        service.waitFor(10, TimeUnit.SECONDS);
        launch();
        servingAgain = awaitOk("/inventory", killed, SERVING_AGAIN_DEADLINE_SECONDS);
        row("kill -9, then serving again (first 200 from GET /inventory)", String.format(Locale.ROOT, "%.1f s", servingAgain));
    }

    /** What the kernel counted for the group, and how the service ended. */
    private void kernelCounts() throws IOException {
        row("peak memory of the group (memory.max_usage_in_bytes)", (group.peakMemoryBytes() >> 20) + " MiB");
        oomKills = group.oomKills();
        row("OOM kills (memory.oom_control), limit hits (memory.failcnt)", oomKills + ", " + group.limitHits());
        Cgroup.Throttling throttling = group.throttling();
        row("CPU throttling (cpu.stat)", envelope.milliCpus() == 0 ? "no quota" : String.format(Locale.ROOT,
                "throttled in %d of %d periods of 100 ms, %.1f s in all (summed over the cores)", throttling.throttled(),
                throttling.periods(), throttling.throttledNanos() / 1e9));
        if (service != null) {
            row("the service at the end", service.isAlive() ? "alive (then stopped by SIGTERM)"
                    : "exited with status " + service.exitValue());
        }
    }

    private void stopService() {
        if (service != null && service.isAlive()) {
            PayaraMicroProcess.stop(service);
        }
    }

    /** Issue 22's targets: for the original's envelope, and for the machine's cores without limits. */
    private void judge() {
        if (envelope.original()) {
            atMost("ready in <= 60 s", ready, 60, "s");
            targets.add("0 OOM kills", oomKills != null && oomKills == 0, oomKills == null ? "not read" : oomKills + " (target 0)");
            targets.add("0 errors in " + HTTP_SECONDS + " s of GET /inventory", http != null && http.errors() == 0,
                    http == null ? notReached() : http.errors() + " (target 0)");
            targets.add(settings.orders() + "-order reserve/confirm/release run and the GET line complete", completed,
                    completed ? "completed" : notReached());
        } else if (envelope.unlimited()) {
            atMost("ready in <= 8 s", ready, 8, "s");
            atMost("after a kill -9, serving again in <= 10 s", servingAgain, 10, "s");
            atMost("resident memory under load <= 256 MiB", residentMiB == null ? null : residentMiB.doubleValue(), 256, "MiB");
            atLeast("first " + settings.coldSeconds() + " s after ready: GET /inventory", coldRequests, 3_000, "req/s");
            atLeast("the next " + settings.coldSeconds() + " s: reservations", coldReservations, 500, "answers/s");
        }
    }

    private void atMost(String target, Double measured, double goal, String unit) {
        if (measured == null) {
            targets.add(target, false, notReached());
        } else {
            targets.atMost(target, measured, goal, unit);
        }
    }

    private void atLeast(String target, Double measured, double goal, String unit) {
        if (measured == null) {
            targets.add(target, false, notReached());
        } else {
            targets.atLeast(target, measured, goal, unit);
        }
    }

    private String notReached() {
        return completed ? "not measured" : "not reached: the run stopped before it";
    }

    /**
     * Runs a step of {@code seconds} (0: as long as it takes) on a thread of its own, so that it ends when the
     * service dies or the step runs {@link #STEP_DEADLINE_SECONDS} past its length, rather than waiting on answers
     * that will not come.
     */
    private <T> T step(String name, int seconds, Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, "envelope: " + name);
        thread.setDaemon(true);
        thread.start();
        long deadline = System.currentTimeMillis() + (seconds + STEP_DEADLINE_SECONDS) * 1000L;
        try {
            while (true) {
                try {
                    return task.get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (!service.isAlive()) {
                        throw new Stopped(name + ": " + death());
                    }
                    if (System.currentTimeMillis() > deadline) {
                        throw new Stopped(name + ": not done " + STEP_DEADLINE_SECONDS + " s past its length");
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new Stopped(name + ": " + (service.waitFor(1, TimeUnit.SECONDS) ? death() : e.getCause()));
        } finally {
            task.cancel(true);
        }
    }

    /**
     * Seconds from {@code since} (System.nanoTime) to the first 200 from the path, polled every 100 ms. A start whose
     * deployment failed (now and then Payara's, README "Deploying") ends the run: Payara then runs on without the WAR,
     * its readiness UP without the service's check and every other path a 404.
     */
    private double awaitOk(String path, long since, int deadlineSeconds) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(stack.http(path)).header("x-session-id", "probe")
                .timeout(Duration.ofSeconds(2)).build();
        while (true) {
            double seconds = (System.nanoTime() - since) / 1e9;
            if (!service.isAlive()) {
                throw new Stopped(String.format(Locale.ROOT, "no 200 from %s: %s %.1f s after launch", path, death(), seconds));
            }
            if (seconds > deadlineSeconds) {
                throw new Stopped("no 200 from " + path + " within " + deadlineSeconds + " s");
            }
            Optional<HttpResponse<String>> answer = ask(client, probe);
            if (answer.isPresent() && withoutTheWar(answer.get())) {
                throw new Stopped("Payara runs without the WAR, its deployment failed: " + path + " answered "
                        + answer.get().statusCode() + " " + answer.get().body());
            }
            if (answer.isPresent() && answer.get().statusCode() == 200) {
                return (System.nanoTime() - since) / 1e9;
            }
            Thread.sleep(100);
        }
    }

    private static Optional<HttpResponse<String>> ask(HttpClient client, HttpRequest probe) throws InterruptedException {
        try {
            return Optional.of(client.send(probe, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty(); // not listening yet, or too busy to answer in time
        }
    }

    private static boolean withoutTheWar(HttpResponse<String> answer) {
        boolean readiness = answer.uri().getPath().equals("/health/ready");
        return readiness ? answer.statusCode() == 200 && !answer.body().contains("\"inventory-service\"") : answer.statusCode() == 404;
    }

    private String death() {
        return "the service died, exit status " + service.exitValue() + oomKillNote();
    }

    private String oomKillNote() {
        try {
            long kills = group.oomKills();
            return kills > 0 ? " (" + kills + " OOM kill" + (kills > 1 ? "s" : "") + " in the group)" : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits as long as its step may run (which interrupts it earlier if the service dies). */
    private void awaitReservations(String status, int count) {
        if (!rows.awaitReservations(SESSION, status, count, STEP_DEADLINE_SECONDS * 1000L, 50)) {
            throw new IllegalStateException("stopped waiting for " + count + " " + status);
        }
    }

    private CpuUse cpuUse() throws IOException {
        return CpuUse.now(service.pid(), stack.brokerPid());
    }

    /** The sizes in /proc/PID/status of the service (VmRSS, RssAnon, ...), in MiB, read at one moment. */
    private Map<String, Long> memoryMiB() throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(service.pid()), "status")).stream()
                .filter(line -> line.endsWith(" kB"))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf(':')),
                        line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024));
    }

    private void row(String measure, String figure) {
        lines.add("| " + measure + " | " + figure.replaceAll("\\s+", " ") + " |"); // one table row, whatever an error message holds
        System.out.println(lines.get(lines.size() - 1)); // progress; the whole report is printed at the end
    }

    private static String rates(List<Double> perWindow) {
        return perWindow.stream().map(rate -> String.format(Locale.ROOT, "%.0f", rate)).collect(Collectors.joining(", "));
    }
}
