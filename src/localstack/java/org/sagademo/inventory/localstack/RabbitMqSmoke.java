package org.sagademo.inventory.localstack;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.sagademo.inventory.clients.Api;
import org.sagademo.inventory.clients.SagaBroker;
import org.sagademo.inventory.clients.SagaMessages;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.sagademo.inventory.localstack.SmokeReport.millisSince;
import static org.sagademo.inventory.localstack.SmokeReport.secondsSince;

/**
 * The RabbitMQ smoke run ({@code server-config/rabbitmq/smoke}): the service (Payara Micro, PostgreSQL and
 * its Artemis with {@code artemis-diverts.properties}) joined to a private RabbitMQ node exactly as
 * {@code server-config/rabbitmq/README.md} tells the operators, then the original saga's order and payment
 * services played over AMQP 0-9-1: persistent messages without content type or message id to the
 * original exchanges and routing keys, answers read from a queue bound to inventory-exchange. Prints one
 * line per check and exits 1 unless every check passed. Everything it starts, it stops.
 */
public final class RabbitMqSmoke {

    private static final ServiceStack.Ports PORTS = new ServiceStack.Ports(4102, 4103, 15832, 62016);
    private static final int AMQP_PORT = 5772;
    private static final int DIST_PORT = 25772;
    private static final int EPMD_PORT = 14369;
    private static final long EVENT_TIMEOUT_MS = 60_000;
    /** After the last expected answer: long enough for a duplicate to show up behind it. */
    private static final long QUIET_MS = 5_000;
    private static final int ORDERS = 30;
    private static final int PAID = 12;
    private static final List<String> ARTEMIS_QUEUES = List.of("order-events", "inventory-events",
            "inventory-events-reserved", "inventory-events-failed", "inventory-events-released", "DLQ");

    /** One message read from inventory-exchange. */
    private record Answer(String routingKey, AMQP.BasicProperties properties, String body, JsonObject envelope) {
        String type() {
            return envelope == null ? "unparseable" : envelope.getString("type", "none");
        }

        String orderId() {
            return envelope == null ? body : envelope.getJsonObject("data").getString("orderId", "none");
        }
    }

    private final Path state = Path.of(System.getProperty("inventory.stateDir"));
    private final Path config = Path.of(System.getProperty("inventory.rabbitmqConfigDir"));
    private final SmokeReport report = new SmokeReport("rabbitmq-smoke");
    private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    private String rabbitVersion = "not started";

