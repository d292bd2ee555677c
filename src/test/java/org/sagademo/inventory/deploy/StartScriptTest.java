package org.sagademo.inventory.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * server-config/payara/start, the image's entry point, run with the Dockerfile's environment on a stand-in JVM that
 * reports the container's CPUs and memory limit, records what it was launched with and leaves a runtime copy behind as a Payara Micro
 * killed at once would: the start sizes the service by its container and clears the copies of starts that died.
 */
class StartScriptTest {

    /**
     * Answers the start script's -XshowSettings:system as a JVM in a container would; otherwise records its environment
     * and its temporary directory, where it copies a runtime as Payara Micro does, and exits without removing it.
     */
    private static final String STAND_IN_JAVA = """
            #!/usr/bin/env bash
            if [[ $1 == -XshowSettings:system ]]; then
                printf 'Operating System Metrics:\\n    Effective CPU Count: %s\\n    Memory Limit: %s\\n' "$STAND_IN_CPUS" "$STAND_IN_MEMORY"
                printf 'openjdk version "25.0.3" 2026-04-21\\n'
                exit 0
            fi
            env | grep '^INVENTORY_' > "$STAND_IN_RECORD"
            printf '%s\n' "$@" > "$STAND_IN_RECORD.args"
            for option; do
                if [[ $option == -Djava.io.tmpdir=* ]]; then
                    tmpdir=${option#*=}
                    mkdir "$tmpdir/payaramicro-rt1tmp" && echo runtime > "$tmpdir/payaramicro-rt1tmp/payara.jar"
                    echo "$tmpdir" > "$STAND_IN_RECORD.tmpdir"
                fi
            done
            """;

    @TempDir
    Path dir;

    @Test
    void belowTwoCpusFewerConsumersConnectionsAndHttpWorkers() throws Exception {
        assertSmall(startedWith(imageEnvironment(), 1, "1.00G"));
    }

    /** A pod with a memory limit and none on CPU sees every core of its node. */
    @Test
    void below512MiBLikewiseWhateverTheCpus() throws Exception {
        assertSmall(startedWith(imageEnvironment(), 8, "256.00M"));
    }

    private static void assertSmall(Map<String, String> service) {
        assertEquals("4", service.get("INVENTORY_CONSUMERS"));
        assertEquals("12", service.get("INVENTORY_DB_POOL_SIZE"));
        assertEquals("2", service.get("INVENTORY_HTTP_THREADS"));
    }

    @Test
    void fromTwoCpusAnd512MiBTheDefaults() throws Exception {
        Map<String, String> service = startedWith(imageEnvironment(), 2, "512.00M");
        assertFalse(service.containsKey("INVENTORY_CONSUMERS"), "the application's own default, 16");
        assertEquals("32", service.get("INVENTORY_DB_POOL_SIZE"));
        assertEquals("4", service.get("INVENTORY_HTTP_THREADS"));
    }

    @Test
    void whatTheOperatorSetsWins() throws Exception {
        Map<String, String> given = imageEnvironment();
        given.put("INVENTORY_HTTP_THREADS", "6");
        given.put("INVENTORY_DB_POOL_SIZE", "20");
        Map<String, String> service = startedWith(given, 1, "256.00M");
        assertEquals("6", service.get("INVENTORY_HTTP_THREADS"));
        assertEquals("20", service.get("INVENTORY_DB_POOL_SIZE"));
    }

    @Test
    void theRuntimeCopyOfAStartThatDiedIsRemovedByTheNextStart() throws Exception {
        startedWith(imageEnvironment(), 2, "1.00G");
        Path killed = Path.of(Files.readString(dir.resolve("environment-2.tmpdir")).strip());
        assertTrue(Files.exists(killed.resolve("payaramicro-rt1tmp/payara.jar")), "the stand-in copied its runtime");

        startedWith(imageEnvironment(), 1, "1.00G");
        Path next = Path.of(Files.readString(dir.resolve("environment-1.tmpdir")).strip());
        assertFalse(Files.exists(killed), "the dead start's copy is gone");
        assertTrue(Files.exists(next.resolve("payaramicro-rt1tmp")));
    }

    /** Payara writes its configuration into the start's directory with the broker's password filled in. */
    @Test
    void onlyTheServicesUserMayReadTheRuntimeCopy() throws Exception {
        startedWith(imageEnvironment(), 2, "1.00G");
        Path copy = Path.of(Files.readString(dir.resolve("environment-2.tmpdir")).strip());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
    }

    @Test
    void theRuntimeCopiesOfRunningInstancesAndOtherFilesStay() throws Exception {
        Path running = Files.createDirectories(temporaryFiles().resolve("inventory-service." + ProcessHandle.current().pid()))
                .resolve("payaramicro-rt2tmp");
        Files.createDirectory(running);
        Path unrelated = Files.createDirectory(temporaryFiles().resolve("inventory-service.backup"));

        startedWith(imageEnvironment(), 2, "1.00G");
        assertTrue(Files.exists(running), "a running instance keeps its runtime");
        assertTrue(Files.exists(unrelated));
    }

