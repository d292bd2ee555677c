package org.sagademo.inventory.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * CPU time between two moments, from /proc (Linux), in clock ticks of 10 ms: the machine's busy share
 * and where it went: the service and the broker (and of each, its JIT compiler threads), this process (the load
 * generator) and the PostgreSQL server processes. It shows whether a phase was bound by the machine's cores, by
 * whose use, and how much of the service's share was still compiling rather than serving.
 */
record CpuUse(long machineBusy, long machineTotal, long service, long serviceCompilers, long broker, long brokerCompilers, long load,
              long database) {

    private static final double MILLIS_PER_TICK = 10;

    /** @param brokerPid the broker's own JVM; the load generator is this JVM */
    static CpuUse now(long servicePid, long brokerPid) throws IOException {
        long[] cpu = Arrays.stream(Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+"))
                .skip(1).mapToLong(Long::parseLong).toArray();
        long idle = cpu[3] + cpu[4];
        long total = Arrays.stream(cpu).limit(8).sum();
        return new CpuUse(total - idle, total, ticks(servicePid), compilerTicks(servicePid), ticks(brokerPid),
                compilerTicks(brokerPid), ticks(ProcessHandle.current().pid()), postgresTicks());
    }

    CpuUse since(CpuUse start) {
        return new CpuUse(machineBusy - start.machineBusy, machineTotal - start.machineTotal, service - start.service,
                serviceCompilers - start.serviceCompilers, broker - start.broker, brokerCompilers - start.brokerCompilers,
                load - start.load, database - start.database);
    }

    /** The service's CPU seconds, and those of its JIT compiler threads. */
    double serviceSeconds() {
        return seconds(service);
    }

    double serviceCompilerSeconds() {
        return seconds(serviceCompilers);
    }

    /** The JIT compiler threads' share of the service's CPU, in per cent. */
    double compilerPercent() {
        return percent(serviceCompilers, service);
    }

    /** The broker's CPU seconds, and its JIT compiler threads' share of them in per cent. */
    double brokerSeconds() {
        return seconds(broker);
    }

    double brokerCompilerPercent() {
        return percent(brokerCompilers, broker);
    }

    /** This process's (the load generator's) CPU seconds, and PostgreSQL's. */
    double loadSeconds() {
        return seconds(load);
    }

    double databaseSeconds() {
        return seconds(database);
    }

    double machineBusyPercent() {
        return percent(machineBusy, machineTotal);
    }

    private static double seconds(long ticks) {
        return ticks * MILLIS_PER_TICK / 1000;
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    /** CPU milliseconds per event (or request) of each process. */
    record PerEvent(double service, double broker, double load, double database) {
    }

    PerEvent millisPer(long events) {
        return events == 0 ? new PerEvent(0, 0, 0, 0) : new PerEvent(service * MILLIS_PER_TICK / events,
                broker * MILLIS_PER_TICK / events, load * MILLIS_PER_TICK / events, database * MILLIS_PER_TICK / events);
    }

    /** utime + stime, with those of waited-for children (PostgreSQL's exited backends count for the postmaster). */
    private static long ticks(long pid) {
        return ticks(Path.of("/proc/" + pid + "/stat"), 4);
    }

    /** The sum of the first {@code count} of utime, stime, cutime and cstime in a stat file. */
    private static long ticks(Path stat, int count) {
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Arrays.stream(fields, 11, 11 + count).mapToLong(Long::parseLong).sum();
        } catch (IOException | RuntimeException e) {
            return 0; // the process or thread ended between listing and reading
        }
    }

    /**
     * The ticks of the HotSpot JIT compiler threads ("C1 CompilerThread0", "C2 CompilerThread0", ...). One of each
     * stays for the JVM's life; a further one the JVM adds under a long queue and ends later takes its ticks with it.
     */
    private static long compilerTicks(long pid) {
        try (Stream<Path> threads = Files.list(Path.of("/proc/" + pid + "/task"))) {
            // utime + stime only: a thread's cutime and cstime are its process's
            return threads.filter(CpuUse::isCompilerThread).mapToLong(thread -> ticks(thread.resolve("stat"), 2)).sum();
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended
        }
    }

    private static boolean isCompilerThread(Path thread) {
        try {
            return Files.readString(thread.resolve("comm")).matches("C[12] CompilerThre(?s).*");
        } catch (IOException e) {
            return false;
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
