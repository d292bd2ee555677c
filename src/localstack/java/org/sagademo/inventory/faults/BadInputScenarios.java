package org.sagademo.inventory.faults;

import jakarta.jms.JMSException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.sagademo.inventory.clients.Api;
import org.sagademo.inventory.clients.BadRequest;
import org.sagademo.inventory.clients.PoisonMessage;
import org.sagademo.inventory.clients.SagaBroker;
import org.sagademo.inventory.clients.SagaMessages;
import org.sagademo.inventory.localstack.Poll;
import org.sagademo.inventory.localstack.ServiceStack;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/** Poison messages, malformed HTTP requests and many sessions at once: nothing breaks, nothing leaks. */
final class BadInputScenarios {

    private final ServiceStack stack;
    private final Api api;
    private final Traffic traffic;

    BadInputScenarios(ServiceStack stack, Traffic traffic) {
        this.stack = stack;
        this.api = new Api(stack.http(""));
        this.traffic = traffic;
    }

    FaultRow poisonMessages() {
        String session = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        if (api.post("/inventory/seed", session, null).status() != 200) {
            throw new IllegalStateException("the poison scenario's seed failed");
        }
        List<PoisonMessage> catalogue = PoisonMessage.all();
        for (int i = 0; i < catalogue.size(); i++) {
            traffic.publish(catalogue.get(i).in(session, session + "-" + i));
        }
        traffic.publish(SagaMessages.orderCreated(session, "good", "laptop", 1));
        boolean flowing = Poll.until(() -> traffic.answers(session, "good") > 0, 120_000);
        List<String> deadLetterCopies = deadLetterMarkers(session,
                (int) catalogue.stream().filter(poison -> poison.fate().deadLettered()).count());
        Set<String> deadLettered = new HashSet<>(deadLetterCopies);
        // an order's INVENTORY_FAILED is sent before its dead-letter copy, and may come after the good order's answer
        Poll.until(() -> catalogue.stream().filter(poison -> poison.fate().failed())
                .allMatch(poison -> traffic.answers(session, poison.orderId(), "INVENTORY_FAILED") > 0), 30_000);
        // a redelivery's second answer may come after the first: counted once every copy is handled and collected
        boolean drained = Poll.until(() -> traffic.serviceBacklog() == 0 && traffic.answersWaiting() == 0, 120_000);
        long lost = 0;
        long unanswered = 0;
        long duplicated = deadLetterCopies.size() - deadLettered.size() + Math.max(0, traffic.answers(session, "good") - 1);
        for (int i = 0; i < catalogue.size(); i++) {
            PoisonMessage poison = catalogue.get(i);
            boolean dead = deadLettered.contains(session + "-" + i);
            boolean failed = poison.orderId() != null && traffic.answers(session, poison.orderId(), "INVENTORY_FAILED") > 0;
            if (!dead && !failed) {
                lost++;
                System.err.println("poison neither dead-lettered nor answered: " + poison.name());
            }
            if (poison.fate().failed() && !failed) {
                unanswered++;
                System.err.println("poison naming an order not answered: " + poison.name());
            }
            if (poison.orderId() != null) {
                duplicated += Math.max(0, traffic.answers(session, poison.orderId()) - 1);
            }
        }
        int ready = api.send(HttpRequest.newBuilder(stack.http("/health/ready"))).status();
        List<String> unmet = new ArrayList<>();
        if (!flowing) {
            unmet.add("the good order after them not answered: the queue is blocked");
        } else if (traffic.answers(session, "good", "INVENTORY_RESERVED") == 0) {
            unmet.add("the good order after them answered, but not INVENTORY_RESERVED");
        }
        if (!drained) {
            unmet.add("copies still unhandled or answers uncollected after 120 s");
        }
        if (ready != 200) {
            unmet.add("/health/ready " + ready + " after them");
        }
        return new FaultRow(catalogue.size() + " poison messages", catalogue.size() + 1, traffic.total(session),
                lost + unanswered, duplicated, 0, 0, 0,
                deadLettered.size() + " dead-lettered, next good order " + (flowing ? "answered" : "NOT answered"), unmet);
    }

    /** A scraper asks before any event: Prometheus text, not the container's HTML "no such scope" page. */
    FaultRow metricsBeforeTheFirstEvent() {
        Api.Reply reply = new Api(stack.http("")).send(HttpRequest.newBuilder(stack.http("/metrics?scope=application")));
        String type = reply.response().headers().firstValue("content-type").orElse("none");
        boolean prometheus = reply.status() == 200 && type.startsWith("text/plain");
        return new FaultRow("metrics scraped before the first event", 1, 1, 0, 0, 0, 0, reply.status() >= 500 ? 1 : 0,
                "HTTP " + reply.status() + ", " + type, prometheus ? List.of() : List.of("a 200 in Prometheus text"));
    }

