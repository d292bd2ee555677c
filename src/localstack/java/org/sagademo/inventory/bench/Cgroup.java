package org.sagademo.inventory.bench;

import org.sagademo.inventory.localstack.Poll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A memory and a cpu group of cgroup v1 with an envelope's limits, as a container runtime makes them for a pod:
 * the process launched into it and its children are held to them, and the kernel counts what they used. Each group
 * is made below the group this JVM runs in, so that whatever the machine accounts for this run holds for it too.
 */
final class Cgroup implements AutoCloseable {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    /** The scheduler's default period: a quota of 20,000 µs in it is 200m. */
    private static final long PERIOD_MICROS = 100_000;
    private static final long REMOVE_WAIT_MILLIS = 10_000;

    /** cpu.stat: periods with runnable threads, of them throttled ones, and the time throttled in all. */
    record Throttling(long periods, long throttled, long throttledNanos) {
    }

    private final Path memory;
    private final Path cpu;
    /** Removes the groups when this JVM is stopped (Ctrl-C) in the middle of a run too. */
    private final Thread removeAtExit = new Thread(this::removeAtExit);

    private Cgroup(Path memory, Path cpu) {
        this.memory = memory;
        this.cpu = cpu;
    }

    static Cgroup create(String name, Envelope envelope) throws IOException {
        Cgroup group = new Cgroup(ownGroup("memory").resolve(name), ownGroup("cpu").resolve(name));
        Files.createDirectory(group.memory);
        Runtime.getRuntime().addShutdownHook(group.removeAtExit);
        try {
            Files.createDirectory(group.cpu);
            group.limit(envelope);
            return group;
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    private void limit(Envelope envelope) throws IOException {
        if (envelope.memoryBytes() > 0) {
            Files.writeString(memory.resolve("memory.limit_in_bytes"), String.valueOf(envelope.memoryBytes()));
            // a pod has no swap: where the machine has some and the kernel accounts it, it counts against the limit
            Path withSwap = memory.resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(withSwap)) {
                Files.writeString(withSwap, String.valueOf(envelope.memoryBytes()));
            }
        }
        if (envelope.milliCpus() > 0) {
            Files.writeString(cpu.resolve("cpu.cfs_period_us"), String.valueOf(PERIOD_MICROS));
            Files.writeString(cpu.resolve("cpu.cfs_quota_us"), String.valueOf(PERIOD_MICROS * envelope.milliCpus() / 1000));
        }
    }

    /**
     * The launcher's command run inside the groups: a shell joins them and execs it, so the process (the same pid)
     * and all it starts are held from their first instruction.
     */
    ProcessBuilder confine(ProcessBuilder launcher) {
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "echo $$ > \"$1\"/cgroup.procs && echo $$ > \"$2\"/cgroup.procs && shift 2 && exec \"$@\"",
                "sh", memory.toString(), cpu.toString()));
        command.addAll(launcher.command());
        return launcher.command(command);
    }

    /** memory.max_usage_in_bytes: the most the group held at once, page cache of its files included. */
    long peakMemoryBytes() throws IOException {
        return number(memory.resolve("memory.max_usage_in_bytes"));
    }

    /** How many times the limit was hit (memory.failcnt): each one made the kernel reclaim. */
    long limitHits() throws IOException {
        return number(memory.resolve("memory.failcnt"));
    }

    /** Processes of the group killed by the kernel's OOM killer (memory.oom_control). */
    long oomKills() throws IOException {
        return field(memory.resolve("memory.oom_control"), "oom_kill");
    }

    Throttling throttling() throws IOException {
        Path stat = cpu.resolve("cpu.stat");
        return new Throttling(field(stat, "nr_periods"), field(stat, "nr_throttled"), field(stat, "throttled_time"));
    }

    @Override
    public void close() throws IOException {
        remove();
        Runtime.getRuntime().removeShutdownHook(removeAtExit); // only once the groups are gone
    }

    /** The processes still in the group are the service this run launched: a SIGTERM may take it minutes to obey. */
    private void removeAtExit() {
        try {
            Files.readAllLines(memory.resolve("cgroup.procs")).forEach(pid ->
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly));
            remove();
        } catch (IOException e) {
            System.err.println(e.getMessage());
        }
    }

    /** Removes both groups; a process just ended may take a moment to leave them. */
    private void remove() throws IOException {
        long deadline = System.currentTimeMillis() + REMOVE_WAIT_MILLIS;
        for (Path group : List.of(memory, cpu)) {
            while (Files.exists(group) && !removed(group)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("cannot remove " + group + ": " + Files.readString(group.resolve("cgroup.procs")));
                }
                Poll.pause(100);
            }
        }
    }

    private static boolean removed(Path group) {
        try {
            Files.delete(group);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The directory of this JVM's own group in a controller's hierarchy, from /proc/self/cgroup. */
    private static Path ownGroup(String controller) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] fields = line.split(":", 3);
            if (List.of(fields[1].split(",")).contains(controller)) {
                return ROOT.resolve(controller).resolve(fields[2].substring(1));
            }
        }
        throw new IOException("no cgroup v1 " + controller + " hierarchy in /proc/self/cgroup");
    }

    private static long number(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).trim());
    }

    /** A "name value" line of a cgroup's key-value file. */
    private static long field(Path file, String name) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> line.startsWith(name + " "))
                .mapToLong(line -> Long.parseLong(line.substring(name.length() + 1).trim())).findFirst().orElse(-1);
    }
}
