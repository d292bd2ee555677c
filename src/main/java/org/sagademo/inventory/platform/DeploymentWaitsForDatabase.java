package org.sagademo.inventory.platform;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatasourceLogin;
import org.eclipse.persistence.sessions.JNDIConnector;
import org.eclipse.persistence.sessions.Session;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Holds the persistence unit's login until PostgreSQL hands out a connection that passes its check. Payara creates an
 * entity manager while it deploys the WAR, and EclipseLink logs in then: a database that took no logins yet (a cluster
 * brought up at once, a container restarted while PostgreSQL was away, behind a proxy that accepts connections
 * meanwhile) failed the deployment, and Payara ran on without the service, every path 404, until something restarted
 * it, while the consumers the resource adapter had started for it cost each event they took one of its deliveries.
 * Nothing of the service runs while this waits: no listener, no consumer. It says why once a minute and ends on
 * SIGTERM, failing the deployment as the server stops. A login refused for good (the credentials, a database it does
 * not have: {@link DatabaseUnreachable#isLoginRefusedForGood}) fails the deployment at once, naming it.
 * <p>
 * Named in persistence.xml (EclipseLink's; Hibernate on WildFly ignores it); a unit used outside a container (no JNDI
 * data source) is not held, nor one whose JVM says not to ({@value #AWAITS_DATABASE}{@code =false}).
 */
public class DeploymentWaitsForDatabase implements SessionCustomizer {

    private static final Logger LOG = Logger.getLogger(DeploymentWaitsForDatabase.class.getName());
    private static final Duration SAID_AGAIN_AFTER = Duration.ofMinutes(1);
    /** false: the login does not wait (a training start's deployment against no database: server-config/payara/start). */
    static final String AWAITS_DATABASE = "inventory.deployment.awaitsDatabase";

    @Override
    public void customize(Session session) throws NamingException, InterruptedException {
        if (Boolean.parseBoolean(System.getProperty(AWAITS_DATABASE, "true"))
                && session.getDatasourceLogin() instanceof DatasourceLogin login
                && login.getConnector() instanceof JNDIConnector jndi) {
            DataSource database = jndi.getDataSource() != null ? jndi.getDataSource() : InitialContext.doLookup(jndi.getName());
            AtomicBoolean stopping = new AtomicBoolean();
            Thread deploying = Thread.currentThread();
            Thread onSigterm = new Thread(() -> {
                stopping.set(true);
                deploying.interrupt();
            }, "inventory-deployment-stopping");
            Runtime.getRuntime().addShutdownHook(onSigterm);
            try {
                awaitConnection(database, stopping);
            } finally {
                removeIfNotRunning(onSigterm);
            }
        }
    }

    private static void awaitConnection(DataSource database, AtomicBoolean stopping) throws InterruptedException {
        long since = System.nanoTime();
        long lastSaid = 0;
        GrowingPause pause = new GrowingPause();
        for (Optional<Exception> refused = DatabaseProbe.refusal(database); refused.isPresent();
             refused = DatabaseProbe.refusal(database)) {
            if (DatabaseUnreachable.isLoginRefusedForGood(refused.get())) {
                throw new IllegalStateException("PostgreSQL refuses the service's login: " + refused.get(), refused.get());
            }
            if (lastSaid == 0 || System.nanoTime() - lastSaid >= SAID_AGAIN_AFTER.toNanos()) {
                lastSaid = System.nanoTime();
                String why = refused.get().toString();
                LOG.warning(() -> "PostgreSQL gives no connection yet, the deployment waits for it: " + why);
            }
            if (stopping.get()) {
                throw new InterruptedException("stopped while the deployment waited for PostgreSQL");
            }
            pause.take();
        }
        if (lastSaid != 0) {
            long waited = Duration.ofNanos(System.nanoTime() - since).toSeconds();
            LOG.info(() -> "PostgreSQL gives connections: the deployment goes on after " + waited + " s");
        }
    }

    private static void removeIfNotRunning(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook has run or is running: nothing to remove
        }
    }
}
