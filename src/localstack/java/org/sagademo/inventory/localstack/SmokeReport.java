package org.sagademo.inventory.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A smoke run's checks, one PASS/FAIL line each as they happen, and the summary at the end. */
final class SmokeReport {

    private final String name;
    private final List<String> lines = new ArrayList<>();
    private boolean failed;

    SmokeReport(String name) {
        this.name = name;
    }

    void check(String what, boolean ok, String detail) {
        String line = (ok ? "PASS  " : "FAIL  ") + what + (ok ? "" : "\n        " + detail);
        lines.add(line);
        failed |= !ok;
        System.out.println("[" + name + "] " + line);
    }

    void note(String what) {
        lines.add("      " + what);
        System.out.println("[" + name + "] " + what);
    }

    /** Prints every line again under a heading; true if all checks passed. */
    boolean summary(String heading) {
        System.out.println();
        System.out.println(heading + " (Java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, load average at the end " + loadAverage() + "):");
        lines.forEach(line -> System.out.println("  " + line));
        System.out.println(name.toUpperCase().replace('-', ' ') + (failed ? ": FAILED" : ": PASSED"));
        return !failed;
    }

    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String secondsSince(long start) {
        return String.format("%.1f s", (System.nanoTime() - start) / 1e9);
    }

    static String millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000 + " ms";
    }

    /** The figures depend on what else the machine runs: the 1-minute load average, where Linux has one. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
