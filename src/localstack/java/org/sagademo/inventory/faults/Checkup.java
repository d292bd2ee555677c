package org.sagademo.inventory.faults;

import org.sagademo.inventory.localstack.EmbeddedDatabase;
import org.sagademo.inventory.localstack.ServiceStack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the service's {@link VitalSigns}: its process from /proc, its heap from the JVM itself (jcmd: a
 * full GC, then the heap's occupancy), its connections from PostgreSQL's pg_stat_activity and its queue
 * from the broker's management.
 */
final class Checkup {

    /** A generation's (or G1's whole heap's) line of GC.heap_info: "garbage-first heap   total 262144K, used 81234K". */
    private static final Pattern HEAP_USED = Pattern.compile("(?m)^\\s+\\S.*\\btotal \\d+K, used (\\d+)K");
    private static final Pattern METASPACE_USED = Pattern.compile("(?m)^\\s*Metaspace\\s+used (\\d+)K");
    /** Every backend of the service's user but the one asking: the suite itself holds none open while the soak runs. */
    private static final String SERVICE_CONNECTIONS = "SELECT count(*) FROM pg_stat_activity WHERE usename = '"
            + EmbeddedDatabase.USER + "' AND backend_type = 'client backend' AND pid <> pg_backend_pid()";

    private final ServiceStack stack;
    private final Traffic traffic;
    private final LongSupplier answered;
    private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    Checkup(ServiceStack stack, Traffic traffic, LongSupplier answered) {
        this.stack = stack;
        this.traffic = traffic;
        this.answered = answered;
    }

    VitalSigns take(int minute) {
        long pid = stack.instance(0).pid();
        String heap = jcmd(pid, "GC.run") ? jcmdOutput(pid, "GC.heap_info") : "";
        return new VitalSigns(minute, orUnknown(stack::residentMemoryMiB), heapAfterGcMiB(heap),
                kilobytesAsMiB(METASPACE_USED.matcher(heap)), orUnknown(stack::threads), orUnknown(this::jdbcConnections),
                orUnknown(traffic::serviceConsumers), orUnknown(traffic::serviceBacklog), answered.getAsLong(), "");
    }

    private static long heapAfterGcMiB(String heapInfo) {
        Matcher used = HEAP_USED.matcher(heapInfo);
        long kilobytes = 0;
        boolean found = false;
        while (used.find()) {
            kilobytes += Long.parseLong(used.group(1));
            found = true;
        }
        return found ? kilobytes / 1024 : -1;
    }

    private static long kilobytesAsMiB(Matcher matcher) {
        return matcher.find() ? Long.parseLong(matcher.group(1)) / 1024 : -1;
    }

    private long jdbcConnections() throws SQLException {
        try (Connection connection = EmbeddedDatabase.connect(stack.ports.db());
             ResultSet count = connection.createStatement().executeQuery(SERVICE_CONNECTIONS)) {
            count.next();
            return count.getLong(1);
        }
    }

    private boolean jcmd(long pid, String command) {
        return !jcmdOutput(pid, command).isEmpty();
    }

    /** What jcmd printed, or nothing if it failed (the JVM not there, or not answering in 60 s). */
    private String jcmdOutput(long pid, String command) {
        try {
            Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return "";
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @FunctionalInterface
    private interface Reading {
        long read() throws Exception;
    }

    private static long orUnknown(Reading reading) {
        try {
            return reading.read();
        } catch (Exception e) {
            System.err.println("checkup: " + e);
            return -1;
        }
    }
}
