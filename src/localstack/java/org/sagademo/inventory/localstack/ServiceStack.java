package org.sagademo.inventory.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * PostgreSQL, Artemis (in a JVM of its own) and service instances on Payara Micro, for the benchmark and
 * the fault suite: each part can be killed or restarted on its own.
 */
public final class ServiceStack implements AutoCloseable {

    /** The first instance listens on {@code http}, a second one on {@code secondHttp}. */
    public record Ports(int http, int secondHttp, int db, int broker) {
    }

    /** Where the instances reach PostgreSQL and the broker: their own ports, or a proxy's in between. */
    public record Links(int db, int broker) {
    }

    public final Ports ports;
    private final Links links;
    public final int consumers;
    private final Path state;
    private final Path payaraDir;
    private final Path serverConfig;
    private final Path[] brokerProperties;
    private EmbeddedDatabase database;
    private BrokerProcess broker;
    private final List<Process> instances = new ArrayList<>();
    /** Orders of the fault scenarios stay pending for longer than a real payment takes, and must not expire meanwhile. */
    private Duration reservationTtl = Duration.ofDays(1);
    /** When liveness calls the consumers lost; empty: the service's own setting. */
    private Optional<Duration> consumersStalledAfter = Optional.empty();

    private ServiceStack(Ports ports, Links links, int consumers, Path state, Path payaraDir, Path serverConfig,
                         Path... extraBrokerProperties) throws IOException {
        this.ports = ports;
        this.links = links;
        this.consumers = consumers;
        this.state = state;
        this.payaraDir = payaraDir;
        this.serverConfig = serverConfig;
        this.brokerProperties = Stream.concat(Stream.of(serverConfig.resolveSibling("artemis").resolve("broker.properties")),
                Stream.of(extraBrokerProperties)).toArray(Path[]::new);
    }

    /**
     * A fresh stack (its state directory cleared) with one service instance, ready to take work.
     *
     * @param extraBrokerProperties loaded after server-config/artemis/broker.properties (e.g. the RabbitMQ diverts)
     */
    public static ServiceStack start(Ports ports, int consumers, Path state, Path payaraDir, Path serverConfig,
                                     Path... extraBrokerProperties) throws Exception {
        return start(ports, new Links(ports.db(), ports.broker()), consumers, state, payaraDir, serverConfig, extraBrokerProperties);
    }

    /**
     * A fresh stack with one instance, from the paths the build passes its runs: {@code inventory.stateDir},
     * {@code inventory.payaraDir} and {@code inventory.serverConfigDir} (the pom's exec configuration).
     */
    public static ServiceStack startAsBuilt(Ports ports, int consumers) throws Exception {
        return start(ports, consumers, Path.of(System.getProperty("inventory.stateDir")),
                Path.of(System.getProperty("inventory.payaraDir")), Path.of(System.getProperty("inventory.serverConfigDir")));
    }

    /** The same, with the instances reaching PostgreSQL and the broker through the given ports. */
    public static ServiceStack start(Ports ports, Links links, int consumers, Path state, Path payaraDir, Path serverConfig,
                                     Path... extraBrokerProperties) throws Exception {
        ServiceStack stack = startBackingServices(ports, links, consumers, state, payaraDir, serverConfig, extraBrokerProperties);
        return stack.runOrStop(stack::startInstance);
    }

    /**
     * A fresh stack with PostgreSQL and the broker only: the caller launches the service from
     * {@link #instanceLauncher} its own way (the envelope run, inside a cgroup).
     */
    public static ServiceStack startBackingServices(Ports ports, Links links, int consumers, Path state, Path payaraDir,
                                                    Path serverConfig, Path... extraBrokerProperties) throws Exception {
        StateDirectory.clear(state);
        ServiceStack stack = new ServiceStack(ports, links, consumers, state, payaraDir, serverConfig, extraBrokerProperties);
        stack.startDatabase();
        return stack.runOrStop(stack::startBroker);
    }

    /** Something done to the stack. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /** This stack once the step has run; if it fails, whatever of the stack runs stops first (no orphans on a port). */
    private ServiceStack runOrStop(Step step) throws Exception {
        try {
            step.run();
            return this;
        } catch (Exception | Error failure) {
            try {
                close();
            } catch (Exception alsoFailed) {
                failure.addSuppressed(alsoFailed);
            }
            throw failure;
        }
    }

    public void startDatabase() throws Exception {
        database = EmbeddedDatabase.start(ports.db(), state.resolve("postgres"));
    }

    /** What the running PostgreSQL reports of fsync and synchronous_commit. */
    public String databaseDurability() throws SQLException {
        return database.durability();
    }

    /** @see EmbeddedDatabase#checkpoint */
    public void checkpointDatabase() throws SQLException {
        database.checkpoint();
    }

    /** kill -9 of PostgreSQL's processes, as a crash of its host would leave it. */
    public void killDatabase() {
        database.kill();
    }

    public void stopDatabase() throws IOException {
        database.close();
    }

    /** The broker runs in a JVM of its own, so that it can crash on its own. */
    public void startBroker() throws Exception {
        broker = BrokerProcess.start(ports.broker(), state.resolve("artemis"), state.resolve("artemis.log"), brokerProperties);
    }

    public void stopBroker() throws Exception {
        broker.close();
    }

    /** kill -9 of the broker's JVM: its journal is left as a crash leaves it. */
    public void killBroker() throws InterruptedException {
        broker.kill();
    }

