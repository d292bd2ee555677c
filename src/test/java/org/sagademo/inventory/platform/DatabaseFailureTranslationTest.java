package org.sagademo.inventory.platform;

import jakarta.ejb.ApplicationException;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseFailureTranslationTest {

    private final DatabaseFailureTranslation translation = new DatabaseFailureTranslation();

    /** What the container leaves alone: an application exception that rolls back (not logged, not wrapped). */
    @Test
    void aTransientFailureLeavesAsAnApplicationExceptionThatRollsBack() {
        ApplicationException kind = TransientDatabaseFailure.class.getAnnotation(ApplicationException.class);
        assertTrue(kind != null && kind.rollback(), "an application exception that rolls the transaction back");
    }

    @Test
    void theDatabaseOutOfReachLeavesAsATransientFailureThatStillAnswers503() {
        PersistenceException outage = new PersistenceException(new SQLException("Connection refused", "08001"));
        TransientDatabaseFailure left = assertThrows(TransientDatabaseFailure.class, () -> translation.translate(failing(outage)));
        assertSame(outage, left.getCause());
        assertEquals(503, new ErrorResponses().toResponse(left).getStatus());
        assertTrue(DatabaseUnreachable.isCauseOf(left), "an event still waits for the database");
    }

    @Test
    void aDeadlockPostgresBrokeLeavesAsATransientFailure() {
        PersistenceException deadlock = new PersistenceException(new SQLException("deadlock detected", "40P01"));
        assertThrows(TransientDatabaseFailure.class, () -> translation.translate(failing(deadlock)));
    }

    @Test
    void anyOtherFailureLeavesAsItCame() {
        for (RuntimeException other : new RuntimeException[]{new PersistenceException(new SQLException("duplicate key", "23505")),
                new Conflict("stock_level of laptop would fall below its reserved units"),
                new TransientDatabaseFailure(new PersistenceException(new SQLException("Connection refused", "08001")))}) {
            assertSame(other, assertThrows(RuntimeException.class, () -> translation.translate(failing(other))));
        }
    }

    @Test
    void aResultPassesThrough() throws Exception {
        InvocationContext call = (InvocationContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{InvocationContext.class}, (proxy, method, args) -> "products");
        assertEquals("products", translation.translate(call));
    }

    private InvocationContext failing(RuntimeException failure) {
        return (InvocationContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{InvocationContext.class},
                (proxy, method, args) -> {
                    throw failure;
                });
    }
}
