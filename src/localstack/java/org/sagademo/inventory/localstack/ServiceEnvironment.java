package org.sagademo.inventory.localstack;

import org.sagademo.inventory.clients.SagaBroker;

import java.util.LinkedHashMap;
import java.util.Map;

/** The variables the Payara configuration reads, with the local defaults the README lists (the start script sizes the rest). */
public final class ServiceEnvironment {

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("INVENTORY_HTTP_PORT", "3002");
        DEFAULTS.put("INVENTORY_HTTP_ADDRESS", "127.0.0.1");
        DEFAULTS.put("INVENTORY_DB_HOST", "127.0.0.1");
        DEFAULTS.put("INVENTORY_DB_PORT", "15432");
        DEFAULTS.put("INVENTORY_DB_NAME", EmbeddedDatabase.NAME);
        DEFAULTS.put("INVENTORY_DB_USER", EmbeddedDatabase.USER);
        DEFAULTS.put("INVENTORY_DB_PASSWORD", EmbeddedDatabase.PASSWORD);
        DEFAULTS.put("INVENTORY_BROKER_HOST", "127.0.0.1");
        DEFAULTS.put("INVENTORY_BROKER_PORT", "61616");
        DEFAULTS.put("INVENTORY_BROKER_USER", SagaBroker.USER);
        DEFAULTS.put("INVENTORY_BROKER_PASSWORD", SagaBroker.PASSWORD);
    }

    private ServiceEnvironment() {
    }

    /**
     * The defaults, overridden by whatever INVENTORY_* variables are given, but for the local database's and broker's
     * names and credentials: theirs are fixed, and ones given without a host of their own are for another database or
     * broker (a password left in the shell would otherwise fail the service's sign-on).
     */
    public static Map<String, String> withDefaults(Map<String, String> given) {
        Map<String, String> env = new LinkedHashMap<>(DEFAULTS);
        given.forEach((name, value) -> {
            if (name.startsWith("INVENTORY_") && !ofLocalService(name, given)) {
                env.put(name, value);
            }
        });
        return env;
    }

    private static boolean ofLocalService(String name, Map<String, String> given) {
        return name.matches("INVENTORY_DB_(NAME|USER|PASSWORD)") && !given.containsKey("INVENTORY_DB_HOST")
                || name.matches("INVENTORY_BROKER_(USER|PASSWORD)") && !given.containsKey("INVENTORY_BROKER_HOST");
    }

    /** One of several instances sharing a database and broker: only its HTTP port is its own. */
    public static Map<String, String> instance(Map<String, String> shared, int http) {
        Map<String, String> env = new LinkedHashMap<>(shared);
        env.put("INVENTORY_HTTP_PORT", String.valueOf(http));
        return env;
    }
}
