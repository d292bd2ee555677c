package org.sagademo.inventory.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Launches inventory-service on Payara Micro exactly as the README and the Dockerfile do (server-config/payara/start). */
public final class PayaraMicroProcess {

    private PayaraMicroProcess() {
    }

    /**
     * @param payaraDir target/payara: payara-micro.jar, postgresql.jar and artemis-ra.rar (the working directory)
     * @param env       the INVENTORY_* variables the server configuration reads
     */
    public static ProcessBuilder builder(Path payaraDir, Path serverConfig, Map<String, String> env) {
        // server-config/payara/start sizes the JVM for its container and maps the archive mvn package made
        ProcessBuilder builder = new ProcessBuilder("bash", serverConfig.resolve("start").toString())
                .directory(payaraDir.toFile());
        builder.environment().putAll(env);
        builder.environment().put("INVENTORY_WAR", payaraDir.resolveSibling("inventory-service.war").toString());
        return builder;
    }

    /**
     * The service's Java: the start script runs JAVA_HOME's JVM, or the PATH's, as Maven does, so the JVM that runs
     * this (the build's, in the benchmarks and the run command) is the service's too.
     */
    public static String javaVersion() {
        return System.getProperty("java.version");
    }

    /**
     * SIGTERM, so in-flight transactions finish or roll back; SIGKILL only if it hangs.
     *
     * @return whether it ended on the SIGTERM, not on the SIGKILL after 60 s
     */
    public static boolean stop(Process payara) {
        payara.destroy();
        try {
            if (payara.waitFor(60, TimeUnit.SECONDS)) {
                return true;
            }
            payara.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            payara.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Stops several at once: all get SIGTERM first, so they shut down side by side. */
    public static void stop(List<Process> instances) {
        instances.forEach(Process::destroy);
        instances.forEach(PayaraMicroProcess::stop);
    }

    /**
     * Payara Micro answered HTTP without the WAR. Its post-deploy commands open the listener even when a deployment
     * failed, and it goes on running without the WAR: in 1 of 200 starts measured, Payara Micro 6 failed to deploy
     * the broker's resource adapter (a NullPointerException in its ConnectorValidator; README, "Deploying").
     */
    public static final class NotDeployed extends IllegalStateException {
        NotDeployed(String message) {
            super(message);
        }
    }

    /**
     * Starts Payara Micro and waits until the API answers. A start whose deployment failed is stopped and made once
     * more; a second failure, or any other, stops it and fails.
     */
    public static Process startServing(ProcessBuilder launcher, int http, Path log) throws Exception {
        return serving(launcher.start(), launcher::start, http, log);
    }

    /** As {@link #startServing}, for a start already launched ({@code started}); {@code again} launches it once more. */
    public static Process serving(Process started, Callable<Process> again, int http, Path log) throws Exception {
        try {
            return servingOrStopped(started, http, log);
        } catch (NotDeployed failed) {
            System.err.println(failed.getMessage() + "\nstarting it once more");
            return servingOrStopped(again.call(), http, log);
        }
    }

    private static Process servingOrStopped(Process payara, int http, Path log) throws Exception {
        try {
            awaitServing(http, payara, log);
            return payara;
        } catch (Exception failed) {
            stop(payara);
            throw failed;
        }
    }

    /**
     * The API answers once the WAR, and so its schema migration, is deployed; a 404 means it was not (NotDeployed).
     * Each probe gives up after 5 s, so that one connection left unanswered cannot use up the wait. A start that does
     * not serve fails with the end of its log ({@code log}), or without it where its output goes elsewhere (null).
     */
    public static void awaitServing(int http, Process payara, Path log) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/inventory"))
                .header("x-session-id", "probe").timeout(Duration.ofSeconds(5)).build();
        long deadline = System.currentTimeMillis() + 180_000;
        String lastAnswer = "no connection";
        while (System.currentTimeMillis() < deadline) {
            if (!payara.isAlive()) {
                throw new IllegalStateException("Payara exited with status " + payara.exitValue() + logEnd(log));
            }
            try {
                int status = client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
                if (status == 404) {
                    throw new NotDeployed("Payara Micro on port " + http + " runs without the WAR: its deployment failed" + logEnd(log));
                }
                lastAnswer = "HTTP " + status;
            } catch (IOException e) {
                lastAnswer = e.toString(); // not listening yet, or no answer within the probe's timeout
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("service on port " + http + " not serving after 180 s (last probe: " + lastAnswer + ")"
                + logEnd(log));
    }

    /** The log's errors and its last lines. */
    private static String logEnd(Path log) throws IOException {
        if (log == null) {
            return "; see its output";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        List<String> errors = lines.stream().filter(line -> line.contains("[SEVERE]") || line.contains("Exception:"))
                .limit(10).toList();
        return "; its errors:\n" + String.join("\n", errors) + "\nits log ends:\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
