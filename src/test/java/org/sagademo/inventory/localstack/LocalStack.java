package org.sagademo.inventory.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run command ({@code mvn -Prun package}): starts PostgreSQL and Artemis on this machine, unless
 * INVENTORY_DB_HOST / INVENTORY_BROKER_HOST point at external ones, then Payara Micro with the WAR.
 * Ctrl-C stops all three. State survives restarts under target/local-state.
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        Path payaraDir = Path.of(System.getProperty("inventory.payaraDir"));
        Path serverConfig = Path.of(System.getProperty("inventory.serverConfigDir"));
        Path stateDir = Path.of(System.getProperty("inventory.stateDir"));
        Map<String, String> env = ServiceEnvironment.withDefaults(System.getenv());
        env.putIfAbsent("INVENTORY_TX_LOG_DIR", stateDir.resolve("tx-log").toString());

        List<AutoCloseable> started = new ArrayList<>();
        if (System.getenv("INVENTORY_DB_HOST") == null) {
            started.add(EmbeddedDatabase.start(Integer.parseInt(env.get("INVENTORY_DB_PORT")), stateDir.resolve("postgres")));
            System.out.println("PostgreSQL listening on 127.0.0.1:" + env.get("INVENTORY_DB_PORT"));
        }
        if (System.getenv("INVENTORY_BROKER_HOST") == null) {
            started.add(EmbeddedBroker.start(Integer.parseInt(env.get("INVENTORY_BROKER_PORT")),
                    stateDir.resolve("artemis"), serverConfig.resolveSibling("artemis").resolve("broker.properties")));
            System.out.println("Artemis listening on tcp://127.0.0.1:" + env.get("INVENTORY_BROKER_PORT"));
        }

        Process payara = PayaraMicroProcess.builder(payaraDir, serverConfig, env)
                .inheritIO()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            PayaraMicroProcess.stop(payara);
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
            }
        }));
        System.exit(payara.waitFor());
    }
}
