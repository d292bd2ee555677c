package org.sagademo.inventory.faults;

import org.sagademo.inventory.localstack.ServiceStack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

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

    /** A scenario by name, so that a run can pick some (FAULT_SCENARIOS=crash,poison); some run only when named. */
    private record Scenario(String name, Callable<FaultRow> run, boolean onlyWhenNamed) {
        Scenario(String name, Callable<FaultRow> run) {
            this(name, run, false);
        }

        boolean chosen(Set<String> only) {
            return only.isEmpty() ? !onlyWhenNamed : only.contains(name);
        }
    }

    static List<FaultRow> run(Sizes sizes, ServiceStack.Ports ports, Path state, Set<String> only) throws Exception {
        Path payaraDir = Path.of(System.getProperty("inventory.payaraDir"));
        Path serverConfig = Path.of(System.getProperty("inventory.serverConfigDir"));
        List<FaultRow> rows = new ArrayList<>();
        // the service reaches PostgreSQL and the broker through proxies, so that the network between can break
        try (TcpProxy databaseLink = TcpProxy.to(ports.db());
             TcpProxy brokerLink = TcpProxy.to(ports.broker());
             ServiceStack stack = ServiceStack.start(ports, new ServiceStack.Links(databaseLink.port(), brokerLink.port()),
                     16, state, payaraDir, serverConfig);
             Traffic traffic = new Traffic(ports.broker())) {
            FaultScenarios faults = new FaultScenarios(stack, traffic, databaseLink, brokerLink);
            BadInputScenarios badInput = new BadInputScenarios(stack, traffic);
            List<Scenario> scenarios = List.of(
                    new Scenario("metrics", badInput::metricsBeforeTheFirstEvent),
                    new Scenario("poison", badInput::poisonMessages),
                    new Scenario("http", badInput::malformedHttp),
                    new Scenario("sessions", () -> badInput.sessionIsolation(sizes.sessions(), sizes.operations())),
                    new Scenario("duplicates", () -> faults.duplicates(sizes.duplicates())),
                    new Scenario("stop", () -> faults.gracefulStop(sizes.restart())),
                    new Scenario("broker", () -> faults.brokerRestart(sizes.restart())),
                    new Scenario("database", () -> faults.databaseRestart(sizes.restart())),
                    new Scenario("db-crash", () -> faults.databaseCrash(sizes.crash())),
                    new Scenario("broker-crash", () -> faults.brokerCrash(sizes.crash())),
                    new Scenario("partition", () -> faults.partition(sizes.partition(), sizes.silence())),
                    new Scenario("compete", () -> faults.twoInstances(sizes.compete(), sizes.units())),
                    new Scenario("crash", () -> faults.crash(sizes.crash())),
                    new Scenario("soak", () -> new Soak(stack, traffic).run(Soak.Plan.fromEnvironment()), true));
            for (Scenario scenario : scenarios) {
                if (scenario.chosen(only)) {
                    long start = System.currentTimeMillis();
                    FaultRow row = scenario.run().call();
                    System.err.println(scenario.name() + " took " + (System.currentTimeMillis() - start) / 1000 + " s");
                    System.out.println(row.markdown());
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
