package org.sagademo.inventory.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.Future;

/**
 * Ready when PostgreSQL answers and the broker lets us browse the incoming queue ({@code /health/ready}), and
 * not once the service has been told to stop.
 */
@Readiness
@ApplicationScoped
public class ServiceReadiness implements HealthCheck {

    @Inject
    DatabaseProbe database;

    @Inject
    IncomingQueueProbe incomingQueue;

    @Inject
    ShutdownSignal shutdown;

    @Override
    public HealthCheckResponse call() {
        if (shutdown.received()) {
            return HealthCheckResponse.named("inventory-service").withData("shutdown", "in progress").down().build();
        }
        // the broker is asked in the background while the database is: the answer takes the longer of the two
        long askedAt = System.nanoTime();
        Future<IncomingQueueProbe.Sight> look = incomingQueue.look();
        boolean databaseAnswers = database.answers();
        boolean brokerAnswers = IncomingQueueProbe.found(look, askedAt) != IncomingQueueProbe.Found.UNREACHABLE;
        return HealthCheckResponse.named("inventory-service")
                .withData("database", databaseAnswers ? "UP" : "DOWN")
                .withData("broker", brokerAnswers ? "UP" : "DOWN")
                .status(databaseAnswers && brokerAnswers)
                .build();
    }
}
