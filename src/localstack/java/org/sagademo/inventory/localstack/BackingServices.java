package org.sagademo.inventory.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL and Artemis that the service instances of a local run share: started on this machine
 * unless INVENTORY_DB_HOST / INVENTORY_BROKER_HOST name external ones. State survives restarts.
 */
public final class BackingServices implements AutoCloseable {

    private final List<AutoCloseable> started;

    private BackingServices(List<AutoCloseable> started) {
        this.started = started;
    }

    /** @param given the process environment: a database or broker host given there is external */
    public static BackingServices start(Map<String, String> given, Path stateDir, Path serverConfig) throws Exception {
        Map<String, String> env = ServiceEnvironment.withDefaults(given);
        List<AutoCloseable> started = new ArrayList<>();
        BackingServices services = new BackingServices(started);
        try {
            if (!given.containsKey("INVENTORY_DB_HOST")) {
                EmbeddedDatabase database = EmbeddedDatabase.start(Integer.parseInt(env.get("INVENTORY_DB_PORT")), stateDir.resolve("postgres"));
                started.add(database);
                System.out.println("PostgreSQL listening on 127.0.0.1:" + env.get("INVENTORY_DB_PORT") + " (" + database.durability() + ")");
            }
            if (!given.containsKey("INVENTORY_BROKER_HOST")) {
                started.add(EmbeddedBroker.start(Integer.parseInt(env.get("INVENTORY_BROKER_PORT")),
                        stateDir.resolve("artemis"), serverConfig.resolveSibling("artemis").resolve("broker.properties")));
                System.out.println("Artemis listening on tcp://127.0.0.1:" + env.get("INVENTORY_BROKER_PORT"));
            }
        } catch (Exception e) {
            services.close();
            throw e;
        }
        return services;
    }

    /** Stops what was started here, broker before database; reports failures rather than throwing them. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }
}
