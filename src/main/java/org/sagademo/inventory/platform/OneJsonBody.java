package org.sagademo.inventory.platform;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A request body is one JSON object in UTF-8, or none. It is read whole ({@link RequestSizeLimit} refuses it past
 * 64 KiB, sent in chunks too) and checked on the parser's events before it is bound: JSON-B binds the first value and
 * stops, so {@code {...}oops} or two catalogues in a row would otherwise seed (or reset) with the first; it keeps the
 * last of a key given twice, so {@code {"id": "laptop", "id": "mouse"}} would seed the mouse; and it decodes bytes that
 * are not UTF-8 into U+FFFD, which a product's name would keep. A byte order mark before the JSON is dropped
 * ({@link JsonText}).
 * An empty body is no body, whatever its Content-Type says: the optional body of a seed, sent empty by a client that
 * always sets {@code Content-Type: application/json}, or by {@code curl -d ''} (a form's type) or a browser's
 * {@code fetch} with an empty string (text), means the demo catalogue, as no body does (Jersey's JSON-B reader refuses
 * an empty stream that comes with a Content-Type). A body that is not empty must say it is JSON, in UTF-8 and not
 * encoded (gzip): else 415.
 */
@Provider
public class OneJsonBody implements ReaderInterceptor {

    private static final JsonParserFactory PARSERS = Json.createParserFactory(null);

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        byte[] body = readWhole(context);
        if (body.length == 0) {
            return null;
        }
        requireJson(context.getMediaType(), context.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING));
        String text = JsonText.fromUtf8(body).orElseThrow(() -> new InvalidRequest("request body is not UTF-8"));
        String json = JsonText.withoutByteOrderMark(text);
        if (JsonText.nestsTooDeep(json)) {
            throw new InvalidRequest("request body nested deeper than " + JsonText.MAX_NESTING + " levels");
        }
        requireOneObject(json);
        context.setMediaType(MediaType.APPLICATION_JSON_TYPE); // the one the JSON-B reader is found by, in this case
        context.setInputStream(new ByteArrayInputStream(json.length() == text.length() ? body : json.getBytes(StandardCharsets.UTF_8)));
        return context.proceed();
    }

    /** A client that stops sending mid-body (gone, or half-closed) is its own mistake, not a fault of ours to log. */
    private static byte[] readWhole(ReaderInterceptorContext context) {
        try {
            return context.getInputStream().readAllBytes();
        } catch (IOException cutShort) {
            throw new InvalidRequest("request body could not be read whole: the client stopped sending it");
        }
    }

    /** JSON by its type, in any case ({@code Application/JSON}, {@code application/vnd.x+json}), UTF-8 if it says. */
    private static void requireJson(MediaType type, String encoding) {
        if (type != null && !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                && !type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json")) {
            throw new NotSupportedException("a request body is JSON (Content-Type: application/json), not " + type);
        }
        String charset = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !isUtf8(charset)) {
            throw new NotSupportedException("a request body is JSON in UTF-8, not " + charset);
        }
        if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
            throw new NotSupportedException("a request body is sent as it is, not with Content-Encoding " + encoding);
        }
    }

    /** By any of its names ({@code utf8} too); an unknown name is not UTF-8. */
    private static boolean isUtf8(String charset) {
        try {
            return Charset.forName(charset).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /**
     * One object, no key twice in any object of it, nothing but white space after it. Parsed from its UTF-8 text,
     * whatever its first bytes look like (from bytes, the parser would take UTF-16 by them).
     */
    private static void requireOneObject(String body) {
        try (JsonParser parser = PARSERS.createParser(new StringReader(body))) {
            if (parser.next() != Event.START_OBJECT) {
                throw new InvalidRequest("a request body is a JSON object");
            }
            JsonText.keyGivenTwice(parser).ifPresent(key -> {
                throw new InvalidRequest("request body gives \"" + StorableText.cleaned(key, 64) + "\" twice in one object");
            });
            if (JsonText.somethingFollows(parser)) {
                throw new InvalidRequest("request body holds more than one JSON value, or text after it");
            }
        }
    }
}
