package org.sagademo.inventory.platform;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the JVM has been asked to stop (SIGTERM). Payara then goes on serving for its grace period
 * ({@code fish.payara.shutdowngrace}, set by server-config/payara/start) before it stops anything, and readiness
 * reports DOWN meanwhile, so that load balancers stop sending before the server stops taking requests.
 */
@ApplicationScoped
public class ShutdownSignal {

    private final AtomicBoolean received = new AtomicBoolean();
    private final Thread hook = new Thread(() -> received.set(true), "inventory-shutdown-signal");

    void listen(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @PreDestroy
    void stopListening() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook has run or is running: nothing to remove
        }
    }

    public boolean received() {
        return received.get();
    }
}