    /** ASYNCIO or NIO, as the broker's process chose. */
    public String brokerJournal() throws IOException {
        return broker.journalType();
    }

    public long brokerPid() {
        return broker.pid();
    }

    /** Starts one more instance (at most two) and waits until it serves the API. */
    public void startInstance() throws Exception {
        int index = instances.size();
        int http = httpPort(index);
        try (ServerSocket free = new ServerSocket(http, 1, InetAddress.getLoopbackAddress())) {
            // a service left running there would answer for this one
        } catch (IOException taken) {
            throw new IllegalStateException("port " + http + " is taken: stop what listens there first", taken);
        }
        instances.add(PayaraMicroProcess.startServing(instanceLauncher(index), http, instanceLog(index)));
    }

    /**
     * Payara Micro as instance {@code index} (0 or 1) is launched, its output appended to its log; not started.
     * With {@code consumers} 0 the start script sizes the consumers and the JDBC pool for what it runs in.
     */
    public ProcessBuilder instanceLauncher(int index) {
        Map<String, String> env = ServiceEnvironment.instance(ServiceEnvironment.withDefaults(Map.of(
                "INVENTORY_DB_PORT", String.valueOf(links.db()),
                "INVENTORY_DB_POOL_SIZE", String.valueOf(consumers + 8),
                "INVENTORY_BROKER_PORT", String.valueOf(links.broker()),
                "INVENTORY_CONSUMERS", String.valueOf(consumers),
                "INVENTORY_RESERVATION_TTL_SECONDS", String.valueOf(reservationTtl.toSeconds()))),
                httpPort(index));
        consumersStalledAfter.ifPresent(after -> env.put("INVENTORY_CONSUMERS_STALLED_AFTER_SECONDS", String.valueOf(after.toSeconds())));
        if (consumers == 0) {
            env.remove("INVENTORY_DB_POOL_SIZE");
            env.remove("INVENTORY_CONSUMERS");
        }
        return PayaraMicroProcess.builder(payaraDir, serverConfig, env)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(instanceLog(index).toFile()));
    }

    public Path instanceLog(int index) {
        return state.resolve("payara-" + index + ".log");
    }

    /** The time to live of PENDING reservations for instances started from now on (a day unless set). */
    public void reservationTtl(Duration ttl) {
        reservationTtl = ttl;
    }

    /** How long events wait unconsumed before liveness says DOWN, for instances started from now on. */
    public void consumersStalledAfter(Duration after) {
        consumersStalledAfter = Optional.of(after);
    }

    /** kill -9 of an instance, as a crash would. */
    public void killInstance(int index) throws InterruptedException {
        Process payara = instances.get(index);
        payara.destroyForcibly();
        payara.waitFor();
    }

    /** SIGTERM to an instance, as an operator or an orchestrator stops it: whether it ended on it ({@link PayaraMicroProcess#stop}). */
    public boolean stopInstance(int index) {
        return PayaraMicroProcess.stop(instances.get(index));
    }

    /** SIGTERM to an instance and a start, as Kubernetes restarts a container; the instance must end on the SIGTERM. */
    public void restartGracefully(int index) throws Exception {
        if (!stopInstance(index)) {
            throw new IllegalStateException("instance " + index + " did not end on SIGTERM: killed after 60 s");
        }
        restartInstance(index);
    }

    /** Starts a killed instance again on its port, with its transaction log. */
    public void restartInstance(int index) throws Exception {
        List<Process> others = new ArrayList<>(instances);
        instances.clear();
        instances.addAll(others.subList(0, index));
        startInstance();
        instances.addAll(others.subList(index + 1, others.size()));
    }

    /**
     * Starts a stopped instance again on its port and runs {@code meanwhile} while it starts (brings back what it waits
     * for, say), then waits until it serves the API.
     *
     * @return whether the first launch serves; false: its deployment failed, and a second launch serves
     */
    public boolean restartInstanceWhile(int index, Step meanwhile) throws Exception {
        ProcessBuilder launcher = instanceLauncher(index);
        Process first = launcher.start();
        try {
            meanwhile.run();
        } catch (Exception | Error failure) {
            PayaraMicroProcess.stop(first);
            throw failure;
        }
        AtomicBoolean launchedAgain = new AtomicBoolean();
        instances.set(index, PayaraMicroProcess.serving(first, () -> {
            launchedAgain.set(true);
            return launcher.start();
        }, httpPort(index), instanceLog(index)));
        return !launchedAgain.get();
    }

    private int httpPort(int index) {
        return index == 0 ? ports.http() : ports.secondHttp();
    }

    public boolean hasSecondInstance() {
        return instances.size() > 1;
    }

    public Process instance(int index) {
        return instances.get(index);
    }

    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + ports.http() + path);
    }

    /** Resident memory of the first instance, in MiB. */
    public long residentMemoryMiB() throws IOException {
        return processStatus("VmRSS:") / 1024;
    }

    /** The threads of the first instance's JVM. */
    public long threads() throws IOException {
        return processStatus("Threads:");
    }

    /** A number from /proc/PID/status of the first instance (kB for sizes), -1 if it has none. */
    private long processStatus(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(instances.get(0).pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    @Override
    public void close() throws Exception {
        PayaraMicroProcess.stop(instances);
        if (broker != null) {
            broker.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
