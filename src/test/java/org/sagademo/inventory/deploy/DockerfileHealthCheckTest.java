package org.sagademo.inventory.deploy;

import com.sun.net.httpserver.HttpExchange;
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

/**
 * The image's HEALTHCHECK, run as Docker would run it, against answers Payara gives (no Docker engine here). It asks
 * liveness, not readiness: an orchestrator that restarts unhealthy containers (Swarm, ECS) would otherwise restart every
 * instance while the database is away, which the service waits out (decision 13).
 */
class DockerfileHealthCheckTest {

    private static final String LIVE = """
            {"status":"UP","checks":[{"name":"incoming-queue-consumers","status":"UP","data":{"events waiting":"0"}}]}""";
    /** What Payara answers when the WAR failed to deploy: its health endpoint, without the service's check. */
    private static final String NOTHING_DEPLOYED = """
            {"status":"UP","checks":[]}""";
    private static final String CONSUMERS_LOST = """
            {"status":"DOWN","checks":[{"name":"incoming-queue-consumers","status":"DOWN","data":{"events waiting":"12"}}]}""";
    private static final String DATABASE_DOWN = """
            {"status":"DOWN","checks":[{"name":"inventory-service","status":"DOWN","data":{"database":"DOWN","broker":"UP"}}]}""";

    @Test
    void healthyWhileTheServiceLivesThoughTheDatabaseIsAway() throws Exception {
        assertEquals(0, healthCheckAgainst(200, LIVE));
        assertEquals(1, healthCheckAgainst(200, NOTHING_DEPLOYED));
        assertEquals(1, healthCheckAgainst(503, CONSUMERS_LOST));
    }

    private static int healthCheckAgainst(int status, String body) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health/live", exchange -> answer(exchange, status, body));
        server.createContext("/health/ready", exchange -> answer(exchange, 503, DATABASE_DOWN));
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

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
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
