package org.sagademo.inventory.faults;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.sagademo.inventory.clients.Api;
import org.sagademo.inventory.clients.SagaBroker;
import org.sagademo.inventory.clients.SagaMessages;
import org.sagademo.inventory.localstack.ServiceStack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
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

    /**
     * Refused with a bodiless 400 before the service sees them, and no setting changes that without undoing a
     * security fix (faults/README.md, "Bad input the container answers itself"); every other one must get the
     * service's JSON error.
     */
    private static final Set<String> REFUSED_BY_THE_CONTAINER = Set.of("session non-ASCII", "encoded traversal");

    private final ServiceStack stack;
    private final Api api;
    private final Traffic traffic;

    BadInputScenarios(ServiceStack stack, Traffic traffic) {
        this.stack = stack;
        this.api = new Api(stack.http(""));
        this.traffic = traffic;
    }

    /** A poison message and what the contract says becomes of it. */
    private record Poison(String name, SagaBroker.MessageFactory message, boolean answered) {
    }

    FaultRow poisonMessages() throws Exception {
        String session = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/inventory/seed", session, null);
        List<Poison> catalogue = poisonCatalogue(session);
        for (int i = 0; i < catalogue.size(); i++) {
            String marker = session + "-" + i;
            SagaBroker.MessageFactory factory = catalogue.get(i).message();
            traffic.publish(s -> {
                Message message = factory.create(s);
                message.setStringProperty("marker", marker);
                return message;
            });
        }
        traffic.publish(SagaMessages.orderCreated(session, "good", "laptop", 1));
        boolean flowing = Traffic.await(() -> traffic.answers(session, "good") > 0, 120_000);
        Set<String> deadLettered = deadLetterMarkers(session, catalogue.size());
        long lost = 0;
        long unanswered = 0;
        for (int i = 0; i < catalogue.size(); i++) {
            Poison poison = catalogue.get(i);
            boolean dead = deadLettered.contains(session + "-" + i);
            boolean failed = traffic.answers(session, "x" + i, "INVENTORY_FAILED") > 0;
            if (!dead && !failed) {
                lost++;
                System.err.println("poison neither dead-lettered nor answered: " + poison.name());
            }
            if (poison.answered() && !failed) {
                unanswered++;
                System.err.println("poison naming an order not answered: " + poison.name());
            }
        }
        int ready = api.send(HttpRequest.newBuilder(stack.http("/health/ready"))).status();
        return new FaultRow(catalogue.size() + " poison messages", catalogue.size() + 1, traffic.total(session),
                lost + unanswered + (flowing ? 0 : 1), 0, 0, 0, ready == 200 ? 0 : 1,
                deadLettered.size() + " dead-lettered, next good order " + (flowing ? "answered" : "NOT answered"));
    }

    private static List<Poison> poisonCatalogue(String session) {
        List<Poison> poisons = new ArrayList<>();
        text(poisons, "invalid JSON", "{not json", false);
        text(poisons, "empty body", "", false);
        poisons.add(new Poison("text message without text", s -> s.createTextMessage(), false));
        text(poisons, "JSON array", "[]", false);
        text(poisons, "JSON number", "42", false);
        text(poisons, "no type", envelope(null, session, order(session, 0)), false);
        text(poisons, "unknown type", envelope("SHIP_IT", session, order(session, 1)), false);
        text(poisons, "an outgoing type", envelope("INVENTORY_RESERVED", session, order(session, 2)), false);
        text(poisons, "no data", "{\"type\":\"ORDER_CREATED\",\"sessionId\":\"" + session + "\"}", false);
        text(poisons, "data not an object", "{\"type\":\"ORDER_CREATED\",\"sessionId\":\"" + session + "\",\"data\":\"x\"}", false);
        text(poisons, "no order id", envelope("ORDER_CREATED", session, Json.createObjectBuilder().add("items", Json.createArrayBuilder()).build()), false);
        text(poisons, "order id a number", envelope("PAYMENT_SUCCESS", session, Json.createObjectBuilder().add("orderId", 11).build()), false);
        text(poisons, "no session", envelope("ORDER_CREATED", null, order(session, 12)), false);
        text(poisons, "malformed session", envelope("ORDER_CREATED", "bad session!", order(session, 13)), false);
        text(poisons, "overlong session", envelope("ORDER_CREATED", "s".repeat(300), order(session, 14)), false);
        text(poisons, "wrong session in data", envelope("ORDER_CREATED", session, withField(order(session, 15), "sessionId", "someone-else")), true);
        text(poisons, "items not an array", envelope("ORDER_CREATED", session, withField(order(session, 16), "items", "laptop")), true);
        text(poisons, "quantity a string", envelope("ORDER_CREATED", session, items(session, 17, "{\"product\":\"laptop\",\"quantity\":\"1\"}")), true);
        text(poisons, "quantity fractional", envelope("ORDER_CREATED", session, items(session, 18, "{\"product\":\"laptop\",\"quantity\":0.5}")), true);
        text(poisons, "product a number", envelope("ORDER_CREATED", session, items(session, 19, "{\"product\":7,\"quantity\":1}")), true);
        text(poisons, "negative quantity", envelope("ORDER_CREATED", session, items(session, 20, "{\"product\":\"laptop\",\"quantity\":-3}")), true);
        text(poisons, "zero quantity", envelope("ORDER_CREATED", session, items(session, 21, "{\"product\":\"laptop\",\"quantity\":0}")), true);
        text(poisons, "huge quantity", envelope("ORDER_CREATED", session, items(session, 22, "{\"product\":\"laptop\",\"quantity\":1e30}")), true);
        text(poisons, "empty items", envelope("ORDER_CREATED", session, items(session, 23, "")), true);
        text(poisons, "unknown product", envelope("ORDER_CREATED", session, items(session, 24, "{\"product\":\"unobtainium\",\"quantity\":1}")), true);
        text(poisons, "10 MB body", "{\"pad\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}", false);
        text(poisons, "deeply nested JSON", "[".repeat(100_000), false);
        poisons.add(new Poison("bytes, not UTF-8", s -> bytes(s, new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF}), false));
        poisons.add(new Poison("map message", Session::createMapMessage, false));
        poisons.add(new Poison("object message", s -> s.createObjectMessage("an order"), false));
        poisons.add(new Poison("stream message", s -> {
            StreamMessage message = s.createStreamMessage();
            message.writeString("ORDER_CREATED");
            return message;
        }, false));
        return poisons;
    }

    /** A scraper asks before any event: Prometheus text, not the container's HTML "no such scope" page. */
    FaultRow metricsBeforeTheFirstEvent() {
        Api.Reply reply = new Api(stack.http("")).send(HttpRequest.newBuilder(stack.http("/metrics?scope=application")));
        String type = reply.response().headers().firstValue("content-type").orElse("none");
        boolean prometheus = reply.status() == 200 && type.startsWith("text/plain");
        return new FaultRow("metrics scraped before the first event", 1, 1, 0, 0, 0, 0, prometheus ? 0 : 1,
                "HTTP " + reply.status() + ", " + type);
    }

    FaultRow malformedHttp() throws Exception {
        String session = "http-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/inventory/seed", session, null);
        String before = api.get("/inventory", session).body();
        Map<String, String> requests = new LinkedHashMap<>();
        String h = "x-session-id: " + session + "\r\n";
        requests.put("no session header", "GET /inventory HTTP/1.1\r\n\r\n");
        requests.put("empty session header", "GET /inventory HTTP/1.1\r\nx-session-id: \r\n\r\n");
        requests.put("session with space", "GET /inventory HTTP/1.1\r\nx-session-id: a b\r\n\r\n");
        requests.put("session 129 chars", "GET /inventory HTTP/1.1\r\nx-session-id: " + "s".repeat(129) + "\r\n\r\n");
        requests.put("session non-ASCII", "GET /inventory HTTP/1.1\r\nx-session-id: ünï\r\n\r\n");
        requests.put("session SQL injection", "GET /inventory/stats HTTP/1.1\r\nx-session-id: ' OR 1=1 --\r\n\r\n");
        requests.put("session path traversal", "GET /inventory HTTP/1.1\r\nx-session-id: ../../etc/passwd\r\n\r\n");
        requests.put("session script", "POST /inventory/reset HTTP/1.1\r\nx-session-id: <script>\r\n\r\n");
        requests.put("truncated JSON", post("/inventory/seed", h, "application/json", "{\"products\":["));
        requests.put("not JSON", post("/inventory/seed", h, "application/json", "hello"));
        requests.put("stock a string", post("/inventory/seed", h, "application/json", seedBody("laptop", "\"x\"")));
        requests.put("negative stock", post("/inventory/seed", h, "application/json", seedBody("laptop", "-1")));
        requests.put("huge stock", post("/inventory/seed", h, "application/json", seedBody("laptop", "1e20")));
        requests.put("fractional stock", post("/inventory/seed", h, "application/json", seedBody("laptop", "2.5")));
        requests.put("id SQL injection", post("/inventory/seed", h, "application/json", seedBody("laptop'; DROP TABLE products;--", "1")));
        requests.put("empty id", post("/inventory/reset", h, "application/json", seedBody("", "1")));
        requests.put("name too long", post("/inventory/seed", h, "application/json",
                "{\"products\":[{\"id\":\"laptop\",\"name\":\"" + "n".repeat(5000) + "\",\"stock_level\":1}]}"));
        requests.put("products null", post("/inventory/seed", h, "application/json", "{\"products\":null}"));
        requests.put("products an object", post("/inventory/seed", h, "application/json", "{\"products\":{}}"));
        requests.put("top-level array", post("/inventory/reset", h, "application/json", "[]"));
        requests.put("100 KB body", post("/inventory/seed", h, "application/json", "{\"products\":[" + "1,".repeat(50_000) + "1]}"));
        requests.put("Content-Length 10 MB", "POST /inventory/seed HTTP/1.1\r\n" + h
                + "Content-Type: application/json\r\nContent-Length: 10485760\r\n\r\n{}");
        requests.put("text/plain body", post("/inventory/seed", h, "text/plain", "laptop=5"));
        requests.put("XML body", post("/inventory/seed", h, "application/xml", "<products/>"));
        requests.put("DELETE /inventory", "DELETE /inventory HTTP/1.1\r\n" + h + "\r\n");
        requests.put("PUT /inventory/seed", post("/inventory/seed", h, "application/json", "{}").replace("POST", "PUT"));
        requests.put("PATCH /inventory", "PATCH /inventory HTTP/1.1\r\n" + h + "Content-Length: 0\r\n\r\n");
        requests.put("GET /inventory/seed", "GET /inventory/seed HTTP/1.1\r\n" + h + "\r\n");
        requests.put("POST /inventory", post("/inventory", h, "application/json", "{}"));
        requests.put("unknown path", "GET /nowhere HTTP/1.1\r\n" + h + "\r\n");
        requests.put("unknown sub-path", "GET /inventory/everything HTTP/1.1\r\n" + h + "\r\n");
        requests.put("encoded traversal", "GET /inventory/..%2F..%2Fetc%2Fpasswd HTTP/1.1\r\n" + h + "\r\n");
        requests.put("Accept XML only", "GET /inventory HTTP/1.1\r\n" + h + "Accept: application/xml\r\n\r\n");
        long serverErrors = 0;
        long notClientErrors = 0;
        List<String> notJson = new ArrayList<>();
        for (Map.Entry<String, String> request : requests.entrySet()) {
            RawResponse response = raw(request.getValue());
            if (response.status() >= 500) {
                serverErrors++;
            }
            if (response.status() < 400 || response.status() >= 500) {
                notClientErrors++;
                System.err.println(request.getKey() + " answered " + response.status());
            } else if (!response.isJsonError()) {
                notJson.add(request.getKey());
            }
        }
        boolean unchanged = before.equals(api.get("/inventory", session).body());
        List<String> unexplained = notJson.stream().filter(name -> !REFUSED_BY_THE_CONTAINER.contains(name)).toList();
        return new FaultRow(requests.size() + " malformed HTTP requests", requests.size(), requests.size(),
                notClientErrors, 0, 0, unchanged ? 0 : 1, serverErrors,
                notJson.isEmpty() ? "every answer a 4xx with a JSON error" : "4xx without JSON body: " + notJson,
                unexplained.isEmpty() ? List.of() : List.of("4xx without a JSON error from the service: " + unexplained));
    }

    /** Random orders and reads over many sessions: every answer and event belongs to its own session. */
    FaultRow sessionIsolation(int sessions, int operations) throws Exception {
        String run = "iso-" + UUID.randomUUID().toString().substring(0, 6);
        for (int k = 0; k < sessions; k++) {
            api.post("/inventory/reset", run + "-" + k, FaultScenarios.catalogue(3, 1000 + k));
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
        Traffic.await(() -> traffic.answered(run) >= expected, 120_000);
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

    private Set<String> deadLetterMarkers(String session, int expected) {
        Set<String> markers = new HashSet<>();
        try (SagaBroker broker = SagaBroker.core(stack.ports.broker())) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (markers.size() < expected && System.currentTimeMillis() < deadline) {
                // a 10 MB message takes seconds to move; a shorter quiet gap missed it
                List<SagaBroker.Received> next = broker.receive(SagaBroker.DEAD_LETTERS, "marker LIKE '" + session + "-%'", 1, 10_000);
                if (next.isEmpty() && markers.size() > 0) {
                    break;
                }
                for (SagaBroker.Received message : next) {
                    markers.add(message.message().getStringProperty("marker"));
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
        return markers;
    }

    private record RawResponse(int status, String contentType, String body) {
        boolean isJsonError() {
            try {
                return contentType != null && contentType.startsWith("application/json")
                        && Json.createReader(new StringReader(body)).readObject().containsKey("error");
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    private RawResponse raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", stack.ports.http())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String withHost = request.replaceFirst("\r\n", "\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            out.write(withHost.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                in.transferTo(received);
            } catch (IOException e) {
                // the server may close after answering a body it refused to read
            }
            String response = received.toString(StandardCharsets.UTF_8);
            String[] headAndBody = response.split("\r\n\r\n", 2);
            String[] head = headAndBody[0].split("\r\n");
            int status = head.length > 0 && head[0].startsWith("HTTP/") ? Integer.parseInt(head[0].split(" ")[1]) : 0;
            String contentType = null;
            for (String line : head) {
                if (line.toLowerCase().startsWith("content-type:")) {
                    contentType = line.substring(13).trim();
                }
            }
            return new RawResponse(status, contentType, headAndBody.length > 1 ? headAndBody[1] : "");
        }
    }

    private static String post(String path, String headers, String contentType, String body) {
        return "POST " + path + " HTTP/1.1\r\n" + headers + "Content-Type: " + contentType + "\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static String seedBody(String id, String stock) {
        return "{\"products\":[{\"id\":\"" + id + "\",\"name\":\"X\",\"stock_level\":" + stock + "}]}";
    }

    private static void text(List<Poison> poisons, String name, String body, boolean answered) {
        poisons.add(new Poison(name, s -> s.createTextMessage(body), answered));
    }

    private static Message bytes(Session session, byte[] body) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        return message;
    }

    private static JsonObject order(String session, int index) {
        return Json.createObjectBuilder().add("id", "x" + index).add("sessionId", session)
                .add("items", Json.createArrayBuilder().add(Json.createObjectBuilder().add("product", "laptop").add("quantity", 1)))
                .build();
    }

    private static JsonObject withField(JsonObject order, String field, String value) {
        return Json.createObjectBuilder(order).add(field, value).build();
    }

    private static JsonObject items(String session, int index, String itemsJson) {
        JsonObject items = Json.createReader(new StringReader("{\"items\":[" + itemsJson + "]}")).readObject();
        return Json.createObjectBuilder(order(session, index)).add("items", items.getJsonArray("items")).build();
    }

    private static String envelope(String type, String session, JsonObject data) {
        var envelope = Json.createObjectBuilder();
        if (type != null) {
            envelope.add("type", type);
        }
        if (session != null) {
            envelope.add("sessionId", session);
        }
        return envelope.add("correlationId", "c").add("data", data).build().toString();
    }

}