    public static void main(String[] args) throws Exception {
        System.exit(new RabbitMqSmoke().run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        if (!"root".equals(System.getProperty("user.name")) || !RabbitMqNode.installed()) {
            throw new IllegalStateException("needs root and Debian's rabbitmq-server (server-config/rabbitmq/smoke installs it)");
        }
        for (int port : List.of(PORTS.http(), PORTS.db(), PORTS.broker(), AMQP_PORT, DIST_PORT, EPMD_PORT)) {
            if (!SmokeReport.free(port)) {
                throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use");
            }
        }
        StateDirectory.clear(state);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            long t = System.nanoTime();
            // the node boots while the service does
            RabbitMqNode node = RabbitMqNode.launch(state.resolve("rabbitmq"), AMQP_PORT, DIST_PORT, EPMD_PORT);
            started.add(node);
            ServiceStack stack = ServiceStack.start(PORTS, 4, state.resolve("service"),
                    Path.of(System.getProperty("inventory.payaraDir")), Path.of(System.getProperty("inventory.serverConfigDir")),
                    config.resolve("artemis-diverts.properties"));
            // stopped after the node, so that no shovel sees Artemis go away
            started.add(0, stack);
            report.note("PostgreSQL, Artemis (with artemis-diverts.properties) and Payara Micro serving in " + secondsSince(t));
            node.awaitRunning();
            rabbitVersion = node.ctl("version").trim();
            report.note("RabbitMQ " + rabbitVersion + " node up (AMQP 127.0.0.1:" + AMQP_PORT + ") " + secondsSince(t) + " after launch");

            t = System.nanoTime();
            node.run(List.of(RabbitMqNode.CTL.toString(), "import_definitions"), config.resolve("topology.json"), Map.of());
            node.run(List.of(config.resolve("join-inventory-service").toString()), null, Map.of(
                    "RABBITMQCTL", RabbitMqNode.CTL.toString(),
                    "INVENTORY_AMQP_URI", "amqp://" + SagaBroker.USER + ":" + SagaBroker.PASSWORD + "@127.0.0.1:" + PORTS.broker()));
            boolean running = Poll.until(() -> shovelsRunning(node), EVENT_TIMEOUT_MS);
            report.check("topology.json imported, join-inventory-service run: 4 shovels running in " + secondsSince(t),
                    running, shovelStatus(node));
            if (running) {
                saga(node, new Api(stack.http("/")));
            }
        } catch (Exception e) {
            report.check("smoke run", false, e.toString());
        } finally {
            Collections.reverse(started);
            for (AutoCloseable part : started) {
                long t = System.nanoTime();
                try {
                    part.close();
                    report.note(part.getClass().getSimpleName() + " stopped in " + secondsSince(t));
                } catch (Exception e) {
                    report.check("stopping " + part.getClass().getSimpleName(), false, e.toString());
                }
            }
        }
        return report.summary("RabbitMQ smoke run (RabbitMQ " + rabbitVersion
                + " with its shovel plugin, Artemis 2.50.0), state and logs in " + state);
    }

