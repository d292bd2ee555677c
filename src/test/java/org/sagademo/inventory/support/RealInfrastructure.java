package org.sagademo.inventory.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.sagademo.inventory.clients.SagaBroker;
import org.sagademo.inventory.localstack.EmbeddedBroker;
import org.sagademo.inventory.localstack.EmbeddedDatabase;
import org.sagademo.inventory.localstack.Rows;
import org.sagademo.inventory.localstack.StateDirectory;

import java.nio.file.Path;

/**
 * Starts the real PostgreSQL and Artemis once per test JVM, on the ports the build reserved (the Payara
 * process reads the same ports from its environment), before Arquillian starts Payara. This PostgreSQL runs
 * without fsync, as the build's training start's does: these tests never crash it (the fault suite's is durable).
 */
public final class RealInfrastructure implements BeforeAllCallback {

    /** The shipped settings with shorter redelivery delays, so tests reach the dead-letter queue in seconds. */
    private static final java.net.URL FASTER_REDELIVERY = RealInfrastructure.class.getResource("/broker-test.properties");

    /** A peer of the service on this broker, over the core protocol. */
    public static SagaBroker broker() {
        return SagaBroker.core(Integer.getInteger("it.broker.port"));
    }

    /** A peer of the service on this broker, over AMQP 1.0. */
    public static SagaBroker brokerOverAmqp() {
        return SagaBroker.overAmqp(Integer.getInteger("it.broker.port"));
    }

    /** The database server itself, for what the service cannot do: roles and databases of their own. */
    public static EmbeddedDatabase embeddedDatabase() {
        return running.database;
    }

    /** The broker itself, for what its peers cannot see: its users, the sessions signed on. */
    public static EmbeddedBroker embeddedBroker() {
        return running.broker;
    }

    /** This database's tables, read directly. */
    public static Rows rows() {
        return new Rows(Integer.getInteger("it.db.port"));
    }

    /** What a test does while the database is away. */
    @FunctionalInterface
    public interface Outage {
        void meanwhile() throws Exception;
    }

    /**
     * PostgreSQL stopped (a fast shutdown: every connection closed, new ones refused) while {@code outage} runs, then
     * started again on the same data and port.
     */
    public static void withTheDatabaseStopped(Outage outage) throws Exception {
        Running infrastructure = running;
        infrastructure.database.close();
        try {
            outage.meanwhile();
        } finally {
            infrastructure.database = startDatabase();
        }
    }

    private static volatile Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(RealInfrastructure.class, key -> start(), Running.class);
    }

    private static Running start() {
        try {
            Path state = Path.of(System.getProperty("inventory.stateDir"));
            StateDirectory.clear(state);
            EmbeddedDatabase database = startDatabase();
            EmbeddedBroker broker = EmbeddedBroker.start(Integer.getInteger("it.broker.port"), state.resolve("artemis"),
                    Path.of(System.getProperty("inventory.brokerProperties")), Path.of(FASTER_REDELIVERY.toURI()));
            running = new Running(database, broker);
            return running;
        } catch (Exception e) {
            throw new IllegalStateException("could not start PostgreSQL and Artemis for the tests", e);
        }
    }

    /** On the build's port and the state directory's data, which a restart finds again. */
    private static EmbeddedDatabase startDatabase() throws Exception {
        return EmbeddedDatabase.startWithoutFsync(Integer.getInteger("it.db.port"),
                Path.of(System.getProperty("inventory.stateDir")).resolve("postgres"));
    }

    /** Closed by JUnit when the whole test run ends. */
    private static final class Running implements ExtensionContext.Store.CloseableResource {
        private volatile EmbeddedDatabase database;
        private final EmbeddedBroker broker;

        Running(EmbeddedDatabase database, EmbeddedBroker broker) {
            this.database = database;
            this.broker = broker;
        }

        @Override
        public void close() throws Exception {
            broker.close();
            database.close();
        }
    }
}