    FaultRow malformedHttp() {
        String session = "http-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/inventory/seed", session, null);
        String before = api.get("/inventory", session).body();
        Map<String, Refusal> refusals = new LinkedHashMap<>();
        for (BadRequest request : BadRequest.all()) {
            refusals.put(request.name(), new Refusal(api.raw(request.in(session)), request.status(), request.refusedByTheContainer()));
        }
        for (String header : BadRequest.MALFORMED_SESSIONS) {
            refusals.put("GET with session \"" + header + "\"", Refusal.of(api.get("/inventory", header)));
            refusals.put("seed with session \"" + header + "\"", Refusal.of(api.post("/inventory/seed", header, null)));
        }
        for (String body : BadRequest.BAD_SEED_BODIES) {
            refusals.put("seed " + body, Refusal.of(api.post("/inventory/seed", session, body)));
            refusals.put("reset " + body, Refusal.of(api.post("/inventory/reset", session, body)));
        }
        long serverErrors = 0;
        long wrongStatus = 0;
        List<String> notJson = new ArrayList<>();
        List<String> unexplained = new ArrayList<>();
        for (Map.Entry<String, Refusal> refusal : refusals.entrySet()) {
            Api.RawReply reply = refusal.getValue().reply();
            if (reply.status() >= 500) {
                serverErrors++;
            }
            if (!refusal.getValue().statusAsExpected()) {
                wrongStatus++;
                System.err.println(refusal.getKey() + " answered " + reply.status() + ", not " + refusal.getValue().expected());
            } else if (!reply.isJsonError()) {
                notJson.add(refusal.getKey());
                if (!refusal.getValue().byTheContainer()) {
                    unexplained.add(refusal.getKey());
                }
            }
        }
        List<String> unmet = new ArrayList<>();
        if (wrongStatus > 0) {
            unmet.add(wrongStatus + " answered with another status than theirs");
        }
        if (!before.equals(api.get("/inventory", session).body())) {
            unmet.add("the session's inventory changed");
        }
        if (!unexplained.isEmpty()) {
            unmet.add("4xx without a JSON error from the service: " + unexplained);
        }
        return new FaultRow(refusals.size() + " malformed HTTP requests", refusals.size(), refusals.size(),
                0, 0, 0, 0, serverErrors,
                notJson.isEmpty() ? "every answer a 4xx with a JSON error" : "4xx without JSON body: " + notJson, unmet);
    }

    /** What a bad request got, the status the service answers it with, and whether the container answers it first. */
    private record Refusal(Api.RawReply reply, int expected, boolean byTheContainer) {
        static Refusal of(Api.Reply reply) {
            return new Refusal(new Api.RawReply(reply.status(), reply.header("content-type"),
                    reply.header("access-control-allow-origin"), reply.body()), 400, false);
        }

        /** The service's own status; where the container answers first, a 4xx of its own. */
        boolean statusAsExpected() {
            return byTheContainer ? reply.isClientError() : reply.status() == expected;
        }
    }

    /** Random orders and reads over many sessions: every answer and event belongs to its own session. */
    FaultRow sessionIsolation(int sessions, int operations) throws Exception {
        String run = "iso-" + UUID.randomUUID().toString().substring(0, 6);
        for (int k = 0; k < sessions; k++) {
            api.post("/inventory/reset", run + "-" + k, Api.catalogue(3, 1000 + k));
        }
        Random random = new Random(11);
        long leaks = 0;
        int orders = 0;
        for (int n = 0; n < operations; n++) {
            int k = random.nextInt(sessions);
            String session = run + "-" + k;
            switch (random.nextInt(3)) {
                case 0 -> {
                    traffic.publish(SagaMessages.orderCreated(session, session + "-o" + n, "p" + random.nextInt(3), 1));
                    orders++;
                }
                case 1 -> leaks += foreignProducts(session, 1000 + k);
                default -> leaks += foreignStats(session, 1000 + k);
            }
        }
        int expected = orders;
        Poll.until(() -> traffic.answered(run) >= expected, 120_000);
        for (int k = 0; k < sessions; k++) {
            leaks += foreignProducts(run + "-" + k, 1000 + k);
        }
        long foreignEvents = traffic.answersOf(run).stream()
                .filter(a -> !a.orderId().startsWith(a.sessionId() + "-")
                        || !a.sessionId().equals(a.envelope().getString("sessionId")))
                .count();
        return new FaultRow(sessions + " sessions, " + operations + " random operations", operations,
                traffic.total(run), expected - traffic.answered(run), 0, 0, leaks + foreignEvents, 0,
                "foreign rows or events seen: " + (leaks + foreignEvents));
    }

    /** Products or reservations in the answer that are not this session's. */
    private long foreignProducts(String session, int stock) {
        long foreign = 0;
        for (JsonValue value : api.get("/inventory", session).json().asJsonArray()) {
            JsonObject product = value.asJsonObject();
            if (product.getInt("stock_level") != stock) {
                foreign++;
            }
            foreign += product.getJsonArray("reservations").getValuesAs(JsonObject.class).stream()
                    .filter(r -> !r.getString("orderId").startsWith(session + "-")).count();
        }
        return foreign;
    }

    private long foreignStats(String session, int stock) {
        JsonObject products = api.get("/inventory/stats", session).json().asJsonObject().getJsonObject("products");
        return products.getInt("total_stock") == 3 * stock ? 0 : 1;
    }

    /** The marker of each of the session's copies on the dead-letter queue, once {@code expected} are there or a minute has passed. */
    private List<String> deadLetterMarkers(String session, int expected) {
        List<String> markers = new ArrayList<>();
        String selector = PoisonMessage.MARKER + " LIKE '" + session + "-%'";
        try (SagaBroker broker = SagaBroker.core(stack.ports.broker())) {
            List<SagaBroker.Received> copies = new ArrayList<>(broker.receive(SagaBroker.DEAD_LETTERS, selector, expected, 60_000));
            copies.addAll(broker.receiveNow(SagaBroker.DEAD_LETTERS, selector)); // a second copy of one: a duplicate
            for (SagaBroker.Received message : copies) {
                markers.add(message.message().getStringProperty(PoisonMessage.MARKER));
            }
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
        return markers;
    }
}
