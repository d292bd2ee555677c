package org.sagademo.inventory.localstack;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

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

        BackingServices services = BackingServices.start(System.getenv(), stateDir, serverConfig);
        AtomicReference<Process> serving = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Optional.ofNullable(serving.get()).ifPresent(PayaraMicroProcess::stop);
            services.close();
        }));
        int http = Integer.parseInt(env.get("INVENTORY_HTTP_PORT"));
        Process payara = PayaraMicroProcess.startServing(PayaraMicroProcess.builder(payaraDir, serverConfig, env).inheritIO(),
                http, null);
        serving.set(payara);
        System.out.println("inventory-service serves on http://" + env.get("INVENTORY_HTTP_ADDRESS") + ":" + http);
        System.exit(payara.waitFor());
    }
}