    /** A typo in a number stops the start at once, naming the variable, before any JVM runs. */
    @Test
    void aNumberThatIsNotOneStopsTheStartNamingIt() throws Exception {
        for (String[] typo : new String[][]{{"INVENTORY_DB_POOL_SIZE", "thirty"}, {"INVENTORY_HTTP_THREADS", "1"},
                {"INVENTORY_SHUTDOWN_GRACE_SECONDS", "5s"}, {"INVENTORY_HTTP_PORT", "-3002"}, {"INVENTORY_HTTP_PORT", "70000"},
                {"INVENTORY_DB_POOL_SIZE", "4"}, {"INVENTORY_RESERVATION_TTL_SECONDS", "0"},
                {"INVENTORY_RESERVATION_TTL_SECONDS", "15m"}, {"INVENTORY_DEMO_DELAY_MS", "1.5"},
                {"INVENTORY_CONSUMERS_STALLED_AFTER_SECONDS", "-1"}}) { // the pool keeps 8 open, Payara 2 HTTP workers
            Map<String, String> given = imageEnvironment();
            given.put(typo[0], typo[1]);
            String log = refused(given);
            assertTrue(log.contains(typo[0] + " must be a whole number") && log.contains("'" + typo[1] + "'"), log);
        }
    }

    /**
     * A setting Payara's boot commands read without a default stops the start at once when it is not set (or, but for
     * the database's user or password, empty), naming each one missing: the image's own settings hold no password, and
     * the broker's property lists hold no empty one.
     */
    @Test
    void aMissingSettingStopsTheStartNamingIt() throws Exception {
        Map<String, String> given = imageSettings();
        assertFalse(given.keySet().stream().anyMatch(name -> name.endsWith("PASSWORD")), "the image holds no password");
        given.remove("INVENTORY_HTTP_ADDRESS");
        given.put("INVENTORY_DB_HOST", "");
        String log = refused(given);
        assertTrue(log.contains(": INVENTORY_HTTP_ADDRESS INVENTORY_DB_HOST INVENTORY_DB_PASSWORD INVENTORY_BROKER_PASSWORD ("), log);

        given = imageEnvironment();
        given.put("INVENTORY_BROKER_USER", "");
        log = refused(given);
        assertTrue(log.contains(": INVENTORY_BROKER_USER ("), log);

        given = imageEnvironment();
        given.put("INVENTORY_DB_PASSWORD", "");
        assertEquals("", startedWith(given, 2, "1.00G").get("INVENTORY_DB_PASSWORD"));
    }

