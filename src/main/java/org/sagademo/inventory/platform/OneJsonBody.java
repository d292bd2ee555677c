package org.sagademo.inventory.platform;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * A request body is one JSON value, or none. It is read whole ({@link RequestSizeLimit} refuses it past 64 KiB, sent
 * in chunks too) before it is bound, and anything but white space after its value is a 400: JSON-B binds the first
 * value and stops, so {@code {...}oops} or two catalogues in a row would otherwise seed (or reset) with the first.
 * An empty body is no body, whatever its Content-Type says: the optional body of a seed, sent empty by a client that
 * always sets {@code Content-Type: application/json}, or by {@code curl -d ''} (a form's type) or a browser's
 * {@code fetch} with an empty string (text), means the demo catalogue, as no body does (Jersey's JSON-B reader refuses
 * an empty stream that comes with a Content-Type). A body that is not empty must say it is JSON: else 415.
 */
@Provider
public class OneJsonBody implements ReaderInterceptor {

    private static final JsonParserFactory PARSERS = Json.createParserFactory(null);
    private static final String TEXT_AFTER_THE_VALUE = "request body holds more than one JSON value, or text after it";

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        byte[] body = context.getInputStream().readAllBytes();
        if (body.length == 0) {
            return null;
        }
        MediaType type = context.getMediaType();
        if (type != null && !type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.getSubtype().endsWith("+json")) {
            throw new NotSupportedException("a request body is JSON (Content-Type: application/json), not " + type);
        }
        context.setInputStream(new ByteArrayInputStream(body));
        Object value = context.proceed();
        requireNothingAfterItsValue(body);
        if (value == null) { // the JSON null, which JSON-B binds to no object: a reset with it must not mean the demo's
            throw new InvalidRequest("a request body is a JSON object, not null");
        }
        return value;
    }

    /** Reached once the body's first value was bound, so the value itself is well-formed JSON. */
    private static void requireNothingAfterItsValue(byte[] body) {
        try (JsonParser parser = PARSERS.createParser(new ByteArrayInputStream(body))) {
            JsonParser.Event first = parser.next();
            if (first == JsonParser.Event.START_OBJECT) {
                parser.skipObject();
            } else if (first == JsonParser.Event.START_ARRAY) {
                parser.skipArray();
            }
            if (parser.hasNext()) {
                throw new InvalidRequest(TEXT_AFTER_THE_VALUE);
            }
        } catch (JsonParsingException notWhiteSpace) { // how Parsson's hasNext() answers most trailing text
            throw new InvalidRequest(TEXT_AFTER_THE_VALUE);
        }
    }
}
