package org.sagademo.inventory.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The embedded broker in a JVM of its own, as a standalone broker runs: it can be killed with -9 and
 * restarted on the same journal, and its CPU is its own in the benchmark's figures.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 60_000;

    /** Artemis' libaio wrapper, in its native jar; it loads only from java.library.path, as the broker's distribution sets it. */
    private static final String NATIVE_LIBRARY = "lib/linux-x86_64/libartemis-native-64.so";

    private final Process process;
    private final Path log;

    private BrokerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@link EmbeddedBroker#main} on the port and directory and waits until it accepts connections. */
    public static BrokerProcess start(int port, Path dataDirectory, Path log, Path... brokerProperties) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.library.path=" + nativeLibraryDirectory(dataDirectory.resolveSibling("artemis-native")),
                "-cp", classPath(), EmbeddedBroker.class.getName(), String.valueOf(port), dataDirectory.toString()));
        Arrays.stream(brokerProperties).map(Path::toString).forEach(command::add);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (!accepts(port)) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the broker did not start; see " + log);
            }
            Thread.sleep(100);
        }
        return new BrokerProcess(process, log);
    }

    /** The journal the broker chose, from its latest start in the (appended) log: ASYNCIO where the libaio wrapper loaded, else NIO. */
    public String journalType() throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.startsWith(EmbeddedBroker.JOURNAL_LINE)).reduce((first, last) -> last)
                    .map(line -> line.substring(EmbeddedBroker.JOURNAL_LINE.length())).orElse("unknown");
        }
    }

    /** Copies the libaio wrapper out of its jar into the directory (once), for the broker's java.library.path. */
    private static Path nativeLibraryDirectory(Path directory) throws IOException {
        Path library = directory.resolve(Path.of(NATIVE_LIBRARY).getFileName());
        try (InputStream in = BrokerProcess.class.getClassLoader().getResourceAsStream(NATIVE_LIBRARY)) {
            if (in != null && !Files.exists(library)) {
                Files.createDirectories(directory);
                Files.copy(in, library);
            }
        }
        return directory;
    }

    public long pid() {
        return process.pid();
    }

    /** A crash: SIGKILL, no shutdown of the journal. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the broker stops in order (its shutdown hook). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Maven's exec plugin runs us in a class loader of its own; failsafe puts the test class path in java.class.path. */
    private static String classPath() {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader && loader.getURLs().length > 0) {
            return Arrays.stream(loader.getURLs()).map(BrokerProcess::path).collect(Collectors.joining(File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    private static String path(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
