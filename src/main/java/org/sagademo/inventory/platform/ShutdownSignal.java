package org.sagademo.inventory.platform;

import jakarta.annotation.PostConstruct;
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

    /** From the first use, which may come while the service deploys (the schema's migration waits for the database). */
    @PostConstruct
    void listen() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Created with the application at the latest: a SIGTERM before the first request or event counts too. */
    void createdWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        // the container creates the bean to call this
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
