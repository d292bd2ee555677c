package org.sagademo.inventory.localstack;

import jakarta.jms.JMSException;
import org.sagademo.inventory.clients.Api;
import org.sagademo.inventory.clients.SagaBroker;
import org.sagademo.inventory.clients.SagaMessages;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The training start behind target/payara/payara-micro.aot on Java 25 and later, payara-micro.jsa before (mvn
 * package, on the JVM that runs Maven): the service on a PostgreSQL and a broker of its own, taken through its HTTP
 * API and every saga event (on Java 25 then through 6,000 orders and as many reads), then stopped; the JVM archives
 * every class it loaded as it exits, and on Java 25 the profiles of the methods it ran (server-config/payara/start
 * train). An archive trained on a deployment alone (no database: the image build's fallback) leaves 25 MiB more of a
 * start's classes to be loaded (bench/README.md). The image build runs it too, from target/training (the classes
 * and libraries it needs, which mvn package gathers and trains from itself), with its own paths: the WAR and
 * broker.properties as {@code inventory.war} and {@code inventory.brokerProperties} name them (Dockerfile).
 */
public final class ClassDataTraining {

    private static final String SESSION = "training";
    private static final int ORDERS = 40;
    private static final String LOG = "cds-training.log";
    private static final String LOAD_SESSION = "training-load";
    private static final int LOAD_ORDERS = 6_000;

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path payaraDir = Path.of(System.getProperty("inventory.payaraDir"));
        Path serverConfig = Path.of(System.getProperty("inventory.serverConfigDir"));
        Path state = payaraDir.resolveSibling("class-data-training");
        Path brokerProperties = Path.of(System.getProperty("inventory.brokerProperties",
                serverConfig.resolveSibling("artemis").resolve("broker.properties").toString()));
        StateDirectory.clear(state);
        Map<String, String> env = ServiceEnvironment.withDefaults(Map.of(
                "INVENTORY_HTTP_PORT", String.valueOf(FreePort.pick()),
                "INVENTORY_DB_PORT", String.valueOf(FreePort.pick()),
                "INVENTORY_BROKER_PORT", String.valueOf(FreePort.pick()),
                "INVENTORY_SHUTDOWN_GRACE_SECONDS", "0"));
        int http = Integer.parseInt(env.get("INVENTORY_HTTP_PORT"));
        int brokerPort = Integer.parseInt(env.get("INVENTORY_BROKER_PORT"));
        try (EmbeddedDatabase database = EmbeddedDatabase.startWithoutFsync(Integer.parseInt(env.get("INVENTORY_DB_PORT")), state.resolve("postgres"));
             EmbeddedBroker broker = EmbeddedBroker.start(brokerPort, state.resolve("artemis"), brokerProperties)) {
            try {
                train(payaraDir, serverConfig, env, http, brokerPort);
            } catch (IllegalStateException failed) {
                // Payara Micro 6 now and then fails a deployment: the broker's adapter in 1 of 200 starts
                // (PayaraMicroProcess.NotDeployed), and this training start once in a dozen builds ("DeploymentContext
                // does not contain any EJB", not reproduced; a second start deployed every time), and once two starts
                // in a row on one HTTP port, their listener created but never started: so the second gets a port of its own
                Path log = Files.move(payaraDir.resolve(LOG), payaraDir.resolve("cds-training-failed.log"), StandardCopyOption.REPLACE_EXISTING);
                System.err.println("class-data training start failed (" + failed.getMessage() + "; " + log + "), starting it once more");
                int again = FreePort.pick();
                env.put("INVENTORY_HTTP_PORT", String.valueOf(again));
                train(payaraDir, serverConfig, env, again, brokerPort);
            }
        }
    }

    private static void train(Path payaraDir, Path serverConfig, Map<String, String> env, int http, int brokerPort) throws Exception {
        ProcessBuilder builder = PayaraMicroProcess.builder(payaraDir, serverConfig, env);
        // the training's own settings, not what the shell exports for a run (a demo delay, another queue)
        builder.environment().keySet().removeIf(name -> name.startsWith("INVENTORY_") && !env.containsKey(name)
                && !name.equals("INVENTORY_WAR"));
        String war = System.getProperty("inventory.war");
        if (war != null) {
            builder.environment().put("INVENTORY_WAR", war);
        }
        builder.command().add("train");
        Process payara = builder.redirectErrorStream(true).redirectOutput(payaraDir.resolve(LOG).toFile()).start();
        try {
            PayaraMicroProcess.awaitServing(http, payara, payaraDir.resolve(LOG));
            exercise(new Api(URI.create("http://127.0.0.1:" + http)), brokerPort);
        } finally {
            PayaraMicroProcess.stop(payara);
        }
    }

    /** Each kind of request and event once or a few times: what a start of the service meets first. */
    private static void exercise(Api api, int brokerPort) {
        api.post("/inventory/seed", SESSION, null);
        api.get("/inventory", SESSION);
        api.get("/inventory/stats", SESSION);
        api.post("/inventory/seed", SESSION, "{\"products\":[{\"id\":\"laptop\",\"name\":\"Laptop\",\"stock_level\":\"many\"}]}");
        api.get("/inventory", "not a session id");
        api.get("/nowhere", SESSION);
        api.get("/openapi", null);
        api.get("/metrics", null);
        api.get("/health/ready", null);
        try (SagaBroker broker = SagaBroker.core(brokerPort)) {
            IntStream.range(0, ORDERS).forEach(i -> broker.publish(SagaMessages.orderCreated(SESSION, "o" + i, "mouse", 1)));
            broker.publish(SagaMessages.orderCreated(SESSION, "too-many", "laptop", 1_000));
            broker.receive(SESSION, ORDERS + 1, 60_000);
            IntStream.range(0, ORDERS / 2).forEach(i -> broker.publish(SagaMessages.paymentSuccess(SESSION, "o" + i)));
            IntStream.range(ORDERS / 2, ORDERS - 1).forEach(i -> broker.publish(SagaMessages.paymentFailed(SESSION, "o" + i, "declined")));
            broker.publish(SagaMessages.orderCancelled(SESSION, "o" + (ORDERS - 1), "mouse", 1));
            broker.publish("{\"type\": \"ORDER_CREATED\", \"sessionId\": ");
            broker.receive(SESSION, ORDERS / 2, 60_000);
        }
        IntStream.range(0, 200).forEach(i -> api.get("/inventory", SESSION));
        api.post("/inventory/reset", SESSION, null);
        if (Runtime.version().feature() >= 25) {
            // the class-data archive of earlier JVMs keeps classes only, no profiles
            load(api, brokerPort);
        }
    }

    /**
     * Ordinary traffic, long enough for the optimising compiler to take up the paths of every event and read (a method
     * goes to it after some 5,000 calls): what the training compiled with it, a start compiles with it as soon as the
     * method runs, from the training's profile. What the training ran too seldom waits 250 times as long as without a
     * cache at C1's counting tier; with 40 orders, that was the event path (bench/README.md).
     */
    private static void load(Api api, int brokerPort) {
        api.post("/inventory/reset", LOAD_SESSION, Api.catalogue(4, LOAD_ORDERS));
        try (SagaBroker broker = SagaBroker.core(brokerPort)) {
            publish(broker, i -> SagaMessages.orderCreated(LOAD_SESSION, "l" + i, "p" + (i % 4), 1));
            broker.receive(LOAD_SESSION, LOAD_ORDERS, 180_000);
            publish(broker, i -> i % 2 == 0 ? SagaMessages.paymentSuccess(LOAD_SESSION, "l" + i)
                    : SagaMessages.paymentFailed(LOAD_SESSION, "l" + i, "declined"));
            broker.receive(LOAD_SESSION, LOAD_ORDERS / 2, 180_000);
        }
        IntStream.range(0, LOAD_ORDERS).forEach(i -> api.get(i % 2 == 0 ? "/inventory" : "/inventory/stats", LOAD_SESSION));
    }

    /** One event for each of the load's orders, committed a hundred at a time. */
    private static void publish(SagaBroker broker, IntFunction<String> event) {
        try (SagaBroker.Batch batch = broker.batch()) {
            for (int i = 0; i < LOAD_ORDERS; i++) {
                batch.send(event.apply(i));
                if (i % 100 == 99 || i == LOAD_ORDERS - 1) {
                    batch.commit();
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
