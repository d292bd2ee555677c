package org.sagademo.inventory.platform;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ContainerErrorsTest {

    @Test
    void aRequestTheRuntimeCouldNotReadIsAJsonErrorABrowserCanRead() throws Exception {
        Answer answer = answer(400, "Bad Request", null);
        assertEquals(400, answer.status);
        assertEquals("Bad Request: a header that cannot be read (such as Content-Type or Accept), or given twice", answer.error());
        assertEquals("*", answer.headers.get("Access-Control-Allow-Origin"));
        assertEquals("application/json", answer.headers.get("Content-Type"));
    }

    @Test
    void ourOwnFaultTellsNothingOfItsCause() throws Exception {
        Answer answer = answer(500, "org.sagademo.inventory.Secret failed",
                new IllegalStateException("org.sagademo.inventory.Secret failed"));
        assertEquals(500, answer.status);
        assertEquals("internal error", answer.error());
    }

    @Test
    void anyOtherStatusGivesItsReasonNotTheContainersMessage() throws Exception {
        assertEquals("Service Unavailable", answer(503, "Servlet org.sagademo.X is currently unavailable", null).error());
    }

    private static final class Answer {
        int status;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String error() {
            JsonObject json = Json.createReader(new StringReader(body.toString(StandardCharsets.UTF_8))).readObject();
            return json.getString("error");
        }
    }

    /** What the error page answers a request the container dispatched to it with these attributes. */
    private static Answer answer(int status, String message, Throwable thrown) throws Exception {
        Map<String, Object> attributes = Map.of(RequestDispatcher.ERROR_STATUS_CODE, status,
                RequestDispatcher.ERROR_MESSAGE, message);
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (proxy, method, args) -> method.getName().equals("getAttribute")
                        ? (RequestDispatcher.ERROR_EXCEPTION.equals(args[0]) ? thrown : attributes.get(args[0])) : null);
        Answer answer = new Answer();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                answer.body.write(b);
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                new Class<?>[]{HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus" -> answer.status = (Integer) args[0];
                        case "setHeader" -> answer.headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> answer.headers.put("Content-Type", (String) args[0]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
        new ContainerErrors().service(request, response);
        return answer;
    }
}
