package org.sagademo.inventory.localstack;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import org.sagademo.inventory.clients.Api;
import org.sagademo.inventory.clients.SagaBroker;
import org.sagademo.inventory.clients.SagaBroker.Received;
import org.sagademo.inventory.clients.SagaMessages;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.sagademo.inventory.localstack.SmokeReport.millisSince;
import static org.sagademo.inventory.localstack.SmokeReport.secondsSince;

/**
 * The WildFly smoke run ({@code server-config/wildfly/smoke}): a fresh copy of the WildFly distribution
 * the build unpacked, configured by {@code server-config/wildfly/inventory-service.cli} exactly as the
 * README tells an operator, against a real PostgreSQL and a real Artemis; then the saga's first step
 * over the wire (seed, ORDER_CREATED, INVENTORY_RESERVED, GET /inventory) and a few more events. Prints
 * one line per check and exits 1 unless every check passed. Everything it starts, it stops.
 */
public final class WildFlySmoke {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(300);

    private final Path dist;
    private final Path state;
    private final Path war;
    private final Path postgresqlJar;
    private final Path cliScript;
    private final Path brokerProperties;
    private final Map<String, String> env;
    private final int managementPort;
    private final int httpsPort;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final SmokeReport report = new SmokeReport("wildfly-smoke");
    /** PostgreSQL, stopped and started again by the run. */
    private EmbeddedDatabase database;

    private WildFlySmoke() {
        dist = Path.of(System.getProperty("inventory.wildflyDist"));
        state = Path.of(System.getProperty("inventory.stateDir"));
        war = Path.of(System.getProperty("inventory.war"));
        postgresqlJar = Path.of(System.getProperty("inventory.postgresqlJar"));
        cliScript = Path.of(System.getProperty("inventory.wildflyCli"));
        brokerProperties = Path.of(System.getProperty("inventory.brokerProperties"));
        Map<String, String> given = System.getenv();
        env = ServiceEnvironment.withDefaults(Map.of(
                "INVENTORY_HTTP_PORT", given.getOrDefault("INVENTORY_HTTP_PORT", "4002"),
                "INVENTORY_DB_PORT", given.getOrDefault("INVENTORY_DB_PORT", "15732"),
                "INVENTORY_BROKER_PORT", given.getOrDefault("INVENTORY_BROKER_PORT", "61916"),
                "INVENTORY_CONSUMERS", given.getOrDefault("INVENTORY_CONSUMERS", "4"),
                "INVENTORY_DB_POOL_SIZE", given.getOrDefault("INVENTORY_DB_POOL_SIZE", "12")));
        // the queues this run talks to, whatever the calling shell has exported
        env.put("INVENTORY_INCOMING_QUEUE", "order-events");
        env.put("INVENTORY_OUTGOING_QUEUE", "inventory-events");
        env.put("INVENTORY_DEAD_LETTER_QUEUE", "DLQ");
        env.put("INVENTORY_DEMO_DELAY_MS", "0");
        managementPort = Integer.parseInt(given.getOrDefault("WILDFLY_MANAGEMENT_PORT", "4990"));
        httpsPort = Integer.parseInt(given.getOrDefault("WILDFLY_HTTPS_PORT", "4443"));
    }

    public static void main(String[] args) throws Exception {
        WildFlySmoke smoke = new WildFlySmoke();
        boolean passed = smoke.run();
        System.exit(passed ? 0 : 1);
    }

    private int port(String name) {
        return Integer.parseInt(env.get(name));
    }

