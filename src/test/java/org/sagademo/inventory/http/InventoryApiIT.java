package org.sagademo.inventory.http;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sagademo.inventory.clients.Api;
import org.sagademo.inventory.clients.Api.Reply;
import org.sagademo.inventory.clients.BadRequest;
import org.sagademo.inventory.clients.SagaBroker;
import org.sagademo.inventory.clients.SagaMessages;
import org.sagademo.inventory.inventory.SessionLocks;
import org.sagademo.inventory.localstack.Rows;
import org.sagademo.inventory.support.Deployments;
import org.sagademo.inventory.support.Eventually;
import org.sagademo.inventory.support.InventoryServiceTest;
import org.sagademo.inventory.support.ListeningSockets;
import org.sagademo.inventory.support.RealInfrastructure;

import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sagademo.inventory.support.Eventually.eventually;

/** The HTTP half of the saga contract, including every kind of bad request. */
@InventoryServiceTest
class InventoryApiIT {

    /** The contract's stats, every one a number. */
    private static final Map<String, List<String>> STATS = Map.of(
            "products", List.of("total_products", "total_stock", "total_reserved", "total_available"),
            "reservations", List.of("pending_reservations", "confirmed_reservations", "released_reservations", "total_reservations"));
    /** What the original saga's own tests read from the stats, beside the contract's nested objects. */
    private static final List<String> TOP_LEVEL_TOTALS = List.of("totalProducts", "totalStock", "totalReserved", "totalAvailable");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.inventoryService();
    }

    @ArquillianResource
    URL deployed;

    private Api api;
    private final Rows rows = RealInfrastructure.rows();
    private final String session = "api-" + UUID.randomUUID();

    @BeforeEach
    void client() {
        api = new Api(Deployments.onLoopback(deployed));
    }

    /** Nothing but HTTP is reachable: Payara's data grid (Hazelcast), if it ran, would listen on every interface. */
    @Test
    void listensOnItsHttpPortOnly() {
        List<InetSocketAddress> listening = ListeningSockets.ofProcessListeningOn(deployed.getPort());
        assertEquals(List.of(deployed.getPort()), listening.stream().map(InetSocketAddress::getPort).toList(), listening::toString);
        assertTrue(listening.get(0).getAddress().isLoopbackAddress(), listening::toString);
    }

    @Test
    void newSessionHasNoProducts() {
        Reply reply = api.get("/inventory", session);
        assertEquals(200, reply.status());
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, reply.json());
    }

    @Test
    void seedCreatesTheDemoCatalogue() {
        Reply reply = api.post("/inventory/seed", session, null);
        assertEquals(200, reply.status(), reply.body());
        JsonArray products = reply.json().asJsonObject().getJsonArray("products");
        assertEquals("Inventory seeded with 7 products", reply.json().asJsonObject().getString("message"));
        assertEquals(7, products.size());
        assertEquals(235, products.stream().mapToInt(p -> p.asJsonObject().getInt("stock_level")).sum());
        assertEquals(5, rows.stock(session, "laptop").stockLevel());
        assertEquals(67, rows.stock(session, "mouse").stockLevel());
        assertEquals(21, rows.stock(session, "keyboard").stockLevel());
        assertEquals(15, rows.stock(session, "monitor").stockLevel());
    }

    @Test
    void productsAreSortedByNameWithDerivedFields() {
        api.post("/inventory/seed", session, null);
        JsonArray products = api.get("/inventory", session).json().asJsonArray();
        List<String> names = products.stream().map(p -> p.asJsonObject().getString("name")).toList();
        assertEquals(names.stream().sorted().toList(), names);
        JsonObject laptop = Api.product(products, "laptop");
        assertEquals(5, laptop.getInt("available"));
        assertEquals(0, laptop.getInt("reserved"));
        assertEquals("NO_RESERVATIONS", laptop.getString("reservationStatus"));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, laptop.getJsonArray("reservations"));
        Instant created = Instant.parse(laptop.getString("created_at"));
        assertFalse(Instant.parse(laptop.getString("updated_at")).isBefore(created));
        assertTrue(Duration.between(created, Instant.now()).abs().toMinutes() < 10, "created now: " + created);
        assertEquals(JsonValue.ValueType.NUMBER, laptop.get("version").getValueType());
    }

    @Test
    void seedIsAnUpsertAndCanSetStockLevels() {
        api.post("/inventory/seed", session, null);
        Reply reply = api.post("/inventory/seed", session,
                "{\"products\":[{\"id\":\"laptop\",\"name\":\"Laptop\",\"stock_level\":500}]}");
        assertEquals(200, reply.status(), reply.body());
        assertEquals(500, rows.stock(session, "laptop").stockLevel());
        assertEquals(7, rows.count("products", session));
    }

    /** A whole number however a client's JSON writes it: Python's json sends a float as 5.0. */
    @ParameterizedTest
    @CsvSource({"5.0,5", "1e3,1000", "1.20E+2,120", "-0.0,0"})
    void aStockLevelIsAWholeNumberHoweverItIsWritten(String written, int stockLevel) {
        Reply reply = api.post("/inventory/seed", session, "{\"products\":[{\"id\":\"laptop\",\"stock_level\":" + written + "}]}");
        assertEquals(200, reply.status(), reply.body());
        assertEquals(stockLevel, rows.stock(session, "laptop").stockLevel());
    }

    /** Media types are case-insensitive (RFC 9110), and a JSON body may say it is UTF-8. */
    @ParameterizedTest
    @ValueSource(strings = {"Application/JSON", "application/json; charset=UTF-8", "APPLICATION/JSON;CHARSET=utf8",
            "application/vnd.inventory+JSON"})
    void aJsonBodyIsTakenByItsTypeInAnyCase(String contentType) {
        Reply reply = api.send(api.request("/inventory/seed", session).header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString("{\"products\":[{\"id\":\"laptop\",\"stock_level\":8}]}")));
        assertEquals(200, reply.status(), reply.body());
        assertEquals(8, rows.stock(session, "laptop").stockLevel());
    }

    /** Bytes that are not UTF-8 (a name in Latin-1) would be stored as U+FFFD: refused, whatever the type says. */
    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8"})
    void aBodyThatIsNotUtf8Is400AndChangesNothing(String contentType) {
        api.post("/inventory/seed", session, null);
        String before = api.get("/inventory", session).body();
        byte[] latin1 = "{\"products\":[{\"id\":\"laptop\",\"name\":\"Caf\u00e9\",\"stock_level\":8}]}"
                .getBytes(StandardCharsets.ISO_8859_1);
        Reply reply = api.send(api.request("/inventory/seed", session).header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1)));
        assertError(400, reply);
        assertEquals("request body is not UTF-8", reply.json().asJsonObject().getString("error"));
        assertEquals(before, api.get("/inventory", session).body());
    }

    /** A byte order mark before the JSON (.NET's serializers write one) is no part of it: RFC 8259 lets a parser skip it. */
    @Test
    void aByteOrderMarkBeforeTheBodyIsIgnored() {
        byte[] withMark = "\uFEFF{\"products\":[{\"id\":\"laptop\",\"name\":\"Caf\u00e9\",\"stock_level\":8}]}"
                .getBytes(StandardCharsets.UTF_8);
        Reply reply = api.send(api.request("/inventory/seed", session).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(withMark)));
        assertEquals(200, reply.status(), reply.body());
        assertEquals("Caf\u00e9", Api.product(api.get("/inventory", session).json().asJsonArray(), "laptop").getString("name"));
        assertEquals(8, rows.stock(session, "laptop").stockLevel());
    }

    /** JSON is UTF-8 (RFC 8259): an Accept asking for another charset gets UTF-8, labelled as the type alone. */
    @ParameterizedTest
    @ValueSource(strings = {"/inventory", "/inventory/stats"})
    void answersAreUtf8WhateverCharsetAcceptAsksFor(String path) {
        api.post("/inventory/seed", session, "{\"products\":[{\"id\":\"cafe\",\"name\":\"Caf\u00e9 \u2615\",\"stock_level\":1}]}");
        HttpResponse<byte[]> reply = api.bytes(api.request(path, session).header("accept", "application/json; charset=utf-16").GET());
        assertEquals(200, reply.statusCode());
        assertEquals("application/json", reply.headers().firstValue("content-type").orElse(""));
        JsonStructure json = Json.createReader(new StringReader(new String(reply.body(), StandardCharsets.UTF_8))).read();
        if (path.equals("/inventory")) {
            assertEquals("Caf\u00e9 \u2615", Api.product(json, "cafe").getString("name"));
        } else {
            assertEquals(1, json.asJsonObject().getInt("totalStock"));
        }
    }

    /** The contract's "set stock levels (for load tests)": a body of ids and levels alone. */
    @Test
    void aSeedWithoutNamesSetsOnlyStockLevels() {
        api.post("/inventory/seed", session, "{\"products\":[{\"id\":\"mouse\",\"name\":\"Gaming Mouse\",\"stock_level\":3}]}");
        Reply reply = api.post("/inventory/seed", session, "{\"products\":[{\"id\":\"mouse\",\"stock_level\":900},"
                + "{\"id\":\"laptop\",\"stock_level\":20000},{\"id\":\"gadget\",\"stock_level\":7,\"name\":null}]}");
        assertEquals(200, reply.status(), reply.body());
        JsonStructure products = reply.json().asJsonObject().getJsonArray("products");
        assertEquals("Gaming Mouse", Api.product(products, "mouse").getString("name"), "a product the session has keeps its name");
        assertEquals(900, Api.product(products, "mouse").getInt("stock_level"));
        assertEquals("Laptop", Api.product(products, "laptop").getString("name"), "a new demo product: the demo's name");
        assertEquals(20000, Api.product(products, "laptop").getInt("stock_level"));
        assertEquals("gadget", Api.product(products, "gadget").getString("name"), "a new product of no catalogue: its id");
        assertEquals(20000, rows.stock(session, "laptop").stockLevel());
    }

    @Test
    void resetForgetsEverythingAndSeedsAgain() {
        api.post("/inventory/seed", session,
                "{\"products\":[{\"id\":\"gadget\",\"name\":\"Gadget\",\"stock_level\":3}]}");
        Reply reply = api.post("/inventory/reset", session, null);
        assertEquals(200, reply.status(), reply.body());
        assertEquals(7, rows.count("products", session));
        assertEquals(null, rows.stock(session, "gadget"));
    }

    /**
     * GET /inventory answers from the session's snapshot while its products are unchanged: a seed that renames a
     * product, or a reset that drops an open reservation, is in the next answer (what the demo page shows after them).
     */
    @Test
    void theInventoryAfterASeedOrAResetShowsWhatItLeft() {
        api.post("/inventory/seed", session, null);
        try (SagaBroker orders = RealInfrastructure.broker()) {
            orders.publish(SagaMessages.orderCreated(session, "o1", "laptop", 2));
            assertEquals("INVENTORY_RESERVED", orders.receive(session, 1, Eventually.WAIT.toMillis()).get(0).type());
        }
        assertEquals(2, Api.product(api.get("/inventory", session).json(), "laptop").getInt("reserved"));

        api.post("/inventory/seed", session, "{\"products\":[{\"id\":\"mouse\",\"name\":\"Quiet Mouse\",\"stock_level\":67}]}");
        JsonObject mouse = Api.product(api.get("/inventory", session).json(), "mouse");
        assertEquals("Quiet Mouse", mouse.getString("name"), "a new name, the stock level as it was");

        assertEquals(200, api.post("/inventory/reset", session, null).status());
        JsonStructure afterReset = api.get("/inventory", session).json();
        JsonObject laptop = Api.product(afterReset, "laptop");
        assertEquals(0, laptop.getInt("reserved"), laptop::toString);
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, laptop.getJsonArray("reservations"));
        assertEquals("Wireless Mouse", Api.product(afterReset, "mouse").getString("name"), "the demo catalogue again");
    }

    /** A product as GET /inventory lists it, its derived fields and reservations with it, can be sent back in a seed. */
    @Test
    void theInventoryAsListedCanBeSeededBack() {
        api.post("/inventory/seed", session, null);
        try (SagaBroker orders = RealInfrastructure.broker()) {
            orders.publish(SagaMessages.orderCreated(session, "o1", "laptop", 2));
            assertEquals("INVENTORY_RESERVED", orders.receive(session, 1, Eventually.WAIT.toMillis()).get(0).type());
        }
        JsonArray listed = api.get("/inventory", session).json().asJsonArray();
        assertEquals("RESERVING", Api.product(listed, "laptop").getString("reservationStatus"), "2 of 5 held");
        Reply reply = api.post("/inventory/seed", session, Json.createObjectBuilder().add("products", listed).build().toString());
        assertEquals(200, reply.status(), reply.body());
        assertEquals(new Rows.Stock(5, 2), rows.stock(session, "laptop"), "the stock as it was, the reservation untouched");
        assertEquals("PENDING", rows.reservationStatus(session, "o1"));
        assertEquals(7, rows.count("products", session));
        assertEquals(List.of(), rows.invariantViolations(session));
    }

    /** The limits README states, taken at their edge and refused one past it. */
    @Test
    void aSeedAtItsLimitsIsTakenAndOnePastThemRefused() {
        Reply largest = api.post("/inventory/seed", session, Api.catalogue(1_000, 1_000_000_000));
        assertEquals(200, largest.status(), largest.body());
        JsonObject products = api.get("/inventory/stats", session).json().asJsonObject().getJsonObject("products");
        assertEquals(1_000, products.getInt("total_products"));
        assertEquals(1_000_000_000_000L, products.getJsonNumber("total_stock").longValueExact(), "past an int, still exact");
        assertEquals(1_000_000_000_000L, products.getJsonNumber("total_available").longValueExact());

        String longest = "{\"products\":[{\"id\":\"" + "i".repeat(64) + "\",\"name\":\"" + "n".repeat(200) + "\",\"stock_level\":1}]}";
        assertEquals(200, api.post("/inventory/seed", session, longest).status());
        // characters, as the column counts them: one outside the Basic Multilingual Plane is two UTF-16 units
        String emoji = "{\"products\":[{\"id\":\"e\",\"name\":\"" + "\uD83D\uDE00".repeat(200) + "\",\"stock_level\":1}]}";
        assertEquals(200, api.post("/inventory/seed", session, emoji).status(), "200 characters of emoji");
        for (String pastALimit : List.of(Api.catalogue(1_001, 1),
                "{\"products\":[{\"id\":\"e\",\"name\":\"" + "\uD83D\uDE00".repeat(201) + "\",\"stock_level\":1}]}",
                "{\"products\":[{\"id\":\"" + "i".repeat(65) + "\",\"stock_level\":1}]}",
                "{\"products\":[{\"id\":\"laptop\",\"name\":\"" + "n".repeat(201) + "\",\"stock_level\":1}]}",
                "{\"products\":[{\"id\":\"laptop\",\"stock_level\":1000000001}]}")) {
            assertError(400, api.post("/inventory/seed", session, pastALimit));
        }
        assertEquals(1_002, rows.count("products", session), "the refused seeds changed nothing");
    }

    /** Seeds of new ids, again and again, stop at 10,000 products: each answer, and GET /inventory, lists them all. */
    @Test
    void aSessionHoldsAtMostTenThousandProducts() {
        for (int seed = 0; seed < 10; seed++) {
            Reply reply = api.post("/inventory/seed", session, thousandProducts("s" + seed + "-"));
            assertEquals(200, reply.status(), reply.body());
        }
        Reply past = api.post("/inventory/seed", session, thousandProducts("past-"));
        assertError(409, past);
        assertEquals("the session would hold 11000 products, more than 10000: reset it with the products it is to keep",
                past.json().asJsonObject().getString("error"));
        assertEquals(10_000, rows.count("products", session), "the refused seed changed nothing");
        assertEquals(200, api.post("/inventory/reset", session, thousandProducts("again-")).status());
        assertEquals(1_000, rows.count("products", session));
    }

    /** Two seeds that each add the last thousand at once: one of them is refused, and the session holds 10,000. */
    @Test
    void seedsAtOnceStillStopAtTenThousandProducts() {
        for (int seed = 0; seed < 9; seed++) {
            assertEquals(200, api.post("/inventory/seed", session, thousandProducts("s" + seed + "-")).status());
        }
        List<CompletableFuture<Reply>> atOnce = Stream.of("a-", "b-")
                .map(prefix -> CompletableFuture.supplyAsync(() -> api.post("/inventory/seed", session, thousandProducts(prefix))))
                .toList();
        List<Integer> statuses = atOnce.stream().map(seed -> seed.join().status()).sorted().toList();
        assertEquals(List.of(200, 409), statuses);
        assertEquals(10_000, rows.count("products", session));
    }

    private static String thousandProducts(String idPrefix) {
        return IntStream.range(0, 1_000).mapToObj(i -> "{\"id\":\"" + idPrefix + i + "\",\"stock_level\":1}")
                .collect(Collectors.joining(",", "{\"products\":[", "]}"));
    }

    @Test
    void statsAreNumbers() {
        JsonObject empty = api.get("/inventory/stats", session).json().asJsonObject();
        assertAllNumbers(empty, 0);
        api.post("/inventory/seed", session, null);
        JsonObject stats = api.get("/inventory/stats", session).json().asJsonObject();
        assertAllNumbers(stats, -1);
        JsonObject products = stats.getJsonObject("products");
        assertEquals(7, products.getInt("total_products"));
        assertEquals(235, products.getInt("total_stock"));
        assertEquals(0, products.getInt("total_reserved"));
        assertEquals(235, products.getInt("total_available"));
        assertEquals(0, stats.getJsonObject("reservations").getInt("total_reservations"));
        assertTopLevelTotalsRepeatProducts(stats);
    }

    /** Both shapes, the contract's nested one and the original test suite's top-level camelCase, add up the products. */
    @Test
    void statsAddUpTheProductsAfterAReservation() {
        api.post("/inventory/seed", session, null);
        try (SagaBroker orders = RealInfrastructure.broker()) {
            orders.publish(SagaMessages.orderCreated(session, "o1", "laptop", 2, "mouse", 1));
            assertEquals("INVENTORY_RESERVED", orders.receive(session, 1, Eventually.WAIT.toMillis()).get(0).type());
        }
        JsonArray products = api.get("/inventory", session).json().asJsonArray();
        List<Integer> fromProducts =
                List.of(products.size(), sum(products, "stock_level"), sum(products, "reserved"), sum(products, "available"));
        assertEquals(List.of(7, 235, 3, 232), fromProducts);
        JsonObject stats = api.get("/inventory/stats", session).json().asJsonObject();
        assertEquals(fromProducts, TOP_LEVEL_TOTALS.stream().map(stats::getInt).toList());
        assertTopLevelTotalsRepeatProducts(stats);
        assertEquals(1, stats.getJsonObject("reservations").getInt("pending_reservations"));
    }

    @Test
    void statsCountTheReservationsByStatus() {
        api.post("/inventory/seed", session, null);
        try (SagaBroker orders = RealInfrastructure.broker()) {
            for (String order : List.of("o1", "o2", "o3", "o4")) {
                orders.publish(SagaMessages.orderCreated(session, order, "laptop", 1));
            }
            assertEquals(4, orders.receive(session, 4, Eventually.WAIT.toMillis()).size());
            orders.publish(SagaMessages.paymentSuccess(session, "o1")); // confirmed without an answer
            orders.publish(SagaMessages.paymentFailed(session, "o2", "Card declined"));
            orders.publish(SagaMessages.paymentFailed(session, "o3", "Card declined"));
            assertEquals(2, orders.receive(session, 2, Eventually.WAIT.toMillis()).size());
        }
        Eventually.eventually().untilAsserted(() -> assertEquals("CONFIRMED", rows.reservationStatus(session, "o1")));
        JsonObject stats = api.get("/inventory/stats", session).json().asJsonObject();
        JsonObject reservations = stats.getJsonObject("reservations");
        assertEquals(List.of(1, 1, 2, 4), Stream.of("pending_reservations", "confirmed_reservations",
                "released_reservations", "total_reservations").map(reservations::getInt).toList());
        JsonObject products = stats.getJsonObject("products");
        assertEquals(List.of(234, 1, 233), Stream.of("total_stock", "total_reserved", "total_available")
                .map(products::getInt).toList(), "235 units less the confirmed one, the pending one reserved");
        assertEquals(List.of(), rows.invariantViolations(session));
    }

    @Test
    void sessionsAreIsolated() {
        api.post("/inventory/seed", session, null);
        try (SagaBroker orders = RealInfrastructure.broker()) {
            orders.publish(SagaMessages.orderCreated(session, "o1", "laptop", 2));
            assertEquals("INVENTORY_RESERVED", orders.receive(session, 1, Eventually.WAIT.toMillis()).get(0).type());
        }
        String before = api.get("/inventory", session).body();
        long eventsApplied = rows.count("processed_events", session);
        String other = session + "-other";
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, api.get("/inventory", other).json());
        assertEquals(200, api.post("/inventory/reset", other, "{\"products\":[{\"id\":\"laptop\",\"name\":\"L\",\"stock_level\":1}]}").status());
        assertEquals(1, Api.product(api.get("/inventory", other).json(), "laptop").getInt("stock_level"), "the other session's reset took");
        assertEquals(before, api.get("/inventory", session).body(), "its products and open reservations, after another's reset");
        assertEquals(eventsApplied, rows.count("processed_events", session));
    }

    /** A read, and a seed with a JSON body, which a browser sends only after its preflight allows the method and both headers. */
    @ParameterizedTest
    @CsvSource({"/inventory,GET,x-session-id", "/inventory/seed,POST,'content-type,x-session-id'"})
    void browsersMayCallFromAnyOrigin(String path, String method, String headers) {
        Reply preflight = api.send(api.request(path, null)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers));
        assertTrue(preflight.status() < 300, "preflight status " + preflight.status());
        assertEquals("*", preflight.header("Access-Control-Allow-Origin"));
        List<String> methods = List.of(preflight.header("Access-Control-Allow-Methods").split(",\\s*"));
        assertTrue(methods.contains(method), methods.toString());
        List<String> allowed = List.of(preflight.header("Access-Control-Allow-Headers").toLowerCase().split(",\\s*"));
        assertTrue(allowed.containsAll(List.of(headers.split(","))), allowed.toString());
        assertEquals("*", api.get("/inventory", session).header("Access-Control-Allow-Origin"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/inventory", "/inventory/stats"})
    void missingSessionHeaderIs400(String path) {
        assertError(400, api.get(path, null));
    }

    @ParameterizedTest
    @FieldSource("org.sagademo.inventory.clients.BadRequest#MALFORMED_SESSIONS")
    void malformedSessionHeaderIs400(String header) {
        assertError(400, api.get("/inventory", header));
        assertError(400, api.post("/inventory/seed", header, null));
    }

    @Test
    void overlongSessionHeaderIs400() {
        assertError(400, api.get("/inventory", "s".repeat(129)));
        assertEquals(200, api.get("/inventory", "s".repeat(128)).status());
    }

    @ParameterizedTest
    @FieldSource("org.sagademo.inventory.clients.BadRequest#BAD_SEED_BODIES")
    void badSeedBodiesAre400AndChangeNothing(String body) {
        api.post("/inventory/seed", session, "{\"products\":[{\"id\":\"mouse\",\"name\":\"Mouse\",\"stock_level\":99}]}");
        String before = api.get("/inventory", session).body();
        assertError(400, api.post("/inventory/seed", session, body));
        assertError(400, api.post("/inventory/reset", session, body));
        assertEquals(before, api.get("/inventory", session).body(), "a seed or reset that went through");
    }

    /** A load test's seed of many products learns which one, and which field as it sent it, and what of its type. */
    @Test
    void aRefusedSeedNamesTheProductAndTheFieldAsSent() {
        String body = "{\"products\":[{\"id\":\"a\",\"name\":\"A\",\"stock_level\":1},{\"id\":\"b\",\"name\":\"B\",\"stock_level\":%s}]}";
        Reply negative = api.post("/inventory/seed", session, body.formatted("-1"));
        assertError(400, negative);
        assertEquals("products[1].stock_level must be greater than or equal to 0", negative.json().asJsonObject().getString("error"));
        Reply text = api.post("/inventory/seed", session, body.formatted("\"500\""));
        assertError(400, text);
        assertEquals("products[1].stock_level must be a number, not a string", text.json().asJsonObject().getString("error"));
        Reply fraction = api.post("/inventory/seed", session, body.formatted("1.5"));
        assertEquals("products[1].stock_level must be a whole number of up to 10 digits", fraction.json().asJsonObject().getString("error"));
        Reply notAList = api.post("/inventory/seed", session, "{\"products\":{\"id\":\"a\",\"name\":\"A\",\"stock_level\":1}}");
        assertEquals("products must be an array, not an object", notAList.json().asJsonObject().getString("error"));
        assertEquals("[]", api.get("/inventory", session).body());
    }

    @ParameterizedTest
    @MethodSource("org.sagademo.inventory.clients.BadRequest#all")
    void badRequestsGetTheirStatusAndChangeNothing(BadRequest request) {
        api.post("/inventory/seed", session, null);
        String before = api.get("/inventory", session).body();
        Api.RawReply reply = api.raw(request.in(session));
        if (request.refusedByTheContainer()) {
            assertTrue(reply.isClientError(), "answered " + reply.status() + ": " + reply.body());
        } else {
            assertEquals(request.status(), reply.status(), reply.body());
            assertTrue(reply.isJsonError(), "the service's JSON error, not " + reply.contentType() + ": " + reply.body());
            assertEquals("*", reply.allowOrigin(), "an error a browser's script can read");
        }
        assertEquals(before, api.get("/inventory", session).body());
    }

    /**
     * A body that stops coming is given up after 5 s without a byte, not Payara's 30: an HTTP worker waits on it
     * meanwhile, and a few such clients held every one. The client that sent it gets the 400, nothing changes.
     */
    @Test
    void aBodyThatStopsComingIsAnswered400WithinSeconds() {
        api.post("/inventory/seed", session, null);
        String before = api.get("/inventory", session).body();
        long start = System.nanoTime();
        Api.RawReply reply = api.postThatStopsSending("/inventory/seed", session);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(400, reply.status(), "answered " + reply.status() + " after " + waited.toMillis() + " ms: " + reply.body());
        assertTrue(reply.isJsonError() && reply.body().contains("stopped sending"), reply.body());
        assertTrue(waited.compareTo(Duration.ofSeconds(9)) < 0, "answered after " + waited.toMillis() + " ms");
        assertEquals(before, api.get("/inventory", session).body());
    }

    /**
     * A seed takes the rows in product-id order, as an order does: a seed waiting for the row of a keyboard that an
     * order holds does not hold the laptop that order takes next (in the body's order it did: a deadlock, the seed 500).
     */
    @Test
    void aSeedAndAnOrderTakeTheRowsInOneOrder() throws Exception {
        api.post("/inventory/seed", session, null);
        try (Connection order = rows.transaction()) {
            Rows.lockProduct(order, session, "keyboard");
            CompletableFuture<Reply> seed = CompletableFuture.supplyAsync(() -> api.post("/inventory/seed", session, null));
            eventually().until(() -> rows.productStatementsWaiting() > 0);
            Rows.lockProduct(order, session, "laptop");
            order.commit();
            Reply seeded = seed.get(30, TimeUnit.SECONDS);
            assertEquals(200, seeded.status(), seeded.body());
        }
    }

    /** A session's history is deleted a batch at a time: every row of one longer than a batch goes. */
    @Test
    void aResetForgetsAHistoryOfManyBatches() {
        api.post("/inventory/seed", session, null);
        rows.pastOrders(session, 45_000, "mouse");
        Reply reply = api.post("/inventory/reset", session, null);
        assertEquals(200, reply.status(), reply.body());
        assertEquals(0, rows.count("processed_events", session));
        assertEquals(0, rows.count("reservations", session));
        assertEquals(0, rows.count("reservation_lines", session));
        assertEquals(new Rows.Stock(67, 0), rows.stock(session, "mouse"));
    }

    /**
     * A reset waits for the session's events in flight, whose transactions hold its reset lock shared from their first
     * statement; a seed waits for a reset, which holds it exclusive. Each is held here by a transaction of the test's.
     */
    @Test
    void aResetWaitsForTheSessionsEventsInFlightAndASeedForAReset() throws Exception {
        for (String[] held : new String[][]{{SessionLocks.SHARED, "/inventory/reset"}, {SessionLocks.EXCLUSIVE, "/inventory/seed"}}) {
            try (Connection other = rows.transaction()) {
                try (PreparedStatement lock = other.prepareStatement("SELECT " + held[0].replace("?1", "?"))) {
                    lock.setString(1, session);
                    lock.executeQuery().close();
                }
                CompletableFuture<Reply> waiting = CompletableFuture.supplyAsync(() -> api.post(held[1], session, null));
                eventually().alias(held[1] + " waiting for the reset lock").until(() -> rows.advisoryLockWaits() > 0);
                assertFalse(waiting.isDone(), held[1] + " went ahead");
                other.commit();
                Reply done = waiting.get(30, TimeUnit.SECONDS);
                assertEquals(200, done.status(), done.body());
            }
        }
    }

    /** A body refused for what it says is refused at once, not after the session's events in flight have committed. */
    @Test
    void aResetWithABadBodyIsRefusedWithoutWaitingForTheSession() throws Exception {
        try (Connection inFlight = rows.transaction()) {
            try (PreparedStatement lock = inFlight.prepareStatement("SELECT " + SessionLocks.SHARED.replace("?1", "?"))) {
                lock.setString(1, session);
                lock.executeQuery().close();
            }
            Reply refused = CompletableFuture.supplyAsync(() -> api.post("/inventory/reset", session, "{\"products\":["
                    + "{\"id\":\"a\",\"stock_level\":1},{\"id\":\"a\",\"stock_level\":2}]}")).get(20, TimeUnit.SECONDS);
            assertError(400, refused);
            assertEquals("product a is named more than once", refused.json().asJsonObject().getString("error"));
            inFlight.commit();
        }
    }

    /**
     * A product's reserved units and the reservations listed with it are read at one moment: an order that commits
     * while the answer is read shows in both or in neither. The order here opens its reservation with the lines'
     * table locked, so that the read meets the commit halfway.
     */
    @Test
    void aProductsReservationsAddUpToItsReservedUnits() throws Exception {
        JsonObject laptop = Api.product(readMeetingAnOrder("/inventory", "reservation_lines"), "laptop");
        assertEquals(2, laptop.getInt("reserved"), laptop::toString);
        assertEquals("[{\"orderId\":\"order-1\",\"quantity\":2}]", laptop.getJsonArray("reservations").toString());
    }

    /** Likewise the stats: units reserved and reservations pending, with the reservations' table locked. */
    @Test
    void theStatsReservedUnitsAndPendingReservationsAgree() throws Exception {
        JsonObject stats = readMeetingAnOrder("/inventory/stats", "reservations").asJsonObject();
        assertEquals(2, stats.getJsonObject("products").getInt("total_reserved"), stats::toString);
        assertEquals(1, stats.getJsonObject("reservations").getInt("pending_reservations"), stats::toString);
    }

    /** Reads the path while an order opens a reservation of 2 laptops behind a lock on the table, then commits it. */
    private JsonStructure readMeetingAnOrder(String path, String lockedTable) throws Exception {
        api.post("/inventory/seed", session, null);
        try (Connection order = rows.transaction()) {
            Rows.lockTable(order, lockedTable);
            Rows.openReservation(order, session, "order-1", "laptop", 2);
            CompletableFuture<Reply> read = CompletableFuture.supplyAsync(() -> api.get(path, session));
            // two statements (products, then the locked table) would never wait as one that reads products
            eventually().alias("one statement reading products, waiting for " + lockedTable)
                    .until(() -> rows.productReadsWaitingOn(lockedTable) > 0);
            order.commit();
            return read.get(30, TimeUnit.SECONDS).json();
        }
    }

    /**
     * The body is optional: sent empty, it is no body, whether announced by its length or sent as chunks, and whatever
     * its Content-Type: JSON, as some clients always set it, a form's (curl -d ''), text (a browser's fetch with an
     * empty string), or none.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Content-Length: 0|Content-Type: application/json", "Transfer-Encoding: chunked|Content-Type: application/json",
            "Content-Length: 0|Content-Type: application/x-www-form-urlencoded",
            "Content-Length: 0|Content-Type: text/plain;charset=UTF-8", "Transfer-Encoding: chunked|Content-Type: text/plain",
            "Content-Length: 0|X-No-Content-Type: 1", "Content-Length: 000000000000000000000|Content-Type: application/json"})
    void anEmptyBodyMeansTheDemoCatalogue(String framing, String contentType) {
        String emptyBody = framing.startsWith("Transfer-Encoding") ? "0\r\n\r\n" : "";
        for (String path : List.of("/inventory/seed", "/inventory/reset")) {
            if (path.endsWith("reset")) { // a product of no catalogue, which the reset must forget
                assertEquals(200, api.post("/inventory/seed", session, "{\"products\":[{\"id\":\"gadget\",\"stock_level\":3}]}").status());
            }
            Api.RawReply reply = api.raw("POST " + path + " HTTP/1.1\r\nx-session-id: " + session + "\r\n" + contentType
                    + "\r\n" + framing + "\r\n\r\n" + emptyBody);
            assertEquals(200, reply.status(), path + ": " + reply.body());
            assertEquals(7, rows.count("products", session));
        }
        Api.RawReply read = api.raw("GET /inventory HTTP/1.1\r\nx-session-id: " + session + "\r\n" + contentType + "\r\n\r\n");
        assertEquals(200, read.status(), "a read whatever Content-Type it names: " + read.body());
    }

    /** {@code {}}, which many clients send for a POST without data (axios, fetch with JSON.stringify({})), names no products. */
    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"products\":null}"})
    void aBodyWithoutProductsMeansTheDemoCatalogue(String body) {
        for (String path : List.of("/inventory/seed", "/inventory/reset")) {
            if (path.endsWith("reset")) { // a product of no catalogue, which the reset must forget
                assertEquals(200, api.post("/inventory/seed", session, "{\"products\":[{\"id\":\"gadget\",\"stock_level\":3}]}").status());
            }
            Reply reply = api.post(path, session, body);
            assertEquals(200, reply.status(), path + ": " + reply.body());
            assertEquals(7, rows.count("products", session));
        }
    }

    /** A body of empty products breaks each one's constraints: the answer names the first twenty, and counts the rest. */
    @Test
    void manyViolationsAreNamedTwentyAndCounted() {
        Reply reply = api.post("/inventory/seed", session, "{\"products\":[" + String.join(",", Collections.nCopies(900, "{}")) + "]}");
        assertError(400, reply);
        String error = reply.json().asJsonObject().getString("error");
        assertTrue(error.endsWith("; and 1780 more"), error); // id and stock_level of each
        assertEquals(20, error.split("; ").length - 1, error);
        assertEquals(0, rows.count("products", session));
    }

    @Test
    void overLargeBodyIs413() {
        String huge = "{\"products\":[" + "{\"id\":\"p\",\"name\":\"n\",\"stock_level\":1},".repeat(3000) + "]}";
        assertError(413, api.post("/inventory/seed", session, huge));
        assertEquals(0, rows.count("products", session));
    }

    @Test
    void unknownPathsAndMethodsAreJsonErrors() {
        assertError(404, api.get("/nothing-here", session));
        Reply unknown = api.get("/inventory/nothing", session);
        assertError(404, unknown);
        assertEquals("no such path: /inventory/nothing", unknown.json().asJsonObject().getString("error"));
        Reply delete = api.send(api.request("/inventory", session).DELETE());
        assertError(405, delete);
        List<String> allowed = List.of(String.valueOf(delete.header("allow")).split("\\s*,\\s*"));
        assertTrue(allowed.containsAll(List.of("GET", "HEAD", "OPTIONS")), "a 405 says what is allowed, as OPTIONS does: " + allowed);
        assertEquals("method not allowed: this path takes " + String.join(", ", allowed), delete.json().asJsonObject().getString("error"));
        Reply getSeed = api.send(api.request("/inventory/seed", session).GET());
        assertError(405, getSeed);
        assertEquals(List.of("OPTIONS", "POST"), List.of(getSeed.header("allow").split("\\s*,\\s*")).stream().sorted().toList());
    }

    @Test
    void noDescriptionOutsideTheContract() {
        assertError(404, api.get("/application.wadl", session));
        Reply options = api.send(api.request("/inventory", session).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, options.status(), options.body());
        assertFalse(options.body().contains("wadl"), options.body());
    }

    @Test
    void liveWhileTheProcessRunsAndItsConsumersConsume() {
        HttpRequest.Builder probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployed.getPort() + "/health/live"));
        // the first answer may come before the first look at the queue has finished
        JsonObject check = eventually().until(() -> api.send(probe).json().asJsonObject().getJsonArray("checks").getJsonObject(0),
                c -> c.getJsonObject("data").getString("events waiting seen by").equals("the broker's count"));
        assertEquals("incoming-queue-consumers", check.getString("name"));
        assertEquals("UP", check.getString("status"));
        // Payara's health answer gives every datum as a string
        assertTrue(Integer.parseInt(check.getJsonObject("data").getString("consumers on the broker, of every instance")) > 0,
                check.toString());
        Reply live = api.send(probe);
        assertEquals(200, live.status(), live.body());
    }

    /**
     * PostgreSQL restarted: the connections the pool holds are closed, and the pool replaces each as it hands it out
     * (its validation). Every request is answered as the database allows, 503 while it is away, never with an internal
     * error, and 200 once it is back; readiness says UP again too.
     */
    @Test
    void aDatabaseRestartCostsNoRequestAnInternalError() throws Exception {
        api.post("/inventory/seed", session, null);
        for (int i = 0; i < 20; i++) {
            assertEquals(200, api.get("/inventory/stats", session).status()); // each HTTP worker holds a connection
        }
        List<Integer> statuses = new ArrayList<>();
        RealInfrastructure.withTheDatabaseStopped(() -> {
            Reply meanwhile = api.get("/inventory/stats", session);
            assertError(503, meanwhile);
            assertEquals("database unavailable, try again shortly", meanwhile.json().asJsonObject().getString("error"));
            assertEquals("*", meanwhile.header("Access-Control-Allow-Origin"), "a browser may read why");
        });
        for (int i = 0; i < 20; i++) {
            statuses.add(api.get("/inventory/stats", session).status());
        }
        assertFalse(statuses.contains(500), statuses.toString());
        assertEquals(200, statuses.get(statuses.size() - 1), statuses.toString());
        HttpRequest.Builder readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployed.getPort() + "/health/ready"));
        eventually().untilAsserted(() -> {
            Reply ready = api.send(readiness);
            assertEquals(200, ready.status(), "readiness, on the same HTTP workers: "
                    + ready.body());
        });
    }

    /** Every time it is asked: each answer takes a new look at the broker, made in the application, not in the health servlet's context. */
    @Test
    void readyWhenDatabaseAndBrokerAnswer() {
        HttpRequest.Builder readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployed.getPort() + "/health/ready"));
        for (int asked = 0; asked < 3; asked++) {
            Reply ready = api.send(readiness);
            assertEquals(200, ready.status(), ready.body());
            JsonObject check = ready.json().asJsonObject().getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                    .filter(c -> c.getString("name").equals("inventory-service")).findFirst().orElseThrow();
            assertEquals("UP", check.getString("status"));
            assertEquals("UP", check.getJsonObject("data").getString("database"));
            assertEquals("UP", check.getJsonObject("data").getString("broker"));
        }
    }

    private static void assertError(int status, Reply reply) {
        assertEquals(status, reply.status(), reply.body());
        assertTrue(reply.header("content-type").startsWith("application/json"), reply.header("content-type"));
        String error = reply.json().asJsonObject().getString("error");
        assertFalse(error.isBlank());
        assertFalse(error.contains("Exception") || error.contains("\tat ") || error.contains("org.sagademo"), "leaks internals: " + error);
    }

    private static void assertAllNumbers(JsonObject stats, int expected) {
        STATS.forEach((group, names) -> {
            assertEquals(Set.copyOf(names), stats.getJsonObject(group).keySet(), group);
            names.forEach(name -> assertNumber(expected, group + "." + name, stats.getJsonObject(group).get(name)));
        });
        TOP_LEVEL_TOTALS.forEach(name -> assertNumber(expected, name, stats.get(name)));
    }

    private static void assertNumber(int expected, String name, JsonValue value) {
        assertTrue(value instanceof JsonNumber, name + " is " + (value == null ? "missing" : value.getValueType()));
        if (expected >= 0) {
            assertEquals(expected, ((JsonNumber) value).intValue(), name);
        }
    }

    private static void assertTopLevelTotalsRepeatProducts(JsonObject stats) {
        JsonObject products = stats.getJsonObject("products");
        assertEquals(List.of(products.getInt("total_products"), products.getInt("total_stock"), products.getInt("total_reserved"),
                        products.getInt("total_available")),
                TOP_LEVEL_TOTALS.stream().map(stats::getInt).toList());
    }

    private static int sum(JsonArray products, String field) {
        return products.stream().mapToInt(product -> product.asJsonObject().getInt(field)).sum();
    }

    @Test
    void openApiDocumentDescribesTheApiAsItAnswers() {
        Reply reply = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployed.getPort() + "/openapi"))
                .header("Accept", "application/json"));
        assertEquals(200, reply.status(), reply.body());
        JsonObject document = reply.json().asJsonObject();
        JsonObject paths = document.getJsonObject("paths");
        assertTrue(paths.keySet().containsAll(List.of("/inventory", "/inventory/seed", "/inventory/reset", "/inventory/stats")),
                paths.keySet().toString());

        JsonObject header = resolve(document, "#/components/parameters/x-session-id").asJsonObject();
        assertEquals("header", header.getString("in"));
        assertTrue(header.getBoolean("required"));
        JsonObject format = header.getJsonObject("schema");
        assertEquals("^[A-Za-z0-9._:-]{1,128}$", format.getString("pattern"));
        assertEquals(1, format.getInt("minLength"));
        assertEquals(128, format.getInt("maxLength"));
        paths.values().stream().flatMap(path -> path.asJsonObject().values().stream()).forEach(operation ->
                assertEquals("#/components/parameters/x-session-id",
                        operation.asJsonObject().getJsonArray("parameters").getJsonObject(0).getString("$ref")));

        JsonObject seedResponses = paths.getJsonObject("/inventory/seed").getJsonObject("post").getJsonObject("responses");
        assertTrue(seedResponses.keySet().containsAll(List.of("200", "400", "409", "413", "415")), seedResponses.keySet().toString());
        JsonObject resetResponses = paths.getJsonObject("/inventory/reset").getJsonObject("post").getJsonObject("responses");
        assertFalse(resetResponses.containsKey("409"), "a reset deletes the reservations before it seeds: nothing can clash");
        JsonObject errors = document.getJsonObject("components").getJsonObject("responses");
        assertTrue(errors.containsKey("NotFound"));
        errors.values().forEach(error -> assertEquals("#/components/schemas/Error", error.asJsonObject()
                .getJsonObject("content").getJsonObject("application/json").getJsonObject("schema").getString("$ref")));
        assertAllReferencesResolve(document, document);

        // the schemas name the fields the service really answers with (the JSON names, not the Java ones)
        api.post("/inventory/seed", session, null);
        JsonObject product = api.get("/inventory", session).json().asJsonArray().getJsonObject(0);
        assertEquals(product.keySet(), properties(document, "#/components/schemas/ProductView").keySet());
        JsonObject stats = api.get("/inventory/stats", session).json().asJsonObject();
        JsonObject statsSchema = properties(document, "#/components/schemas/InventoryStats");
        assertEquals(stats.keySet(), statsSchema.keySet());
        for (String group : List.of("products", "reservations")) {
            assertEquals(stats.getJsonObject(group).keySet(), statsSchema.getJsonObject(group).getJsonObject("properties").keySet());
        }
        JsonObject error = api.get("/inventory", null).json().asJsonObject();
        assertEquals(error.keySet(), properties(document, "#/components/schemas/Error").keySet());
        assertEquals("string", properties(document, "#/components/schemas/Error").getJsonObject("error").getString("type"));
    }

    private static JsonValue resolve(JsonObject document, String reference) {
        return document.getValue(reference.substring(1));
    }

    private static JsonObject properties(JsonObject document, String schema) {
        return resolve(document, schema).asJsonObject().getJsonObject("properties");
    }

    private static void assertAllReferencesResolve(JsonObject document, JsonValue node) {
        if (node instanceof JsonObject object) {
            if (object.containsKey("$ref")) {
                String reference = object.getString("$ref");
                assertDoesNotThrow(() -> resolve(document, reference), reference);
            }
            object.values().forEach(child -> assertAllReferencesResolve(document, child));
        } else if (node instanceof JsonArray array) {
            array.forEach(child -> assertAllReferencesResolve(document, child));
        }
    }
}
