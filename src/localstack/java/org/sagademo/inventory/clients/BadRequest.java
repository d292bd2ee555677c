package org.sagademo.inventory.clients;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A malformed HTTP request, as raw HTTP/1.1 for a session (some are more than an HTTP library would send),
 * and what must come of it: a 4xx with the service's JSON error, nothing changed. The one list of them is
 * sent by the integration tests (one test each) and by the fault suite (all at once), as are the bad
 * session headers and seed bodies below.
 *
 * @param status                the service's answer
 * @param refusedByTheContainer answered by the container before the service sees it, with a 4xx of its own (a
 *                              bodiless 400; its 404 page where the application has a context path), and no
 *                              setting changes that without undoing a security fix (faults/README.md, "Bad input
 *                              the container answers itself")
 */
public record BadRequest(String name, UnaryOperator<String> request, int status, boolean refusedByTheContainer) {

    /** Session headers every endpoint answers with a 400 and a JSON error. */
    public static final List<String> MALFORMED_SESSIONS = List.of("", "has space", "semi;colon", "quote'", "ünïcode", "a/b");

    /** Bodies that POST /inventory/seed and /inventory/reset answer with a 400 and a JSON error, changing nothing. */
    public static final List<String> BAD_SEED_BODIES = List.of(
            "{\"products\":[{\"id\":\"laptop\"",                                      // truncated JSON
            "not json",
            "{\"products\":[{\"id\":\"laptop\",\"name\":\"L\",\"stock_level\":\"ten\"}]}", // wrong type
            "{\"products\":[{\"id\":\"laptop\",\"name\":\"L\",\"stock_level\":-1}]}",     // negative stock
            "{\"products\":[{\"id\":\"laptop\",\"name\":\"L\",\"stock_level\":1.5}]}",    // fractional stock
            "{\"products\":[{\"id\":\"bad id\",\"name\":\"L\",\"stock_level\":1}]}",      // bad product id
            "{\"products\":[{\"name\":\"L\",\"stock_level\":1}]}",                        // missing id
            "{\"products\":[{\"id\":\"laptop\",\"name\":\"L\\u0000\",\"stock_level\":1}]}",            // NUL in the name
            "{\"products\":[{\"id\":\"laptop\",\"name\":\"L\\ud800\",\"stock_level\":1}]}",            // half a surrogate pair
            "{\"products\":[]}",                                                          // empty catalogue
            "{\"products\":[null]}",
            "{\"products\":\"laptop\"}",
            "{\"products\":{\"id\":\"laptop\",\"name\":\"L\",\"stock_level\":1}}",      // one product, not in a list
            "[]",
            "{\"products\":[{\"id\":\"laptop\",\"name\":\"L\",\"stock_level\":1}]}oops",      // text after the JSON
            "{\"products\":[{\"id\":\"laptop\",\"name\":\"L\",\"stock_level\":1}]} {\"products\":[]}", // two values
            "{\"products\":[{\"id\":\"laptop\",\"name\":\"L\",\"stock_level\":\"500\"}]}", // a number as a string
            "{\"products\":[{\"id\":42,\"name\":\"L\",\"stock_level\":1}]}",       // an id as a number
            "{\"products\":[{\"id\":\"laptop\",\"name\":true,\"stock_level\":1}]}", // a name as a boolean
            "{\"products\":[{\"id\":\"laptop\",\"name\":[\"L\"],\"stock_level\":1}]}", // a name as an array
            "{\"products\":[\"laptop\"]}",                                                // a product as a string
            "null",                                                                     // the JSON null: not no body
            "{\"products\":[{\"id\":\"laptop\",\"name\":\"A\",\"stock_level\":50},"
                    + "{\"id\":\"laptop\",\"name\":\"B\",\"stock_level\":0}]}",      // one product twice
            "{\"products\":[{\"id\":\"laptop\",\"id\":\"mouse\",\"name\":\"L\",\"stock_level\":2}]}", // a key twice
            "{\"products\":[{\"id\":\"laptop\",\"stock_level\":50}],\"products\":[{\"id\":\"mouse\",\"stock_level\":0}]}",
            "{\"products\":[{\"id\":\"laptop\",\"stock_level\":1,\"extra\":" + "[".repeat(40) + "]".repeat(40) + "}]}", // 43 deep
            "{\"products\":[{\"id\":\"laptop\",\"stock_level\":7}]}".replaceAll("(.)", "$1\u0000")); // UTF-16LE, valid UTF-8

    /** The request as the given session sends it. */
    public String in(String session) {
        return request.apply(session);
    }

    public static List<BadRequest> all() {
        List<BadRequest> all = new ArrayList<>();
        plain(all, "no session header", session -> "GET /inventory HTTP/1.1\r\n\r\n");
        plain(all, "empty session header", session -> "GET /inventory HTTP/1.1\r\nx-session-id: \r\n\r\n");
        plain(all, "session with space", session -> "GET /inventory HTTP/1.1\r\nx-session-id: a b\r\n\r\n");
        plain(all, "session 129 chars", session -> "GET /inventory HTTP/1.1\r\nx-session-id: " + "s".repeat(129) + "\r\n\r\n");
        all.add(new BadRequest("session non-ASCII", session -> "GET /inventory HTTP/1.1\r\nx-session-id: ünï\r\n\r\n", 400, true));
        plain(all, "session header twice", session -> "POST /inventory/reset HTTP/1.1\r\n" + header(session) + "x-session-id: other\r\n"
                + "Content-Length: 0\r\n\r\n");
        plain(all, "session SQL injection", session -> "GET /inventory/stats HTTP/1.1\r\nx-session-id: ' OR 1=1 --\r\n\r\n");
        plain(all, "session path traversal", session -> "GET /inventory HTTP/1.1\r\nx-session-id: ../../etc/passwd\r\n\r\n");
        plain(all, "session script", session -> "POST /inventory/reset HTTP/1.1\r\nx-session-id: <script>\r\n\r\n");
        json(all, "truncated JSON", "/inventory/seed", "{\"products\":[");
        json(all, "not JSON", "/inventory/seed", "hello");
        json(all, "stock a string", "/inventory/seed", seedBody("laptop", "\"x\""));
        json(all, "negative stock", "/inventory/seed", seedBody("laptop", "-1"));
        json(all, "huge stock", "/inventory/seed", seedBody("laptop", "1e20"));
        json(all, "fractional stock", "/inventory/seed", seedBody("laptop", "2.5"));
        json(all, "id SQL injection", "/inventory/seed", seedBody("laptop'; DROP TABLE products;--", "1"));
        json(all, "empty id", "/inventory/reset", seedBody("", "1"));
        json(all, "name too long", "/inventory/seed",
                "{\"products\":[{\"id\":\"laptop\",\"name\":\"" + "n".repeat(5000) + "\",\"stock_level\":1}]}");
        json(all, "products an object", "/inventory/seed", "{\"products\":{}}");
        json(all, "top-level array", "/inventory/reset", "[]");
        json(all, "100 KB body", 413, "/inventory/seed", "{\"products\":[" + "1,".repeat(50_000) + "1]}");
        plain(all, "70 KB of chunks after the JSON", 413, session -> "POST /inventory/seed HTTP/1.1\r\n" + header(session)
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk(seedBody("laptop", "1")) + chunk(" ".repeat(70_000)) + "0\r\n\r\n");
        plain(all, "Content-Length 10 MB", 413, session -> "POST /inventory/seed HTTP/1.1\r\n" + header(session)
                + "Content-Type: application/json\r\nContent-Length: 10485760\r\n\r\n{}");
        plain(all, "Content-Length past 2 GiB", 413, session -> "POST /inventory/seed HTTP/1.1\r\n" + header(session)
                + "Content-Type: application/json\r\nContent-Length: 3000000000\r\n\r\n{}");
        plain(all, "seed without a session header", session -> post("/inventory/seed", session, "application/json",
                seedBody("laptop", "1")).replace(header(session), ""));
        plain(all, "reset without a session header", session -> "POST /inventory/reset HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        plain(all, "text/plain body", 415, session -> post("/inventory/seed", session, "text/plain", "laptop=5"));
        plain(all, "XML body", 415, session -> post("/inventory/seed", session, "application/xml", "<products/>"));
        plain(all, "JSON in Latin-1", 415, session -> post("/inventory/seed", session, "application/json; charset=ISO-8859-1",
                seedBody("laptop", "1")));
        plain(all, "gzip body", 415, session -> post("/inventory/seed", session, "application/json", seedBody("laptop", "1"))
                .replace(header(session), header(session) + "Content-Encoding: gzip\r\n"));
        plain(all, "DELETE /inventory", 405, session -> "DELETE /inventory HTTP/1.1\r\n" + header(session) + "\r\n");
        plain(all, "PUT /inventory/seed", 405, session -> post("/inventory/seed", session, "application/json", "{}").replace("POST", "PUT"));
        plain(all, "PATCH /inventory", 405, session -> "PATCH /inventory HTTP/1.1\r\n" + header(session) + "Content-Length: 0\r\n\r\n");
        plain(all, "GET /inventory/seed", 405, session -> "GET /inventory/seed HTTP/1.1\r\n" + header(session) + "\r\n");
        json(all, "POST /inventory", 405, "/inventory", "{}");
        plain(all, "unknown path", 404, session -> "GET /nowhere HTTP/1.1\r\n" + header(session) + "\r\n");
        plain(all, "unknown sub-path", 404, session -> "GET /inventory/everything HTTP/1.1\r\n" + header(session) + "\r\n");
        all.add(new BadRequest("encoded traversal",
                session -> "GET /inventory/..%2F..%2Fetc%2Fpasswd HTTP/1.1\r\n" + header(session) + "\r\n", 400, true));
        plain(all, "Content-Type unreadable", session -> post("/inventory/seed", session, "json", seedBody("laptop", "1")));
        plain(all, "Content-Type twice", session -> post("/inventory/seed", session, "application/json", seedBody("laptop", "1"))
                .replace(header(session), header(session) + "Content-Type: application/json\r\n"));
        plain(all, "Content-Type unreadable on a GET", session -> "GET /inventory HTTP/1.1\r\n" + header(session)
                + "Content-Type: application/json;charset=\r\n\r\n");
        plain(all, "Accept with an unreadable quality", session -> "GET /inventory HTTP/1.1\r\n" + header(session)
                + "Accept: application/json;q=x\r\n\r\n");
        plain(all, "Accept XML only", 406, session -> "GET /inventory HTTP/1.1\r\n" + header(session) + "Accept: application/xml\r\n\r\n");
        plain(all, "Accept refusing JSON", 406, session -> "GET /inventory/stats HTTP/1.1\r\n" + header(session)
                + "Accept: application/json;q=0, text/html\r\n\r\n");
        return all;
    }

    /** One the service answers itself, with a 400. */
    private static void plain(List<BadRequest> all, String name, UnaryOperator<String> request) {
        plain(all, name, 400, request);
    }

    private static void plain(List<BadRequest> all, String name, int status, UnaryOperator<String> request) {
        all.add(new BadRequest(name, request, status, false));
    }

    private static void json(List<BadRequest> all, String name, String path, String body) {
        json(all, name, 400, path, body);
    }

    private static void json(List<BadRequest> all, String name, int status, String path, String body) {
        plain(all, name, status, session -> post(path, session, "application/json", body));
    }

    private static String header(String session) {
        return "x-session-id: " + session + "\r\n";
    }

    private static String post(String path, String session, String contentType, String body) {
        return "POST " + path + " HTTP/1.1\r\n" + header(session) + "Content-Type: " + contentType + "\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    private static String seedBody(String id, String stock) {
        return "{\"products\":[{\"id\":\"" + id + "\",\"name\":\"X\",\"stock_level\":" + stock + "}]}";
    }

    /** What a parameterized test calls it. */
    @Override
    public String toString() {
        return name;
    }
}
