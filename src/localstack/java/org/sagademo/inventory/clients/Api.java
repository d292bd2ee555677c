package org.sagademo.inventory.clients;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** A browser-like client of the HTTP API, and a raw one for requests no HTTP library would send. */
public final class Api {

    /** HTTP/1.1 as browsers, curl and wrk speak it in clear text: java.net.http's default would upgrade to HTTP/2
     *  (h2c, which Payara accepts), and the training start would profile a transport no user's request takes. */
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public Api(URI base) {
        this.base = base;
    }

    /** The product of that id in a GET /inventory answer; an empty object if the answer has none. */
    public static JsonObject product(JsonStructure inventory, String id) {
        return inventory.asJsonArray().stream().map(JsonValue::asJsonObject).filter(p -> id.equals(p.getString("id")))
                .findFirst().orElse(JsonValue.EMPTY_JSON_OBJECT);
    }

    /** A reset's body: products p0, p1, ... with the same stock each. */
    public static String catalogue(int products, int stockEach) {
        return IntStream.range(0, products)
                .mapToObj(i -> "{\"id\":\"p" + i + "\",\"name\":\"P" + i + "\",\"stock_level\":" + stockEach + "}")
                .collect(Collectors.joining(",", "{\"products\":[", "]}"));
    }

    public Reply get(String path, String session) {
        return send(request(path, session).GET());
    }

    public Reply post(String path, String session, String json) {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        HttpRequest.Builder request = request(path, session).POST(body);
        if (json != null) {
            request.header("content-type", "application/json");
        }
        return send(request);
    }

    public Reply send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response);
    }

    /** The answer's body as the bytes that came, whatever its Content-Type says they are. */
    public HttpResponse<byte[]> bytes(HttpRequest.Builder request) {
        return exchange(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (session != null) {
            request.header("x-session-id", session);
        }
        return request;
    }

    public URI uri(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    /**
     * Writes the request as it is onto a socket, its path below the base and with Host and Connection: close
     * added, and reads the whole answer: to its Content-Length, or to the end of the connection (a server that
     * answered a body it gave up on may keep the connection open a while).
     */
    public RawReply raw(String request) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String below = request.replaceFirst(" /", " " + base.getPath().replaceAll("/$", "") + "/");
            String withHost = below.replaceFirst("\r\n", "\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n");
            out.write(withHost.getBytes(StandardCharsets.UTF_8));
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                byte[] chunk = new byte[8192];
                long whole = Long.MAX_VALUE; // known once the head has come
                for (int n; received.size() < whole && (n = socket.getInputStream().read(chunk)) >= 0; ) {
                    received.write(chunk, 0, n);
                    if (whole == Long.MAX_VALUE) {
                        whole = wholeLength(received.toByteArray());
                    }
                }
            } catch (IOException e) {
                // the server may close after answering a body it refused to read
            }
            return RawReply.of(received.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer's length in bytes, head and body, by its Content-Length; MAX_VALUE before its head or without one. */
    private static long wholeLength(byte[] answerSoFar) {
        String text = new String(answerSoFar, StandardCharsets.ISO_8859_1); // one char per byte: offsets are byte counts
        int headEnd = text.indexOf("\r\n\r\n");
        String length = headEnd < 0 ? null : RawReply.header(text.substring(0, headEnd).split("\r\n"), "content-length");
        return length == null ? Long.MAX_VALUE : headEnd + 4 + Long.parseLong(length);
    }

    /**
     * A POST whose body stops coming: its headers promise 100 bytes, a few are sent, then nothing (the connection stays
     * open until the server gives up).
     */
    public RawReply postThatStopsSending(String path, String session) {
        return raw("POST " + path + " HTTP/1.1\r\nx-session-id: " + session
                + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"products\": [");
    }

    /** @param allowOrigin the Access-Control-Allow-Origin header, or null */
    public record RawReply(int status, String contentType, String allowOrigin, String body) {
        static RawReply of(String response) {
            String[] headAndBody = response.split("\r\n\r\n", 2);
            String[] head = headAndBody[0].split("\r\n");
            int status = head.length > 0 && head[0].startsWith("HTTP/") ? Integer.parseInt(head[0].split(" ")[1]) : 0;
            return new RawReply(status, header(head, "content-type"), header(head, "access-control-allow-origin"),
                    headAndBody.length > 1 ? headAndBody[1] : "");
        }

        private static String header(String[] head, String name) {
            String value = null;
            for (String line : head) {
                if (line.toLowerCase().startsWith(name + ":")) {
                    value = line.substring(name.length() + 1).trim();
                }
            }
            return value;
        }

        public boolean isClientError() {
            return status >= 400 && status < 500;
        }

        /** The service's own error: JSON with an {@code error}. */
        public boolean isJsonError() {
            try {
                return contentType != null && contentType.startsWith("application/json")
                        && Json.createReader(new StringReader(body)).readObject().containsKey("error");
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    public record Reply(int status, String body, HttpResponse<String> response) {
        public JsonStructure json() {
            return Json.createReader(new StringReader(body)).read();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }
}
