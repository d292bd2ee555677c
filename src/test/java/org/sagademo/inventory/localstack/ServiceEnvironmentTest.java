package org.sagademo.inventory.localstack;

import org.junit.jupiter.api.Test;
import org.sagademo.inventory.clients.SagaBroker;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceEnvironmentTest {

    @Test
    void theLocalDatabaseAndBrokerKeepTheirOwnCredentialsWhateverTheShellSets() {
        Map<String, String> env = ServiceEnvironment.withDefaults(Map.of(
                "INVENTORY_DB_PASSWORD", "left-over", "INVENTORY_DB_NAME", "orders", "INVENTORY_DB_PORT", "25432",
                "INVENTORY_BROKER_USER", "someone", "INVENTORY_DEMO_DELAY_MS", "2000"));
        assertEquals(EmbeddedDatabase.PASSWORD, env.get("INVENTORY_DB_PASSWORD"));
        assertEquals(EmbeddedDatabase.NAME, env.get("INVENTORY_DB_NAME"));
        assertEquals("25432", env.get("INVENTORY_DB_PORT"), "the local database's port follows the setting");
        assertEquals(SagaBroker.USER, env.get("INVENTORY_BROKER_USER"));
        assertEquals("2000", env.get("INVENTORY_DEMO_DELAY_MS"));
    }

    @Test
    void anExternalDatabaseOrBrokerGetsTheCredentialsGiven() {
        Map<String, String> env = ServiceEnvironment.withDefaults(Map.of(
                "INVENTORY_DB_HOST", "db.example", "INVENTORY_DB_USER", "svc", "INVENTORY_DB_PASSWORD", "secret",
                "INVENTORY_BROKER_HOST", "mq.example", "INVENTORY_BROKER_PASSWORD", "mq-secret"));
        assertEquals("svc", env.get("INVENTORY_DB_USER"));
        assertEquals("secret", env.get("INVENTORY_DB_PASSWORD"));
        assertEquals("mq-secret", env.get("INVENTORY_BROKER_PASSWORD"));
    }
}
