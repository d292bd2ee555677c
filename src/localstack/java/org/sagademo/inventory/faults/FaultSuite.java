package org.sagademo.inventory.faults;

import org.sagademo.inventory.localstack.ServiceStack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The fault suite ({@code faults/run}): runs the real service, broker and database, breaks them on
 * purpose and prints a table in which every loss, duplication, oversell and 5xx column must be zero.
 * FAULT_SCALE (default 1.0) scales the event counts; the default test run runs a small scale of it.
 */
public final class FaultSuite {

    /** Event counts at scale 1, and how long the partition scenario keeps each link silent (issue 13: 30 s). */
    record Sizes(int crash, int restart, int compete, int units, int duplicates, int sessions, int operations,
                 int partition, Duration silence) {
        static Sizes scaled(double scale) {
            return new Sizes((int) (5000 * scale), (int) (2000 * scale), (int) (10000 * scale),
                    Math.max(10, (int) (100 * scale)), (int) (2000 * scale), 20, (int) (500 * scale),
                    (int) (5000 * scale), Duration.ofSeconds(30));
        }
    }

    private FaultSuite() {
    }

    public static void main(String[] args) throws Exception {
        double scale = Double.parseDouble(System.getenv().getOrDefault("FAULT_SCALE", "1.0"));
        String chosen = System.getenv().getOrDefault("FAULT_SCENARIOS", "");
        Set<String> only = chosen.isBlank() ? Set.of() : Set.of(chosen.split(","));
        List<FaultRow> rows = run(Sizes.scaled(scale), new ServiceStack.Ports(3202, 3203, 15632, 61816),
                Path.of(System.getProperty("inventory.stateDir")), only);
        System.out.println();
        System.out.println(FaultRow.HEADER);
        rows.forEach(row -> System.out.println(row.markdown()));
        System.exit(rows.stream().allMatch(FaultRow::clean) ? 0 : 1);
    }

    /** What the scenarios run against: the stack, the traffic on its broker, and the sizes of this run. */
    record Stage(Sizes sizes, ServiceStack stack, Traffic traffic, FaultScenarios faults, BadInputScenarios badInput) {
    }

    @FunctionalInterface
    interface Step {
        FaultRow run(Stage stage) throws Exception;
    }

    /**
     * A scenario by name, so that a run can pick some (FAULT_SCENARIOS=crash,poison); some run only when named. Only one
     * that takes the service's consumers away may see {@code /health/live} DOWN.
     */
    record Scenario(String name, Step step, boolean onlyWhenNamed, boolean losesConsumers) {
        Scenario(String name, Step step) {
            this(name, step, false, false);
        }
    }

    /** Every scenario, in the order a run takes them. */
    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("metrics", stage -> stage.badInput().metricsBeforeTheFirstEvent()),
            new Scenario("poison", stage -> stage.badInput().poisonMessages()),
            new Scenario("http", stage -> stage.badInput().malformedHttp()),
            new Scenario("sessions", stage -> stage.badInput().sessionIsolation(stage.sizes().sessions(), stage.sizes().operations())),
            new Scenario("duplicates", stage -> stage.faults().duplicates(stage.sizes().duplicates())),
            new Scenario("stop", stage -> stage.faults().gracefulStop(stage.sizes().restart())),
            new Scenario("broker", stage -> stage.faults().brokerRestart(stage.sizes().restart())),
            new Scenario("database", stage -> stage.faults().databaseRestart(stage.sizes().restart())),
            new Scenario("db-crash", stage -> stage.faults().databaseCrash(stage.sizes().crash())),
            new Scenario("db-at-start", stage -> stage.faults().databaseDownAtStart(stage.sizes().restart())),
            new Scenario("broker-crash", stage -> stage.faults().brokerCrash(stage.sizes().crash())),
            new Scenario("partition", stage -> stage.faults().partition(stage.sizes().partition(), stage.sizes().silence())),
            new Scenario("compete", stage -> stage.faults().twoInstances(stage.sizes().compete(), stage.sizes().units())),
            new Scenario("crash", stage -> stage.faults().crash(stage.sizes().crash())),
            new Scenario("lost-consumers", stage -> stage.faults().lostConsumers(stage.sizes().units()), false, true),
            new Scenario("soak", stage -> new Soak(stage.stack(), stage.traffic()).run(Soak.Plan.fromEnvironment()), true, false));

    /**
     * The scenarios named, or without names all but those run only when named. A name that is no scenario's
     * fails the run before anything starts: skipped, a misspelt scenario would pass as clean without running.
     */
    static List<Scenario> chosen(Set<String> names) {
        List<String> known = SCENARIOS.stream().map(Scenario::name).toList();
        List<String> unknown = names.stream().filter(name -> !known.contains(name)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no fault scenario " + String.join(", ", unknown) + " (there are "
                    + String.join(", ", known) + ")");
        }
        return SCENARIOS.stream().filter(scenario -> names.isEmpty() ? !scenario.onlyWhenNamed() : names.contains(scenario.name()))
                .toList();
    }

    static List<FaultRow> run(Sizes sizes, ServiceStack.Ports ports, Path state, Set<String> only) throws Exception {
        List<Scenario> scenarios = chosen(only);
        Path payaraDir = Path.of(System.getProperty("inventory.payaraDir"));
        Path serverConfig = Path.of(System.getProperty("inventory.serverConfigDir"));
        List<FaultRow> rows = new ArrayList<>();
        // the service reaches PostgreSQL and the broker through proxies, so that the network between can break
        try (TcpProxy databaseLink = TcpProxy.to(ports.db());
             TcpProxy brokerLink = TcpProxy.to(ports.broker());
             ServiceStack stack = ServiceStack.startBackingServices(ports, new ServiceStack.Links(databaseLink.port(), brokerLink.port()),
                     16, state, payaraDir, serverConfig);
             Traffic traffic = new Traffic(ports.broker())) {
            // a short wait before consumers read as lost, so that every outage and crash shows whether it reads so
            stack.consumersStalledAfter(FaultScenarios.STALLED_AFTER);
            stack.startInstance();
            Stage stage = new Stage(sizes, stack, traffic, new FaultScenarios(stack, traffic, databaseLink, brokerLink),
                    new BadInputScenarios(stack, traffic));
            try (HealthLog liveness = new HealthLog(stack.http("/health/live"))) {
                for (Scenario scenario : scenarios) {
                    rows.add(run(scenario, stage, liveness));
                }
            }
        }
        return rows;
    }

    private static FaultRow run(Scenario scenario, Stage stage, HealthLog liveness) throws Exception {
        long start = System.currentTimeMillis();
        FaultRow row = scenario.step().run(stage);
        long end = System.currentTimeMillis();
        System.err.println(scenario.name() + " took " + (end - start) / 1000 + " s");
        OptionalLong down = liveness.downWithin(start, end);
        if (!scenario.losesConsumers() && down.isPresent()) {
            row = row.failing("/health/live DOWN " + down.getAsLong() / 1000 + " s into it");
        }
        System.out.println(row.markdown());
        return row;
    }
}
