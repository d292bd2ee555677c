package org.sagademo.inventory.deploy;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The image's HEALTHCHECK, run as Docker would run it, against answers Payara gives (no Docker engine here). */
class DockerfileHealthCheckTest {

    private static final String READY = """
            {"status":"UP","checks":[{"name":"inventory-service","status":"UP","data":{"database":"UP","broker":"UP"}}]}""";
    /** What Payara answers when the WAR failed to deploy: its health endpoint, without the service's check. */
    private static final String NOTHING_DEPLOYED = """
            {"status":"UP","checks":[]}""";
    private static final String DOWN = """
            {"status":"DOWN","checks":[{"name":"inventory-service","status":"DOWN","data":{"database":"DOWN","broker":"UP"}}]}""";

    @Test
    void healthyOnlyWhenTheServiceItselfIsReady() throws Exception {
        assertEquals(0, healthCheckAgainst(200, READY));
        assertEquals(1, healthCheckAgainst(200, NOTHING_DEPLOYED));
        assertEquals(1, healthCheckAgainst(503, DOWN));
    }

    private static int healthCheckAgainst(int status, String body) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health/ready", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            ProcessBuilder check = new ProcessBuilder(healthCheckCommand()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            check.environment().put("INVENTORY_HTTP_PORT", String.valueOf(server.getAddress().getPort()));
            Process process = check.start();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the check ends within Docker's 5 s timeout and some");
            return process.exitValue();
        } finally {
            server.stop(0);
        }
    }

    /** HEALTHCHECK's exec form: a JSON array after CMD. */
    private static List<String> healthCheckCommand() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Matcher cmd = Pattern.compile("HEALTHCHECK [^\\n]*\\\\\\n\\s*CMD (\\[.*])").matcher(dockerfile);
        assertTrue(cmd.find(), "HEALTHCHECK ... CMD [...] in the Dockerfile");
        JsonArray command = Json.createReader(new StringReader(cmd.group(1))).readArray();
        return command.getValuesAs(value -> ((JsonString) value).getString());
    }
}
