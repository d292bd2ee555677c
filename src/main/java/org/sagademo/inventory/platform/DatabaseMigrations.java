package org.sagademo.inventory.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/**
 * The schema is Flyway's (src/main/resources/db/migration), migrated before the service takes work. A database out of
 * reach is waited for ({@link DatabaseOutages}): on WildFly, where nothing holds the deployment before it, and on
 * Payara should the database go away again after the login ({@link DeploymentWaitsForDatabase}); a failed migration
 * fails the deployment.
 */
@Singleton
@Startup
public class DatabaseMigrations {

    @Resource(lookup = "jdbc/inventory")
    DataSource dataSource;

    @Inject
    DatabaseOutages outages;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // Flyway commits on its own connection
    void migrate() {
        Flyway flyway = Flyway.configure(getClass().getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
        outages.waitOut("schema-migration", flyway::migrate);
    }

    /**
     * Returns once the schema is migrated: the container holds calls to a singleton until its
     * initialization is done. Message consumers call it before their first message, since after a
     * restart the broker may deliver before this bean has run.
     */
    @Lock(LockType.READ)
    public void awaitSchema() {
        // nothing to do: reaching here means migrate() has completed
    }
}
