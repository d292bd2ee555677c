package org.sagademo.inventory.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image build's fallback training (`start train-offline`, where its PostgreSQL cannot run), on this build's jar and
 * WAR and this JVM: it deploys against no database and must end by itself with an archive. A deployment that waited for
 * the database (as every other start does) would hold the image build forever.
 */
class OfflineTrainingIT {

    @TempDir
    Path dir;

    @Test
    void theOfflineTrainingEndsByItselfWithAnArchive() throws Exception {
        Path payara = Path.of(System.getProperty("inventory.payaraDir"));
        for (String file : List.of("payara-micro.jar", "postgresql.jar", "artemis-ra.rar")) {
            Files.copy(payara.resolve(file), dir.resolve(file));
        }
        Files.copy(Path.of(System.getProperty("inventory.war")), dir.resolve("inventory-service.war"));
        ProcessBuilder training = new ProcessBuilder(Path.of(System.getProperty("inventory.serverConfigDir"), "start").toString(), "train-offline")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("start.log").toFile());
        training.environment().keySet().removeIf(name -> name.startsWith("INVENTORY_") || name.equals("JAVA_OPTS"));
        training.environment().put("JAVA_HOME", System.getProperty("java.home"));
        training.environment().put("TMPDIR", Files.createDirectories(dir.resolve("tmp")).toString());
        Process process = training.start();
        boolean ended = process.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly); // the script runs the JVM as its child
            process.destroyForcibly().waitFor();
        }
        String log = Files.readString(dir.resolve("start.log")) + (Files.exists(dir.resolve("cds-training.log"))
                ? Files.readString(dir.resolve("cds-training.log")) : "");
        assertTrue(ended, () -> "no end within 180 s:\n" + log);
        assertEquals(0, process.exitValue(), log);
        assertTrue(Files.exists(dir.resolve("payara-micro.jsa")) || Files.exists(dir.resolve("payara-micro.aot")), log);
    }
}
