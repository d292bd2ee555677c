package org.sagademo.inventory.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private node of Debian's rabbitmq-server (with the shovel plugin) whose files all live in one
 * directory, on loopback ports of its own, with its own epmd: it shares nothing with a system RabbitMQ.
 * Debian's /usr/sbin wrappers run as root and switch to the user rabbitmq, so the directory is theirs.
 */
public final class RabbitMqNode implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/sbin/rabbitmq-server");
    public static final Path CTL = Path.of("/usr/sbin/rabbitmqctl");

    private final Path dir;
    private final int epmdPort;
    private final Map<String, String> env;

    private RabbitMqNode(Path dir, int amqpPort, int distPort, int epmdPort) {
        this.dir = dir;
        this.epmdPort = epmdPort;
        env = Map.ofEntries(
                Map.entry("RABBITMQ_NODENAME", "inventory-smoke@localhost"),
                Map.entry("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString()),
                // an empty one, so /etc/rabbitmq/rabbitmq-env.conf does not apply
                Map.entry("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString()),
                Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString()),
                Map.entry("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString()),
                Map.entry("RABBITMQ_LOG_BASE", dir.resolve("log").toString()),
                Map.entry("RABBITMQ_PID_FILE", dir.resolve("rabbit.pid").toString()),
                Map.entry("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"),
                Map.entry("RABBITMQ_NODE_PORT", String.valueOf(amqpPort)),
                Map.entry("RABBITMQ_DIST_PORT", String.valueOf(distPort)),
                Map.entry("ERL_EPMD_ADDRESS", "127.0.0.1"),
                Map.entry("ERL_EPMD_PORT", String.valueOf(epmdPort)),
                // rabbitmqctl starts an Erlang node too: keep it on loopback
                Map.entry("RABBITMQ_CTL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}"));
    }

    public static boolean installed() {
        return Files.isExecutable(SERVER) && Files.isExecutable(CTL);
    }

    /** Launches the node in the background ({@code -detached}); {@link #awaitRunning()} waits for it. */
    public static RabbitMqNode launch(Path dir, int amqpPort, int distPort, int epmdPort) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("rabbitmq.conf"), String.join("\n",
                "listeners.tcp.default = 127.0.0.1:" + amqpPort,
                "distribution.listener.interface = 127.0.0.1",
                "log.console = false",
                ""));
        Files.writeString(dir.resolve("enabled_plugins"), "[rabbitmq_shovel].\n");
        Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
        RabbitMqNode node = new RabbitMqNode(dir, amqpPort, distPort, epmdPort);
        node.run(List.of("chown", "-R", "rabbitmq:rabbitmq", dir.toString()), null);
        node.run(List.of(SERVER.toString(), "-detached"), null);
        return node;
    }

    public void awaitRunning() throws Exception {
        ctl("wait", "--timeout", "120", env.get("RABBITMQ_PID_FILE"));
    }

    /** rabbitmqctl against this node; returns its standard output, throws unless it exits 0. */
    public String ctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CTL.toString(), "-q"));
        command.addAll(List.of(args));
        return run(command, null);
    }

    /** A command with this node's environment (an operator's script), its standard input from a file. */
    public String run(List<String> command, Path input, Map<String, String> extraEnv) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.environment().putAll(extraEnv);
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        // files, not pipes: the detached node inherits them and would hold a pipe open for its lifetime
        Path out = Files.createTempFile(dir, "command", ".out");
        Path err = Files.createTempFile(dir, "command", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean ended = process.waitFor(180, TimeUnit.SECONDS);
        String output = Files.readString(out);
        String errors = Files.readString(err);
        Files.delete(out);
        Files.delete(err);
        if (!ended) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " still running after 180 s: " + output + errors);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output + errors);
        }
        return output;
    }

    private String run(List<String> command, Path input) throws Exception {
        return run(command, input, Map.of());
    }

    /** rabbitmqctl shutdown waits for the node's process to end; then the epmd it started goes, by its PID. */
    @Override
    public void close() throws Exception {
        try {
            ctl("shutdown");
        } finally {
            Optional<ProcessHandle> epmd = ownEpmd();
            if (epmd.isPresent()) {
                epmd.get().destroy();
                epmd.get().onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The epmd with this node's private port in its environment: the one this node started, no other. */
    private Optional<ProcessHandle> ownEpmd() {
        String mark = "ERL_EPMD_PORT=" + epmdPort;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/epmd")).orElse(false))
                .filter(p -> {
                    try {
                        byte[] environ = Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "environ"));
                        return List.of(new String(environ, StandardCharsets.UTF_8).split("\0")).contains(mark);
                    } catch (IOException e) {
                        return false;
                    }
                })
                .findFirst();
    }
}