    /** A placeholder password of the Kubernetes base's Secret stops the start, naming it: nothing runs on a password in git. */
    @Test
    void aPlaceholderPasswordOfTheKubernetesSecretStopsTheStart() throws Exception {
        Map<String, String> placeholders = Files.readAllLines(Path.of("server-config/kubernetes/inventory-secret.env")).stream()
                .filter(line -> !line.startsWith("#") && line.contains("=")).map(line -> line.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
        for (String name : List.of("INVENTORY_DB_PASSWORD", "INVENTORY_BROKER_PASSWORD")) {
            Map<String, String> given = imageEnvironment();
            given.put(name, placeholders.get(name));
            String log = refused(given);
            assertTrue(log.contains("start: " + name + " is still the placeholder"), log);
        }
    }

    /** A host that Payara's property lists would cut short, or whitespace in the broker's credentials: stopped, naming it. */
    @Test
    void aSeparatorInAHostOrWhitespaceInABrokerCredentialStopsTheStart() throws Exception {
        for (String[] setting : new String[][]{{"INVENTORY_DB_HOST", "fd00::5"}, {"INVENTORY_BROKER_HOST", "artemis;port=1"},
                {"INVENTORY_BROKER_PASSWORD", "se cret"}, {"INVENTORY_BROKER_USER", "a\tb"}}) {
            Map<String, String> given = imageEnvironment();
            given.put(setting[0], setting[1]);
            String log = refused(given);
            assertTrue(log.contains("start: " + setting[0] + " may not contain "), log);
        }
    }

    /**
     * The broker's user and password go to Payara's post-boot commands with '\\' before each character their property
     * lists read as syntax (a base64 password ends in '='); the database's go as they are, read whole by its pool
     * (CredentialsIT signs on with both).
     */
    @Test
    void theBrokersCredentialsGoToPayaraEscaped() throws Exception {
        Map<String, String> given = imageEnvironment();
        given.put("INVENTORY_BROKER_USER", "in:ventory");
        given.put("INVENTORY_BROKER_PASSWORD", "Zm9v\\'\"+/==");
        given.put("INVENTORY_DB_PASSWORD", "Zm9v:\\'\" +/==");
        Map<String, String> service = startedWith(given, 2, "1.00G");
        assertEquals("in\\:ventory", service.get("INVENTORY_BROKER_USER"));
        assertEquals("Zm9v\\\\\\'\\\"+/\\=\\=", service.get("INVENTORY_BROKER_PASSWORD"));
        assertEquals("Zm9v:\\'\" +/==", service.get("INVENTORY_DB_PASSWORD"));
    }

    /** Started from the wrong directory, or with a WAR that is not there: stopped at once, naming it. */
    @Test
    void aMissingWarStopsTheStartNamingIt() throws Exception {
        Map<String, String> given = imageEnvironment();
        given.put("INVENTORY_WAR", "../nowhere/inventory-service.war");
        String log = refused(given);
        assertTrue(log.contains("start: no ../nowhere/inventory-service.war in "), log);
    }

    /** A start stopped before any JVM runs, with status 2: @return what it said */
    private String refused(Map<String, String> given) throws Exception {
        Process start = start(given, 2, "1.00G");
        assertTrue(start.waitFor(30, TimeUnit.SECONDS));
        String log = read(dir.resolve("start.log"));
        assertEquals(2, start.exitValue(), log);
        assertFalse(Files.exists(dir.resolve("environment-2")), "no JVM was launched");
        return log;
    }

    /** Out of heap, the process ends, so that its container is restarted, in every envelope. */
    @Test
    void theJvmExitsWhenItRunsOutOfHeap() throws Exception {
        for (String memory : List.of("256.00M", "Unlimited")) {
            startedWith(imageEnvironment(), 2, memory);
            assertTrue(Files.readAllLines(dir.resolve("environment-2.args")).contains("-XX:+ExitOnOutOfMemoryError"), memory);
        }
    }

    /** 08 is eight seconds, not an octal error; 0 is no grace. */
    @Test
    void theGraceSecondsAreDecimal() throws Exception {
        for (String[] grace : new String[][]{{"08", "8000"}, {"0", "0"}}) {
            Map<String, String> given = imageEnvironment();
            given.put("INVENTORY_SHUTDOWN_GRACE_SECONDS", grace[0]);
            startedWith(given, 2, "1.00G");
            assertTrue(Files.readAllLines(dir.resolve("environment-2.args")).contains("-Dfish.payara.shutdowngrace=" + grace[1]));
        }
    }

    private Path temporaryFiles() throws IOException {
        return Files.createDirectories(dir.resolve("tmp"));
    }

    private Map<String, String> startedWith(Map<String, String> environment, int cpus, String memoryLimit) throws Exception {
        Process process = start(environment, cpus, memoryLimit);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), () -> read(dir.resolve("start.log")));
        return Files.readAllLines(dir.resolve("environment-" + cpus)).stream().map(line -> line.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }

    private Process start(Map<String, String> environment, int cpus, String memoryLimit) throws IOException {
        for (String file : List.of("payara-micro.jar", "inventory-service.war")) {
            if (!Files.exists(dir.resolve(file))) {
                Files.createFile(dir.resolve(file)); // where the script looks for them by default
            }
        }
        Path java = Files.createDirectories(dir.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, STAND_IN_JAVA);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path record = dir.resolve("environment-" + cpus);
        ProcessBuilder start = new ProcessBuilder(Path.of("server-config/payara/start").toAbsolutePath().toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("start.log").toFile());
        start.environment().keySet().removeIf(name -> name.startsWith("INVENTORY_") || name.equals("JAVA_OPTS"));
        start.environment().putAll(environment);
        start.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        start.environment().put("STAND_IN_CPUS", String.valueOf(cpus));
        start.environment().put("STAND_IN_MEMORY", memoryLimit);
        start.environment().put("STAND_IN_RECORD", record.toString());
        start.environment().put("TMPDIR", temporaryFiles().toString());
        return start.start();
    }

    /** The INVENTORY_* variables of the Dockerfile's ENV instruction, and the passwords a deployment gives it. */
    private static Map<String, String> imageEnvironment() throws IOException {
        return withSecrets(imageSettings());
    }

    private static Map<String, String> withSecrets(Map<String, String> environment) {
        Map<String, String> given = new LinkedHashMap<>(environment);
        given.put("INVENTORY_DB_PASSWORD", "database-secret");
        given.put("INVENTORY_BROKER_PASSWORD", "broker-secret");
        return given;
    }

    private static Map<String, String> imageSettings() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Matcher instruction = Pattern.compile("(?m)^ENV ((?:.*\\\\\\n)*.*)$").matcher(dockerfile);
        assertTrue(instruction.find(), "an ENV instruction in the Dockerfile");
        Map<String, String> environment = new LinkedHashMap<>();
        Matcher variable = Pattern.compile("(INVENTORY_[A-Z_]+)=(\\S+)").matcher(instruction.group(1));
        while (variable.find()) {
            environment.put(variable.group(1), variable.group(2));
        }
        assertTrue(environment.containsKey("INVENTORY_DB_HOST"), "the image's variables were read: " + environment);
        return environment;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
