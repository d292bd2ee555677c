package org.sagademo.inventory.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * CPU time between two moments, from /proc (Linux), in clock ticks of 10 ms: the machine's busy share
 * and where it went: the service, this process (the embedded broker and the load generator) and the
 * PostgreSQL server processes. It shows whether a phase was bound by the machine's cores, and by whose use.
 */
record CpuUse(long machineBusy, long machineTotal, long service, long broker, long load, long database) {

    private static final double MILLIS_PER_TICK = 10;

    /** @param brokerPid the broker's own JVM; the load generator is this JVM */
    static CpuUse now(long servicePid, long brokerPid) throws IOException {
        long[] cpu = Arrays.stream(Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+"))
                .skip(1).mapToLong(Long::parseLong).toArray();
        long idle = cpu[3] + cpu[4];
        long total = Arrays.stream(cpu).limit(8).sum();
        return new CpuUse(total - idle, total, ticks(servicePid), ticks(brokerPid), ticks(ProcessHandle.current().pid()),
                postgresTicks());
    }

    CpuUse since(CpuUse start) {
        return new CpuUse(machineBusy - start.machineBusy, machineTotal - start.machineTotal, service - start.service,
                broker - start.broker, load - start.load, database - start.database);
    }

    double machineBusyPercent() {
        return machineTotal == 0 ? 0 : 100.0 * machineBusy / machineTotal;
    }

    /** CPU milliseconds per event of the service, the broker, the load generator and PostgreSQL. */
    double[] millisPer(long events) {
        return events == 0 ? new double[4] : new double[]{service * MILLIS_PER_TICK / events,
                broker * MILLIS_PER_TICK / events, load * MILLIS_PER_TICK / events, database * MILLIS_PER_TICK / events};
    }

    /** utime + stime, with those of waited-for children (PostgreSQL's exited backends count for the postmaster). */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended between listing and reading
        }
    }

    private static long postgresTicks() throws IOException {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(CpuUse::isPostgres)
                    .mapToLong(p -> ticks(Long.parseLong(p.getFileName().toString())))
                    .sum();
        }
    }

    private static boolean isPostgres(Path process) {
        try {
            return Files.readString(process.resolve("comm")).trim().equals("postgres");
        } catch (IOException e) {
            return false;
        }
    }
}
