package org.sagademo.inventory.deploy;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sagademo.inventory.clients.Api;
import org.sagademo.inventory.localstack.FreePort;
import org.sagademo.inventory.localstack.PayaraMicroProcess;
import org.sagademo.inventory.localstack.ServiceEnvironment;
import org.sagademo.inventory.support.RealInfrastructure;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service as its start script launches it signs on to PostgreSQL and the broker with a user and password holding
 * every character Payara's property lists read as syntax (a base64 password ends in '='): its schema migrated, its
 * readiness UP, its listeners consuming as that user (the start script escapes what the post-boot commands need).
 */
@ExtendWith(RealInfrastructure.class)
class CredentialsIT {

    private static final String USER = "sign=on:user";
    private static final String PASSWORD = "Zm9v:YmFy\\'\"+/==";
    /** The database's pool reads its password whole: whitespace too. */
    private static final String DB_PASSWORD = "Zm9v: YmFy\\'\"+/==";

    @Test
    void aUserAndPasswordWithSeparatorsAndQuotesSignOn() throws Exception {
        RealInfrastructure.embeddedDatabase().addDatabase("credentials", USER, DB_PASSWORD);
        RealInfrastructure.embeddedBroker().addUser(USER, PASSWORD);
        int http = FreePort.pick();
        Path payaraDir = Path.of(System.getProperty("inventory.payaraDir"));
        Path log = payaraDir.resolveSibling("credentials-it.log");
        Map<String, String> given = new LinkedHashMap<>();
        given.put("INVENTORY_HTTP_PORT", String.valueOf(http));
        given.put("INVENTORY_DB_HOST", "127.0.0.1");
        given.put("INVENTORY_DB_PORT", System.getProperty("it.db.port"));
        given.put("INVENTORY_DB_NAME", "credentials");
        given.put("INVENTORY_DB_USER", USER);
        given.put("INVENTORY_DB_PASSWORD", DB_PASSWORD);
        given.put("INVENTORY_BROKER_HOST", "127.0.0.1");
        given.put("INVENTORY_BROKER_PORT", System.getProperty("it.broker.port"));
        given.put("INVENTORY_BROKER_USER", USER);
        given.put("INVENTORY_BROKER_PASSWORD", PASSWORD);
        // queues of its own, so that it takes no event of the other tests
        given.put("INVENTORY_INCOMING_QUEUE", "credentials-orders");
        given.put("INVENTORY_OUTGOING_QUEUE", "credentials-answers");
        Map<String, String> env = ServiceEnvironment.withDefaults(given);
        ProcessBuilder launcher = PayaraMicroProcess.builder(payaraDir, Path.of(System.getProperty("inventory.serverConfigDir")), env)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Process service = PayaraMicroProcess.startServing(launcher, http, log);
        try {
            Api.Reply ready = new Api(URI.create("http://127.0.0.1:" + http)).get("/health/ready", null);
            assertEquals(200, ready.status(), ready.body());
            JsonObject checks = ready.json().asJsonObject().getJsonArray("checks").getJsonObject(0).getJsonObject("data");
            assertEquals("UP", checks.getString("database"), ready.body());
            assertEquals("UP", checks.getString("broker"), ready.body());
            assertTrue(RealInfrastructure.embeddedBroker().consumers(USER, "credentials-orders") > 0,
                    "the listeners signed on as " + USER);
        } finally {
            PayaraMicroProcess.stop(service);
        }
    }
}
