package org.sagademo.inventory.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * CPU time between two moments, from /proc (Linux): the machine's busy share and one process's own
 * time, in clock ticks of 10 ms. It shows whether a phase was bound by the machine's cores and how much
 * of them the service itself used per event.
 */
record CpuUse(long machineBusy, long machineTotal, long process) {

    private static final double MILLIS_PER_TICK = 10;

    static CpuUse now(long pid) throws IOException {
        long[] cpu = Arrays.stream(Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+"))
                .skip(1).mapToLong(Long::parseLong).toArray();
        long idle = cpu[3] + cpu[4];
        long total = Arrays.stream(cpu).limit(8).sum();
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long processTicks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
        return new CpuUse(total - idle, total, processTicks);
    }

    CpuUse since(CpuUse start) {
        return new CpuUse(machineBusy - start.machineBusy, machineTotal - start.machineTotal, process - start.process);
    }

    double machineBusyPercent() {
        return machineTotal == 0 ? 0 : 100.0 * machineBusy / machineTotal;
    }

    double processMillisPer(long events) {
        return events == 0 ? 0 : process * MILLIS_PER_TICK / events;
    }
}