    /** Seed over HTTP, then the original saga's traffic over RabbitMQ, each answer checked. */
    private void saga(RabbitMqNode node, Api api) throws Exception {
        String session = "rabbitmq-smoke-" + System.currentTimeMillis();
        Api.Reply seeded = api.post("/inventory/seed", session, null);
        report.check("POST /inventory/seed: 200", seeded.status() == 200, seeded.status() + " " + seeded.body());

        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(AMQP_PORT);
        try (com.rabbitmq.client.Connection rabbit = factory.newConnection("rabbitmq-smoke");
             Channel channel = rabbit.createChannel()) {
            channel.confirmSelect();
            String answerQueue = channel.queueDeclare().getQueue();
            channel.queueBind(answerQueue, "inventory-exchange", "inventory.*");
            channel.basicConsume(answerQueue, true, (tag, delivery) -> answers.add(answer(delivery.getEnvelope().getRoutingKey(),
                    delivery.getProperties(), delivery.getBody())), tag -> { });

            // every third order asks for 9 of the 5 laptops; the others fit: 20 x (2 mice, 1 keyboard)
            List<String> orders = IntStream.rangeClosed(1, ORDERS).mapToObj(i -> session + "-order-" + i).toList();
            List<String> fitting = orders.stream().filter(o -> !refused(o)).toList();
            long t = System.nanoTime();
            for (String order : orders) {
                publish(channel, "order-exchange", "order.created", refused(order)
                        ? SagaMessages.orderCreated(session, order, "laptop", 9)
                        : SagaMessages.orderCreated(session, order, "mouse", 2, "keyboard", 1));
            }
            Poll.until(() -> answers.size() >= ORDERS, EVENT_TIMEOUT_MS);
            report.check(ORDERS + " ORDER_CREATED -> " + ORDERS + " answers in " + millisSince(t), answers.size() == ORDERS,
                    answers.size() + " answers");
            Map<String, List<String>> byOrder = typesByOrder();
            report.check("each order answered once: " + fitting.size() + " INVENTORY_RESERVED, "
                            + (ORDERS - fitting.size()) + " INVENTORY_FAILED (insufficient stock)",
                    orders.stream().allMatch(o -> byOrder.getOrDefault(o, List.of())
                            .equals(List.of(refused(o) ? "INVENTORY_FAILED" : "INVENTORY_RESERVED")))
                            && answersOf("INVENTORY_FAILED").stream().allMatch(a -> a.envelope().getJsonObject("data")
                            .getString("reason", "").startsWith("Insufficient stock")),
                    byOrder.toString());
            checkProducts(api, session, "GET /inventory: mouse 40 of 67 and keyboard 20 of 21 reserved, laptop none",
                    Map.of("mouse", new int[]{67, 40}, "keyboard", new int[]{21, 20}, "laptop", new int[]{5, 0}));

            t = System.nanoTime();
            List<String> paid = fitting.subList(0, PAID);
            List<String> declined = fitting.subList(PAID, fitting.size());
            for (String order : paid) {
                publish(channel, "payment-exchange", "payment.success", SagaMessages.paymentSuccess(session, order));
            }
            for (String order : declined) {
                publish(channel, "payment-exchange", "payment.failed", SagaMessages.paymentFailed(session, order, "card declined"));
            }
            int expected = ORDERS + declined.size();
            Poll.until(() -> answers.size() >= expected, EVENT_TIMEOUT_MS);
            Map<String, List<String>> afterPayments = typesByOrder();
            report.check(declined.size() + " PAYMENT_FAILED -> " + declined.size() + " INVENTORY_RELEASED in " + millisSince(t)
                            + ", none for the " + paid.size() + " PAYMENT_SUCCESS",
                    answers.size() == expected
                            && declined.stream().allMatch(o -> List.of("INVENTORY_RESERVED", "INVENTORY_RELEASED").equals(afterPayments.get(o)))
                            && paid.stream().allMatch(o -> List.of("INVENTORY_RESERVED").equals(afterPayments.get(o))),
                    afterPayments.toString());
            checkProducts(api, session, "GET /inventory after payments: mouse 67 -> 43, keyboard 21 -> 9, nothing reserved",
                    Map.of("mouse", new int[]{43, 0}, "keyboard", new int[]{9, 0}, "laptop", new int[]{5, 0}));
            JsonObject reservations = api.get("/inventory/stats", session).json().asJsonObject().getJsonObject("reservations");
            report.check("GET /inventory/stats: " + paid.size() + " confirmed, " + declined.size() + " released, 0 pending",
                    reservations.getInt("confirmed_reservations") == paid.size()
                            && reservations.getInt("released_reservations") == declined.size()
                            && reservations.getInt("pending_reservations") == 0, reservations.toString());

            Thread.sleep(QUIET_MS);
            report.check("no further answer within " + QUIET_MS / 1000 + " s: " + answers.size() + " in all",
                    answers.size() == expected, typesByOrder().toString());
            List<Answer> all = List.copyOf(answers);
            report.check("routing key = type (inventory.reserved, .failed, .released) for every answer",
                    all.stream().allMatch(a -> a.routingKey().equals("inventory." + a.type().replace("INVENTORY_", "").toLowerCase())),
                    all.stream().map(a -> a.routingKey() + "=" + a.type()).distinct().toList().toString());
            report.check("bodies are the bare JSON envelope (session and correlation id of the order), persistent, "
                            + "no content type, no message id",
                    all.stream().allMatch(a -> a.envelope() != null && session.equals(a.envelope().getString("sessionId", ""))
                            && ("saga-" + a.orderId()).equals(a.envelope().getString("correlationId", ""))
                            && Integer.valueOf(2).equals(a.properties().getDeliveryMode())
                            && a.properties().getContentType() == null && a.properties().getMessageId() == null),
                    all.stream().filter(a -> a.envelope() == null).map(Answer::body).findFirst().orElse(all.toString()));

            String[] left = new String[1];
            boolean rabbitEmpty = Poll.until(() -> (left[0] = rabbitQueues(node)).matches("(\\S+=0 ?)*"), 10_000);
            report.check("nothing left on RabbitMQ's queues (" + left[0] + ")", rabbitEmpty, left[0]);
        }
        String[] left = new String[1];
        boolean artemisEmpty = Poll.until(() -> (left[0] = artemisQueues()).matches("(\\S+=0 ?)*"), 10_000);
        report.check("nothing left on Artemis' queues (" + left[0] + ")", artemisEmpty, left[0]);
        report.check("4 shovels still running", shovelsRunning(node), shovelStatus(node));
    }

