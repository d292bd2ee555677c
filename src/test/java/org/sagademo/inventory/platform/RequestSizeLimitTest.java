package org.sagademo.inventory.platform;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestSizeLimitTest {

    private static final int LIMIT = RequestSizeLimit.MAX_BODY_BYTES;

    @Test
    void anAnnouncedLengthOverTheLimitIsRefusedBeforeAnythingIsRead() {
        Request request = new Request(LIMIT + 1, new byte[LIMIT + 1]);
        assertTooLarge(() -> new RequestSizeLimit().filter(request.context()));
        assertNull(request.replaced, "the body was not touched");
    }

    @Test
    void anAnnouncedLengthPastAnIntIsRefusedToo() {
        Request request = new Request(3_000_000_000L, new byte[0]);
        assertTooLarge(() -> new RequestSizeLimit().filter(request.context()));
        Request absurd = new Request(Long.MAX_VALUE, new byte[0]);
        assertTooLarge(() -> new RequestSizeLimit().filter(absurd.context()));
    }

    @Test
    void aBodyOfExactlyTheLimitIsReadWhole() throws IOException {
        assertEquals(LIMIT, filtered(LIMIT, LIMIT).readAllBytes().length);
        assertEquals(LIMIT, filtered(-1, LIMIT).readAllBytes().length, "streamed, no length announced");
    }

    @Test
    void aStreamedBodyOverTheLimitFailsWhenItCrossesIt() throws IOException {
        InputStream body = filtered(-1, LIMIT + 1);
        assertEquals(LIMIT, body.readNBytes(LIMIT).length);
        assertTooLarge(body::read);
    }

    @Test
    void anAnnouncedLengthThatLiesIsCaughtWhileReading() {
        InputStream body = filtered(100, 2 * LIMIT);
        assertTooLarge(body::readAllBytes);
    }

    private static InputStream filtered(long announced, int actual) {
        Request request = new Request(announced, new byte[actual]);
        new RequestSizeLimit().filter(request.context());
        return request.replaced;
    }

    private static void assertTooLarge(org.junit.jupiter.api.function.Executable reading) {
        WebApplicationException refused = assertThrows(WebApplicationException.class, reading);
        assertEquals(413, refused.getResponse().getStatus());
    }

    /** A request as the filter sees it: an announced length (-1: none) and a body it may replace. */
    private static final class Request {
        private final long length;
        private final InputStream body;
        private InputStream replaced;

        Request(long length, byte[] body) {
            this.length = length;
            this.body = new ByteArrayInputStream(body);
        }

        ContainerRequestContext context() {
            return (ContainerRequestContext) Proxy.newProxyInstance(ContainerRequestContext.class.getClassLoader(),
                    new Class<?>[]{ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getHeaderString" -> "Content-Length".equalsIgnoreCase((String) args[0]) && length >= 0 ? String.valueOf(length) : null;
                        case "getEntityStream" -> body;
                        case "setEntityStream" -> {
                            replaced = (InputStream) args[0];
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