    private boolean run() throws Exception {
        int httpPort = port("INVENTORY_HTTP_PORT");
        int dbPort = port("INVENTORY_DB_PORT");
        int brokerPort = port("INVENTORY_BROKER_PORT");
        for (int p : List.of(httpPort, managementPort, httpsPort, dbPort, brokerPort)) {
            if (!SmokeReport.free(p)) {
                throw new IllegalStateException("port " + p + " on 127.0.0.1 is in use; set INVENTORY_HTTP_PORT, "
                        + "INVENTORY_DB_PORT, INVENTORY_BROKER_PORT, WILDFLY_MANAGEMENT_PORT or WILDFLY_HTTPS_PORT");
            }
        }
        StateDirectory.clear(state);
        Files.createDirectories(state);
        Path home = state.resolve("wildfly");

        long t = System.nanoTime();
        copyTree(dist, home);
        report.note("fresh WildFly copy from " + dist.getFileName() + " in " + secondsSince(t));

        List<AutoCloseable> started = new ArrayList<>();
        Process server = null;
        try {
            t = System.nanoTime();
            database = EmbeddedDatabase.start(dbPort, state.resolve("postgres"));
            started.add(() -> database.close());
            started.add(EmbeddedBroker.start(brokerPort, state.resolve("artemis"), brokerProperties));
            report.note("PostgreSQL on 127.0.0.1:" + dbPort + " and Artemis on 127.0.0.1:" + brokerPort + " in " + secondsSince(t));

            t = System.nanoTime();
            int cli = script(home, "jboss-cli.sh", List.of("--file=" + cliScript,
                            "-Dinventory.war=" + war, "-Dpostgresql.jar=" + postgresqlJar))
                    .redirectErrorStream(true)
                    .redirectOutput(state.resolve("cli.log").toFile())
                    .start().waitFor();
            report.check("CLI script applied (embedded server, exit " + cli + ") in " + secondsSince(t), cli == 0,
                    "see " + state.resolve("cli.log"));
            if (cli != 0) {
                return summary();
            }

            t = System.nanoTime();
            ProcessBuilder boot = script(home, "standalone.sh", List.of("-c", "standalone-microprofile.xml",
                    "-Djboss.management.http.port=" + managementPort, "-Djboss.https.port=" + httpsPort))
                    .redirectErrorStream(true)
                    .redirectOutput(state.resolve("wildfly-console.log").toFile());
            boot.environment().putAll(env);
            // standalone.sh then passes SIGTERM on to the server JVM instead of leaving it behind
            boot.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
            server = boot.start();
            String serving = awaitServing(server, httpPort);
            report.check("WildFly up, WAR serving GET /inventory after " + secondsSince(t) + serving, serving != null,
                    "see " + home.resolve("standalone/log/server.log"));
            if (serving == null) {
                return summary();
            }
            String bootErrors = grep(home.resolve("standalone/log/server.log"), " ERROR ");
            report.check("no ERROR in server.log", bootErrors.isEmpty(), bootErrors);
            report.check("no HTTPS listener on :" + httpsPort + " (plain HTTP, as on Payara)", SmokeReport.free(httpsPort),
                    "something listens on " + httpsPort);

            saga(httpPort, brokerPort, dbPort);
            server = restartedWithoutDatabase(server, boot, httpPort, brokerPort, dbPort);
        } catch (Exception e) {
            report.check("smoke run", false, e.toString());
        } finally {
            if (server != null) {
                t = System.nanoTime();
                stop(server);
                report.note("WildFly stopped in " + secondsSince(t));
            }
            Collections.reverse(started);
            for (AutoCloseable part : started) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
            }
        }
        return summary();
    }

    /** Seed, then the saga's events over the broker, each answer checked against the contract. */
    private void saga(int httpPort, int brokerPort, int dbPort) throws Exception {
        String session = "wildfly-smoke-" + System.currentTimeMillis();
        String base = "http://127.0.0.1:" + httpPort;

        HttpResponse<String> ready = get(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"), null);
        report.check("GET :" + managementPort + "/health/ready is 200 (database and broker UP)",
                ready.statusCode() == 200 && ready.body().contains("\"database\":\"UP\"") && ready.body().contains("\"broker\":\"UP\""),
                ready.statusCode() + " " + ready.body());
        HttpResponse<String> live = get(URI.create("http://127.0.0.1:" + managementPort + "/health/live"), null);
        report.check("GET :" + managementPort + "/health/live is 200, the check for lost consumers on the broker's count",
                live.statusCode() == 200 && live.body().contains("\"the broker's count\""), live.statusCode() + " " + live.body());

        // no body and no Content-Type, as the README's curl and the front end send it
        HttpResponse<String> seeded = http.send(HttpRequest.newBuilder(URI.create(base + "/inventory/seed"))
                .header("x-session-id", session).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonArray products = seeded.statusCode() == 200 ? json(seeded.body()).asJsonObject().getJsonArray("products") : null;
        report.check("POST /inventory/seed (no body): 200, 7 products, 235 units", products != null && products.size() == 7
                        && products.stream().mapToInt(p -> p.asJsonObject().getInt("stock_level")).sum() == 235,
                seeded.statusCode() + " " + seeded.body());

        try (SagaBroker jms = SagaBroker.core(brokerPort)) {

            String first = session + "-order-1";
            long t = System.nanoTime();
            jms.publish(SagaMessages.orderCreated(session, first, "laptop", 1, "mouse", 2));
            Received reserved = receive(jms, first);
            JsonObject envelope = envelope(reserved);
            report.check("ORDER_CREATED -> INVENTORY_RESERVED in " + millisSince(t), reserved != null
                            && "INVENTORY_RESERVED".equals(reserved.type())
                            && "INVENTORY_RESERVED".equals(envelope.getString("type", ""))
                            && session.equals(reserved.sessionId())
                            && first.equals(reserved.groupId())
                            && ("saga-" + first).equals(reserved.correlationId())
                            && ("saga-" + first).equals(envelope.getString("correlationId", ""))
                            && envelope.getJsonObject("data").getJsonArray("items").size() == 2,
                    describe(reserved));

            JsonObject laptop = product(base, session, "laptop");
            JsonObject mouse = product(base, session, "mouse");
            report.check("GET /inventory shows the reservation (laptop 1 of 5, mouse 2 of 67, held by the order)",
                    laptop.getInt("reserved") == 1 && laptop.getInt("available") == 4
                            && mouse.getInt("reserved") == 2 && "RESERVING".equals(laptop.getString("reservationStatus"))
                            && laptop.getJsonArray("reservations").size() == 1
                            && first.equals(laptop.getJsonArray("reservations").getJsonObject(0).getString("orderId")),
                    laptop + " " + mouse);

            jms.publish(SagaMessages.paymentSuccess(session, first));
            JsonObject paid = awaitProduct(base, session, "laptop", p -> p.getInt("stock_level") == 4);
            report.check("PAYMENT_SUCCESS: laptop stock 5 -> 4, nothing reserved", paid != null && paid.getInt("reserved") == 0,
                    String.valueOf(paid));

            String second = session + "-order-2";
            jms.publish(SagaMessages.orderCreated(session, second, "keyboard", 3));
            Received reservedSecond = receive(jms, second);
            jms.publish(SagaMessages.paymentFailed(session, second, "card declined"));
            Received released = receive(jms, second);
            report.check("ORDER_CREATED + PAYMENT_FAILED -> INVENTORY_RESERVED, INVENTORY_RELEASED",
                    type(reservedSecond).equals("INVENTORY_RESERVED") && type(released).equals("INVENTORY_RELEASED")
                            && product(base, session, "keyboard").getInt("reserved") == 0,
                    describe(reservedSecond) + " / " + describe(released));

            String third = session + "-order-3";
            // the keyboard sorts before the laptop: covered, and left as it was (version, update time) when the laptops are short
            JsonObject keyboardBefore = product(base, session, "keyboard");
            jms.publish(SagaMessages.orderCreated(session, third, "keyboard", 1, "laptop", 9));
            Received refused = receive(jms, third);
            report.check("ORDER_CREATED for a keyboard and 9 laptops -> INVENTORY_FAILED (insufficient stock), the keyboard untouched",
                    type(refused).equals("INVENTORY_FAILED")
                            && envelope(refused).getJsonObject("data").getString("reason", "").startsWith("Insufficient stock")
                            && keyboardBefore.equals(product(base, session, "keyboard")),
                    describe(refused) + " " + product(base, session, "keyboard"));

            HttpResponse<String> stats = get(URI.create(base + "/inventory/stats"), session);
            JsonObject reservations = json(stats.body()).asJsonObject().getJsonObject("reservations");
            report.check("GET /inventory/stats: 1 confirmed, 1 released, 0 pending",
                    reservations.getInt("confirmed_reservations") == 1 && reservations.getInt("released_reservations") == 1
                            && reservations.getInt("pending_reservations") == 0,
                    stats.body());

            // the outbox's batch query on Hibernate: an event waiting in it goes out with the next expiry round (15 s)
            String waiting = session + "-outbox";
            new Rows(dbPort).waitingInOutbox(waiting, ("{\"type\":\"INVENTORY_RELEASED\",\"correlationId\":\"o1\",\"sessionId\":\"%s\","
                    + "\"timestamp\":\"2026-12-06T00:00:00.000Z\",\"data\":{\"orderId\":\"o1\",\"items\":[],\"reason\":\"expired\"}}")
                    .formatted(waiting));
            List<Received> sent = jms.receive(waiting, 1, 40_000);
            report.check("an event waiting in the outbox is sent by the next expiry round", sent.size() == 1, sent.toString());

            long deadLetters = jms.messageCount(SagaBroker.DEAD_LETTERS);
            report.check("nothing dead-lettered", deadLetters == 0, deadLetters + " message(s) on DLQ");

            // the MDB's sessions: maxSession comes from WEB-INF/jboss-ejb3.xml (INVENTORY_CONSUMERS)
            int consumers = jms.consumerCount(SagaBroker.INCOMING);
            report.check("Artemis sees " + consumers + " consumers on order-events (INVENTORY_CONSUMERS="
                            + env.get("INVENTORY_CONSUMERS") + ")",
                    String.valueOf(consumers).equals(env.get("INVENTORY_CONSUMERS")), "expected " + env.get("INVENTORY_CONSUMERS"));
        }

        HttpResponse<String> reset = http.send(HttpRequest.newBuilder(URI.create(base + "/inventory/reset"))
                .header("x-session-id", session).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject afterReset = json(get(URI.create(base + "/inventory/stats"), session).body()).asJsonObject();
        report.check("POST /inventory/reset: demo catalogue again, no reservations", reset.statusCode() == 200
                        && afterReset.getJsonObject("products").getInt("total_stock") == 235
                        && afterReset.getJsonObject("reservations").getInt("total_reservations") == 0,
                reset.statusCode() + " " + afterReset);

        // a seed of stock levels alone: Hibernate binds the missing name as EclipseLink does
        HttpResponse<String> levels = http.send(HttpRequest.newBuilder(URI.create(base + "/inventory/seed"))
                .header("x-session-id", session).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"products\":[{\"id\":\"laptop\",\"stock_level\":9},"
                        + "{\"id\":\"gadget\",\"stock_level\":1}]}")).build(), HttpResponse.BodyHandlers.ofString());
        JsonArray leveled = levels.statusCode() == 200 ? json(levels.body()).asJsonObject().getJsonArray("products") : null;
        report.check("POST /inventory/seed of stock levels alone: laptop keeps its name, a new gadget is named by its id",
                leveled != null && "Laptop".equals(Api.product(leveled, "laptop").getString("name"))
                        && Api.product(leveled, "laptop").getInt("stock_level") == 9
                        && "gadget".equals(Api.product(leveled, "gadget").getString("name")),
                levels.statusCode() + " " + levels.body());
        // {}, as many clients send for a POST without data: no catalogue of its own, the demo's
        HttpResponse<String> empty = http.send(HttpRequest.newBuilder(URI.create(base + "/inventory/reset"))
                .header("x-session-id", session).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        report.check("POST /inventory/reset with {}: the demo catalogue, 7 products",
                empty.statusCode() == 200 && json(empty.body()).asJsonObject().getJsonArray("products").size() == 7,
                empty.statusCode() + " " + empty.body());

        // bad bodies as RESTEasy binds and validates them, and a Content-Type it cannot parse: the same 400s, JSON errors
        // and untouched stock as on Payara
        List<String> refusedAsTheyShould = new ArrayList<>();
        String valid = "{\"products\":[{\"id\":\"laptop\",\"name\":\"L\",\"stock_level\":1}]}";
        for (String[] typeAndBody : List.of(
                new String[]{"application/json", "{\"products\":[{\"id\":\"laptop\",\"name\":\"L\",\"stock_level\":\"500\"}]}"},
                new String[]{"application/json", "null"},
                new String[]{"application/json", valid.replace("]}", ",{\"id\":\"laptop\",\"name\":\"L\",\"stock_level\":2}]}")},
                new String[]{"application/json", "{\"products\":[{\"id\":\"mouse\",\"name\":\"M\",\"stock_level\":1},"
                        + "{\"id\":\"laptop\",\"name\":\"L\",\"stock_level\":-1}]}"},
                new String[]{"json", valid},
                new String[]{"application/json", "{\"products\":{\"id\":\"laptop\",\"name\":\"L\",\"stock_level\":1}}"})) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/inventory/reset"))
                    .header("x-session-id", session).header("content-type", typeAndBody[0])
                    .POST(HttpRequest.BodyPublishers.ofString(typeAndBody[1])).build(), HttpResponse.BodyHandlers.ofString());
            refusedAsTheyShould.add(refused.statusCode() + " " + refused.body());
        }
        JsonObject afterRefusals = json(get(URI.create(base + "/inventory/stats"), session).body()).asJsonObject();
        report.check("bad seed bodies: 400 with a JSON error each, stock untouched",
                refusedAsTheyShould.stream().allMatch(reply -> reply.startsWith("400 {\"error\":"))
                        && refusedAsTheyShould.get(3).contains("products[1].stock_level")
                        && refusedAsTheyShould.get(5).contains("products must be an array, not an object")
                        && afterRefusals.getJsonObject("products").getInt("total_stock") == 235,
                refusedAsTheyShould + " " + afterRefusals);
        long stalledSince = System.nanoTime();
        Api.RawReply stalled = new Api(URI.create(base)).postThatStopsSending("/inventory/seed", session);
        long stalledMillis = (System.nanoTime() - stalledSince) / 1_000_000;
        // Undertow closes the connection without an answer where Payara answers 400; either frees the worker
        report.check("a body that stops coming: given up within 9 s (the connection closed), its worker freed",
                (stalled.status() == 0 || stalled.status() == 400) && stalledMillis < 9_000,
                stalled.status() + " after " + stalledMillis + " ms: " + stalled.body());
        HttpResponse<String> unknown = get(URI.create(base + "/inventory/nothing"), session);
        report.check("GET /inventory/nothing: 404 naming the path, as on Payara",
                unknown.statusCode() == 404 && unknown.body().equals("{\"error\":\"no such path: /inventory/nothing\"}"),
                unknown.statusCode() + " " + unknown.body());
    }

    /**
     * WildFly stopped, then PostgreSQL, an order published, WildFly started again and PostgreSQL only once the schema's
     * migration says it waits for it (a container restarted while the database is away): the deployment waits instead of
     * failing, serves once PostgreSQL is back, and answers the order that waited.
     *
     * @return the server now running
     */
    private Process restartedWithoutDatabase(Process server, ProcessBuilder boot, int httpPort, int brokerPort, int dbPort)
            throws Exception {
        String session = "wildfly-smoke-late-db-" + System.currentTimeMillis();
        HttpResponse<String> seeded = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/inventory/seed"))
                .header("x-session-id", session).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        report.check("POST /inventory/seed before the restart: 200", seeded.statusCode() == 200, seeded.statusCode() + " " + seeded.body());
        stop(server);
        database.close();
        Path log = state.resolve("wildfly/standalone/log/server.log");
        long waitsBefore = migrationWaits(log);
        try (SagaBroker jms = SagaBroker.core(brokerPort)) {
            String order = session + "-order";
            jms.publish(SagaMessages.orderCreated(session, order, "laptop", 1));
            long t = System.nanoTime();
            Process restarted = boot.start();
            try {
                long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
                while (migrationWaits(log) == waitsBefore && restarted.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                report.check("WildFly started while PostgreSQL was down: the schema's migration waits for it ("
                        + secondsSince(t) + " after the start)", migrationWaits(log) > waitsBefore, "see " + log);
                database = EmbeddedDatabase.start(dbPort, state.resolve("postgres"));
                long back = System.nanoTime();
                String serving = awaitServing(restarted, httpPort);
                report.check("... and serves " + secondsSince(back) + " after PostgreSQL came back", serving != null, "see " + log);
                Received answer = receive(jms, order);
                report.check("the order that waited meanwhile -> INVENTORY_RESERVED", type(answer).equals("INVENTORY_RESERVED"),
                        describe(answer));
                return restarted;
            } catch (Exception | Error failure) {
                stop(restarted);
                throw failure;
            }
        }
    }

    /** How often the server's log says the schema's migration waits for the database (DatabaseOutages). */
    private static long migrationWaits(Path log) throws IOException {
        return grep(log, "database unreachable: schema-migration waits for it").lines().count();
    }

    // --- processes

    /** A script of the distribution's bin/, run by the JDK running this build. */
    private ProcessBuilder script(Path home, String name, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve(name).toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(state.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JBOSS_HOME", home.toString());
        return builder;
    }

    /** Waits for GET /inventory to answer 200; returns WildFly's own start-up line, or null. */
    private String awaitServing(Process server, int httpPort) throws Exception {
        URI probe = URI.create("http://127.0.0.1:" + httpPort + "/inventory");
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                return null;
            }
            try {
                if (get(probe, "probe").statusCode() == 200) {
                    // the last start-up line: the CLI's embedded server wrote one to the same log before
                    String started = grep(state.resolve("wildfly/standalone/log/server.log"), "WFLYSRV0025");
                    started = started.substring(started.lastIndexOf('\n') + 1);
                    int in = started.indexOf("started in ");
                    return in < 0 ? "" : " (WildFly: " + started.substring(in, started.indexOf("ms", in) + 2) + ")";
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        return null;
    }

    /** SIGTERM to the server JVM and its launcher script; SIGKILL only if they hang. */
    private static void stop(Process launcher) throws InterruptedException {
        List<ProcessHandle> jvms = launcher.descendants().toList();
        jvms.forEach(ProcessHandle::destroy);
        launcher.destroy();
        for (ProcessHandle jvm : jvms) {
            try {
                jvm.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                jvm.destroyForcibly();
            }
        }
        if (!launcher.waitFor(10, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
        }
    }

    // --- JMS

    /** The service's next answer for the order, or null. */
    private static Received receive(SagaBroker jms, String orderId) {
        return jms.receive(SagaBroker.OUTGOING, "orderId = '" + orderId + "'", 1, EVENT_TIMEOUT.toMillis()).stream()
                .findFirst().orElse(null);
    }

    private static String type(Received message) {
        return message == null ? "nothing within " + EVENT_TIMEOUT.toSeconds() + " s" : message.type();
    }

    private static JsonObject envelope(Received message) {
        return message != null && message.body() != null ? message.envelope() : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static String describe(Received message) {
        return message != null && message.body() != null ? message.body() : type(message);
    }

    // --- HTTP

    private HttpResponse<String> get(URI uri, String session) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (session != null) {
            request.header("x-session-id", session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject product(String base, String session, String id) throws IOException, InterruptedException {
        return Api.product(json(get(URI.create(base + "/inventory"), session).body()), id);
    }

    private JsonObject awaitProduct(String base, String session, String id, java.util.function.Predicate<JsonObject> done)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        JsonObject product = product(base, session, id);
        while (!done.test(product) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            product = product(base, session, id);
        }
        return done.test(product) ? product : null;
    }

    private static JsonStructure json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.read();
        }
    }

    private boolean summary() {
        return report.summary("WildFly smoke run (" + dist.getFileName() + "), state and logs in " + state);
    }

    // --- small things

    private static String grep(Path log, String needle) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        try (Stream<String> lines = Files.lines(log)) {
            return String.join("\n", lines.filter(line -> line.contains(needle)).toList());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
