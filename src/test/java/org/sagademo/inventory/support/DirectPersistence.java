package org.sagademo.inventory.support;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceContext;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.sagademo.inventory.localstack.EmbeddedDatabase;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.function.Function;

/**
 * The service's persistence unit outside the container, on the tests' PostgreSQL (migrated by Flyway as the
 * service migrates it): for the rules that sit in SQL, run against PostgreSQL directly. Each unit of work is
 * one resource-local transaction, as each event's is one JTA transaction in the service. A test class registers it
 * as a static extension: the unit opens before its tests and closes after them.
 */
public final class DirectPersistence implements BeforeAllCallback, AfterAllCallback {

    private EntityManagerFactory factory;

    private DirectPersistence() {
    }

    public static DirectPersistence onTestDatabase() {
        return new DirectPersistence();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String url = EmbeddedDatabase.jdbcUrl(Integer.getInteger("it.db.port"));
        Flyway.configure().dataSource(url, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD)
                .locations("classpath:db/migration").load().migrate();
        factory = Persistence.createEntityManagerFactory("inventory", Map.of(
                "jakarta.persistence.transactionType", "RESOURCE_LOCAL",
                "jakarta.persistence.jtaDataSource", "",
                "jakarta.persistence.jdbc.driver", "org.postgresql.Driver",
                "jakarta.persistence.jdbc.url", url,
                "jakarta.persistence.jdbc.user", EmbeddedDatabase.USER,
                "jakarta.persistence.jdbc.password", EmbeddedDatabase.PASSWORD,
                "eclipselink.target-server", "None",
                "eclipselink.weaving", "false"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        factory.close();
    }

    /** Runs the work in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = factory.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    /** Gives the bean the entity manager in its {@code @PersistenceContext} fields, as the container would. */
    public static <B> B using(EntityManager em, B bean) {
        for (Field field : bean.getClass().getDeclaredFields()) {
            if (field.isAnnotationPresent(PersistenceContext.class)) {
                try {
                    field.setAccessible(true);
                    field.set(bean, em);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return bean;
    }
}
