package org.sagademo.inventory.faults;

import org.junit.jupiter.api.Test;
import org.sagademo.inventory.localstack.ServiceStack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fault suite at a small scale, so that CI guards it: a few minutes on 2 cores. */
class FaultSuiteIT {

    /** All but the graceful broker and database restarts, which take the longest: those run in faults/run. */
    private static final Set<String> CI_SCENARIOS =
            Set.of("metrics", "poison", "http", "sessions", "duplicates", "compete", "stop", "crash", "db-crash", "db-at-start", "broker-crash",
                    "partition", "lost-consumers");

    @Test
    void nothingIsLostDuplicatedOrOversold() throws Exception {
        ServiceStack.Ports ports = new ServiceStack.Ports(Integer.getInteger("it.fault.http.port"),
                Integer.getInteger("it.fault.http2.port"), Integer.getInteger("it.fault.db.port"),
                Integer.getInteger("it.fault.broker.port"));
        List<FaultRow> rows = FaultSuite.run(new FaultSuite.Sizes(600, 400, 1000, 40, 300, 8, 150, 300, Duration.ofSeconds(20)), ports,
                Path.of(System.getProperty("inventory.stateDir")).resolveSibling("fault-state"), CI_SCENARIOS);
        String table = FaultRow.HEADER + "\n" + String.join("\n", rows.stream().map(FaultRow::markdown).toList());
        assertEquals(List.of(), rows.stream().filter(row -> !row.clean()).map(FaultRow::scenario).toList(), table);
    }
}
