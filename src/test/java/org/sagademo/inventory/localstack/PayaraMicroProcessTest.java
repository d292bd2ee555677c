package org.sagademo.inventory.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A start whose deployment failed (Payara up, every path 404) is found at once and made again, not waited on. */
class PayaraMicroProcessTest {

    private static final Path STAND_IN = Path.of("src/test/resources/localstack/PayaraWithoutTheWar.java");

    @TempDir
    Path dir;

    @Test
    void aStartWithoutTheWarIsStoppedAndMadeOnceMore() throws Exception {
        int port = FreePort.pick();
        Path log = Files.createFile(dir.resolve("payara.log"));
        // the second start binds the same port: it serves only if the first was stopped
        Process serving = PayaraMicroProcess.startServing(standIn(port, dir.resolve("started")), port, log);
        try {
            assertTrue(serving.isAlive());
        } finally {
            PayaraMicroProcess.stop(serving);
        }
    }

    @Test
    void aStartThatNeverServesTheWarFailsWithoutWaitingOutTheTimeout() throws Exception {
        int port = FreePort.pick();
        Path log = Files.writeString(dir.resolve("payara.log"), "[SEVERE] Exception while deploying the app [artemis-ra]\n");
        ProcessBuilder neverDeploys = standIn(port, dir.resolve("started"), "always");
        long start = System.nanoTime();
        PayaraMicroProcess.NotDeployed failed = assertThrows(PayaraMicroProcess.NotDeployed.class,
                () -> PayaraMicroProcess.startServing(neverDeploys, port, log));
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 60);
        assertTrue(failed.getMessage().contains("Exception while deploying the app [artemis-ra]"), failed.getMessage());
        // both starts were stopped: the port can be bound again
        assertDoesNotThrow(() -> new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close(), "port " + port + " free");
    }

    private static ProcessBuilder standIn(int port, Path started, String... mode) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, STAND_IN.toString(), String.valueOf(port), started.toString()));
        command.addAll(List.of(mode));
        return new ProcessBuilder(command).inheritIO();
    }
}
