package org.sagademo.inventory.bench;

import org.sagademo.inventory.localstack.EmbeddedBroker;
import org.sagademo.inventory.localstack.EmbeddedDatabase;
import org.sagademo.inventory.localstack.PayaraMicroProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PostgreSQL, Artemis and the service on Payara Micro, as the run command starts them, in one of the
 * two transaction designs: "xa" (the shipped configuration) or "lao" (a non-XA PostgreSQL pool, so
 * Payara commits it last, after preparing the broker branches).
 */
final class BenchStack implements AutoCloseable {

    static final int HTTP_PORT = 3102;
    static final int DB_PORT = 15532;
    static final int BROKER_PORT = 61716;

    final String design;
    final EmbeddedDatabase database;
    final EmbeddedBroker broker;
    final Process payara;
    final int consumers;

    private BenchStack(String design, EmbeddedDatabase database, EmbeddedBroker broker, Process payara, int consumers) {
        this.design = design;
        this.database = database;
        this.broker = broker;
        this.payara = payara;
        this.consumers = consumers;
    }

    static BenchStack start(String design, Path payaraDir, Path serverConfig, Path state, int consumers) throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(DB_PORT, state.resolve("postgres"));
        EmbeddedBroker broker = EmbeddedBroker.start(BROKER_PORT, state.resolve("artemis"),
                serverConfig.resolveSibling("artemis").resolve("broker.properties"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("INVENTORY_HTTP_PORT", String.valueOf(HTTP_PORT));
        env.put("INVENTORY_HTTP_ADDRESS", "127.0.0.1");
        env.put("INVENTORY_DB_HOST", "127.0.0.1");
        env.put("INVENTORY_DB_PORT", String.valueOf(DB_PORT));
        env.put("INVENTORY_DB_NAME", EmbeddedDatabase.NAME);
        env.put("INVENTORY_DB_USER", EmbeddedDatabase.USER);
        env.put("INVENTORY_DB_PASSWORD", EmbeddedDatabase.PASSWORD);
        env.put("INVENTORY_DB_POOL_SIZE", String.valueOf(consumers + 8));
        env.put("INVENTORY_BROKER_HOST", "127.0.0.1");
        env.put("INVENTORY_BROKER_PORT", String.valueOf(BROKER_PORT));
        env.put("INVENTORY_BROKER_USER", EmbeddedBroker.USER);
        env.put("INVENTORY_BROKER_PASSWORD", EmbeddedBroker.PASSWORD);
        env.put("INVENTORY_CONSUMERS", String.valueOf(consumers));
        env.put("INVENTORY_TX_LOG_DIR", state.resolve("tx-log").toString());
        Path config = "xa".equals(design) ? serverConfig : lastAgentConfig(serverConfig, state.resolve("server-config"));
        Process payara = PayaraMicroProcess.builder(payaraDir, config, env)
                .redirectErrorStream(true)
                .redirectOutput(state.resolve("payara.log").toFile())
                .start();
        BenchStack stack = new BenchStack(design, database, broker, payara, consumers);
        stack.awaitReady();
        return stack;
    }

    /** The shipped boot commands with the PostgreSQL pool made non-XA; nothing else differs. */
    private static Path lastAgentConfig(Path serverConfig, Path target) throws IOException {
        Files.createDirectories(target);
        Files.copy(serverConfig.resolve("pre-boot-commands.asadmin"), target.resolve("pre-boot-commands.asadmin"));
        String postBoot = Files.readString(serverConfig.resolve("post-boot-commands.asadmin"))
                .replace("--datasourceclassname org.postgresql.xa.PGXADataSource --restype javax.sql.XADataSource",
                        "--datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource");
        Files.writeString(target.resolve("post-boot-commands.asadmin"), postBoot);
        return target;
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + HTTP_PORT + path);
    }

    private void awaitReady() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!payara.isAlive()) {
                throw new IllegalStateException("Payara exited; see its log");
            }
            try {
                // the API answers once the WAR (and its schema migration) is deployed
                int status = client.send(HttpRequest.newBuilder(http("/inventory")).header("x-session-id", "bench").build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("service not ready after 180 s");
    }

    /** Resident memory of the Payara process, in MiB. */
    long residentMemoryMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(payara.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    @Override
    public void close() throws Exception {
        PayaraMicroProcess.stop(payara);
        broker.close();
        database.close();
    }
}
