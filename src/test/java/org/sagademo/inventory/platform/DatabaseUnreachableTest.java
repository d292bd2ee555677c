package org.sagademo.inventory.platform;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a deployment waits for (the database away) and what it does not (a login refused for good), by SQLState. */
class DatabaseUnreachableTest {

    /** As Payara's pool wraps the driver's failure: its own SQLException without a state, the driver's below it. */
    private static SQLException fromThePool(String state, String reason) {
        return new SQLException("Error in allocating a connection. Cause: " + reason, null,
                new IllegalStateException("Connection could not be allocated", new SQLException(reason, state)));
    }

    @Test
    void credentialsOrAMissingDatabaseAreRefusedForGood() {
        assertTrue(DatabaseUnreachable.isLoginRefusedForGood(fromThePool("28P01", "password authentication failed")));
        assertTrue(DatabaseUnreachable.isLoginRefusedForGood(fromThePool("28000", "no pg_hba.conf entry")));
        assertTrue(DatabaseUnreachable.isLoginRefusedForGood(fromThePool("3D000", "database \"inventory\" does not exist")));
    }

    @Test
    void aDatabaseAwayOrStartingIsWaitedFor() {
        for (SQLException away : new SQLException[]{fromThePool("08001", "Connection refused"),
                fromThePool("57P03", "the database system is starting up"), fromThePool(null, "The connection attempt failed.")}) {
            assertFalse(DatabaseUnreachable.isLoginRefusedForGood(away), away::toString);
            assertTrue(DatabaseUnreachable.isCauseOf(away), away::toString);
        }
    }
}
