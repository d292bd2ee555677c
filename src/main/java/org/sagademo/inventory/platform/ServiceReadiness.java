package org.sagademo.inventory.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.QueueBrowser;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ready when PostgreSQL answers and the broker lets us browse the incoming queue ({@code /health/ready}), and
 * not once the service has been told to stop.
 */
@Readiness
@ApplicationScoped
public class ServiceReadiness implements HealthCheck {

    /** The broker's own call timeout (post-boot-commands.asadmin): a browse that takes longer says DOWN. */
    private static final long BROKER_WAIT_SECONDS = 5;

    @Inject
    DatabaseProbe database;

    @Resource(lookup = "jms/inventoryConnectionFactory")
    ConnectionFactory broker;

    @Inject
    @ConfigProperty(name = "inventory.incoming-queue")
    String incomingQueue;

    @Inject
    ShutdownSignal shutdown;

    @Resource
    ManagedExecutorService background;

    /** The browse in progress or last made; one at a time, however often readiness is asked. */
    private Future<Boolean> brokerProbe;

    @Override
    public HealthCheckResponse call() {
        if (shutdown.received()) {
            return HealthCheckResponse.named("inventory-service").withData("shutdown", "in progress").down().build();
        }
        // the broker is browsed in the background while the database is asked: the answer takes the longer of the two
        long brokerDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BROKER_WAIT_SECONDS);
        Future<Boolean> browse = brokerProbe();
        boolean database = this.database.answers();
        boolean broker = answeredBy(browse, brokerDeadline);
        return HealthCheckResponse.named("inventory-service")
                .withData("database", database ? "UP" : "DOWN")
                .withData("broker", broker ? "UP" : "DOWN")
                .status(database && broker)
                .build();
    }

    /**
     * Waits for the browse at most as long as one broker call may take, so that readiness answers in time. While
     * the link to the broker was cut, a browse could take longer than a probe waits (one run of the fault suite's
     * "partition": no DOWN answered during a 10 s cut, only no answer); a slow browse goes on in the background,
     * and the next check waits for it instead of starting another.
     */
    private static boolean answeredBy(Future<Boolean> browse, long deadline) {
        try {
            return browse.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized Future<Boolean> brokerProbe() {
        if (brokerProbe == null || brokerProbe.isDone()) {
            brokerProbe = background.submit(this::browseIncomingQueue);
        }
        return brokerProbe;
    }

    private boolean browseIncomingQueue() {
        try (JMSContext context = broker.createContext();
             QueueBrowser browser = context.createBrowser(context.createQueue(incomingQueue))) {
            browser.getEnumeration();
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
