package org.sagademo.inventory.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.QueueBrowser;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * Ready when PostgreSQL answers and the broker lets us browse the incoming queue ({@code /health/ready}), and
 * not once the service has been told to stop.
 */
@Readiness
@ApplicationScoped
public class ServiceReadiness implements HealthCheck {

    @Resource(lookup = "jdbc/inventory")
    DataSource database;

    @Resource(lookup = "jms/inventoryConnectionFactory")
    ConnectionFactory broker;

    @Inject
    @ConfigProperty(name = "inventory.incoming-queue")
    String incomingQueue;

    @Inject
    ShutdownSignal shutdown;

    @Override
    public HealthCheckResponse call() {
        if (shutdown.received()) {
            return HealthCheckResponse.named("inventory-service").withData("shutdown", "in progress").down().build();
        }
        boolean database = databaseAnswers();
        boolean broker = brokerAnswers();
        return HealthCheckResponse.named("inventory-service")
                .withData("database", database ? "UP" : "DOWN")
                .withData("broker", broker ? "UP" : "DOWN")
                .status(database && broker)
                .build();
    }

    private boolean databaseAnswers() {
        try (Connection connection = database.getConnection()) {
            return connection.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    private boolean brokerAnswers() {
        try (JMSContext context = broker.createContext();
             QueueBrowser browser = context.createBrowser(context.createQueue(incomingQueue))) {
            browser.getEnumeration();
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
