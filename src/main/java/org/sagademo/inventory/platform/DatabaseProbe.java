package org.sagademo.inventory.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Whether PostgreSQL answers now: a connection from the pool (a new one gives up after the pool's 3 s login timeout;
 * with every connection in use, it waits for one) that passes its check within 2 s.
 */
@ApplicationScoped
public class DatabaseProbe {

    private static final Logger LOG = Logger.getLogger(DatabaseProbe.class.getName());

    @Resource(lookup = "jdbc/inventory")
    DataSource database;

    /** Whether the last probe found it answering. */
    private final AtomicBoolean answered = new AtomicBoolean(true);

    public boolean answers() {
        Optional<Exception> refused = refusal(database);
        return noted(refused.isEmpty(), refused.map(Exception::toString).orElse(""));
    }

    /** What kept the pool from giving a connection that passes its check within 2 s, or empty if it gave one. */
    static Optional<Exception> refusal(DataSource database) {
        try (Connection connection = database.getConnection()) {
            return connection.isValid(2) ? Optional.empty()
                    : Optional.of(new SQLTransientConnectionException("a connection failed its check within 2 s"));
        } catch (Exception e) {
            return Optional.of(e);
        }
    }

    /** Logs a change, once: why the database stopped answering (readiness says only DOWN), and that it answers again. */
    private boolean noted(boolean answers, String why) {
        if (answered.getAndSet(answers) != answers) {
            if (answers) {
                LOG.info("the database answers again");
            } else {
                LOG.warning(() -> "the database does not answer, readiness says DOWN: " + why);
            }
        }
        return answers;
    }
}