    private static boolean refused(String order) {
        return Integer.parseInt(order.substring(order.lastIndexOf('-') + 1)) % 3 == 0;
    }

    /** As the original services publish: persistent, no content type, no message id. */
    private static void publish(Channel channel, String exchange, String routingKey, String json) throws Exception {
        channel.basicPublish(exchange, routingKey, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                json.getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(10_000);
    }

    private static Answer answer(String routingKey, AMQP.BasicProperties properties, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try (var reader = Json.createReader(new StringReader(text))) {
            return new Answer(routingKey, properties, text, reader.readObject());
        } catch (RuntimeException e) {
            return new Answer(routingKey, properties, text, null);
        }
    }

    private Map<String, List<String>> typesByOrder() {
        synchronized (answers) {
            return answers.stream().collect(Collectors.groupingBy(Answer::orderId, LinkedHashMap::new,
                    Collectors.mapping(Answer::type, Collectors.toList())));
        }
    }

    private List<Answer> answersOf(String type) {
        synchronized (answers) {
            return answers.stream().filter(a -> a.type().equals(type)).toList();
        }
    }

    /** @param expected product id -> {stock_level, reserved} */
    private void checkProducts(Api api, String session, String what, Map<String, int[]> expected) {
        String[] seen = new String[1];
        boolean ok = Poll.until(() -> {
            Map<String, JsonObject> products = api.get("/inventory", session).json().asJsonArray().stream()
                    .map(JsonValue::asJsonObject).collect(Collectors.toMap(p -> p.getString("id"), p -> p));
            seen[0] = expected.keySet().stream().map(id -> id + " " + products.get(id).getInt("stock_level") + "/"
                    + products.get(id).getInt("reserved")).collect(Collectors.joining(", "));
            return expected.entrySet().stream().allMatch(e -> products.get(e.getKey()).getInt("stock_level") == e.getValue()[0]
                    && products.get(e.getKey()).getInt("reserved") == e.getValue()[1]);
        }, EVENT_TIMEOUT_MS);
        report.check(what, ok, "stock/reserved: " + seen[0]);
    }

    // --- the brokers' own view

    private static boolean shovelsRunning(RabbitMqNode node) {
        String status = shovelStatus(node);
        return Json.createReader(new StringReader(status.startsWith("[") ? status : "[]")).readArray().stream()
                .filter(s -> "running".equals(s.asJsonObject().getString("state"))).count() == 4;
    }

    private static String shovelStatus(RabbitMqNode node) {
        try {
            return node.ctl("shovel_status", "--formatter", "json").trim();
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** "name=messages ..." for every queue of the node. */
    private static String rabbitQueues(RabbitMqNode node) {
        try {
            return Json.createReader(new StringReader(node.ctl("list_queues", "name", "messages", "--formatter", "json")))
                    .readArray().stream().map(JsonValue::asJsonObject)
                    .map(q -> q.getString("name") + "=" + q.get("messages"))
                    .collect(Collectors.joining(" "));
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** "name=messages ..." for the service's queues, from Artemis' management (scheduled and in-delivery included). */
    private static String artemisQueues() {
        try (SagaBroker broker = SagaBroker.core(PORTS.broker())) {
            return ARTEMIS_QUEUES.stream().map(queue -> queue + "=" + broker.messageCount(queue)).collect(Collectors.joining(" "));
        } catch (Exception e) {
            return e.toString();
        }
    }
}
