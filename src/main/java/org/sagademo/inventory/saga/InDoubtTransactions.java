package org.sagademo.inventory.saga;

import jakarta.annotation.Resource;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sagademo.inventory.saga.PreparedBrokerBranches.Branch;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.logging.Logger;

/**
 * Resolves XA branches left prepared by a transaction cut between its prepare and its commit (a killed
 * process, a database restart mid-commit), which Payara's own recovery does not always reach: it never
 * asks the resource adapter, and it retries a database branch only at start-up. A branch still
 * prepared after the in-doubt timeout is resolved as follows, which keeps every event applied once and
 * answered once whatever part of the transaction had completed:
 * <ul>
 * <li>a database branch commits: it holds the event's effect, its {@code processed_events} record and
 *     the answer to send;</li>
 * <li>a broker branch that received a message rolls back: the message comes back and is applied, or, if
 *     its record committed, answered again with the recorded answer (the broker's duplicate detection
 *     drops that copy if the first one went out);</li>
 * <li>a broker branch that sent an answer commits if the database recorded its event as applied by that
 *     message, and rolls back if not;</li>
 * <li>any other broker branch (a dead-letter copy, a postponed order, an expiry) commits once no branch
 *     of its transaction that received a message is still prepared: the transaction was committing.</li>
 * </ul>
 */
@Singleton
@TransactionManagement(TransactionManagementType.BEAN) // it resolves other transactions, in none of its own
public class InDoubtTransactions {

    private static final Logger LOG = Logger.getLogger(InDoubtTransactions.class.getName());

    @Resource(lookup = "jdbc/inventory")
    DataSource database;

    @Inject
    @ConfigProperty(name = "inventory.in-doubt-timeout-seconds")
    long timeoutSeconds;

    @Inject
    @ConfigProperty(name = "inventory.broker.host")
    String brokerHost;

    @Inject
    @ConfigProperty(name = "inventory.broker.port")
    int brokerPort;

    @Inject
    @ConfigProperty(name = "inventory.broker.user")
    String brokerUser;

    @Inject
    @ConfigProperty(name = "inventory.broker.password")
    String brokerPassword;

    /** The broker does not say when a branch was prepared: when this instance first saw each one. */
    private final Map<String, Instant> brokerBranchesSeen = new HashMap<>();

    @Schedule(hour = "*", minute = "*", second = "*/10", persistent = false)
    void resolve() {
        try (Connection connection = database.getConnection()) {
            commitStaleDatabaseBranches(connection);
            resolveStaleBrokerBranches(connection);
        } catch (Exception e) {
            LOG.warning(() -> "in-doubt transactions not checked this round: " + e);
        }
    }

    private void commitStaleDatabaseBranches(Connection connection) throws SQLException {
        for (String gid : staleDatabaseBranches(connection)) {
            try (Statement commit = connection.createStatement()) {
                commit.execute("COMMIT PREPARED '" + gid.replace("'", "''") + "'");
                LOG.warning(() -> "committed database branch " + gid + ", prepared for more than " + timeoutSeconds + " s");
            } catch (SQLException e) {
                LOG.warning(() -> "database branch " + gid + " not committed: " + e.getMessage());
            }
        }
    }

    private List<String> staleDatabaseBranches(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT gid FROM pg_prepared_xacts
                WHERE database = current_database() AND owner = current_user
                  AND prepared < now() - ? * interval '1 second'""")) {
            query.setLong(1, timeoutSeconds);
            List<String> gids = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    gids.add(rows.getString(1));
                }
            }
            return gids;
        }
    }

    private void resolveStaleBrokerBranches(Connection connection) throws Exception {
        try (PreparedBrokerBranches broker = new PreparedBrokerBranches(brokerHost, brokerPort, brokerUser, brokerPassword)) {
            List<Branch> prepared = broker.list();
            Instant now = Instant.now();
            brokerBranchesSeen.keySet().retainAll(prepared.stream().map(Branch::name).collect(Collectors.toSet()));
            Set<String> receiving = prepared.stream().filter(Branch::receives).map(Branch::globalTransaction)
                    .collect(Collectors.toSet());
            for (Branch branch : prepared) {
                Instant seen = brokerBranchesSeen.computeIfAbsent(branch.name(), name -> now);
                if (Duration.between(seen, now).getSeconds() < timeoutSeconds) {
                    continue;
                }
                boolean commit = commits(branch, receiving, connection);
                if (commit) {
                    broker.commit(branch);
                } else {
                    broker.rollBack(branch);
                }
                LOG.warning(() -> (commit ? "committed" : "rolled back") + " broker branch " + branch.name()
                        + (branch.receives() ? " (received a message)" : " (sent messages)")
                        + ", prepared for more than " + timeoutSeconds + " s");
            }
        }
    }

    private static boolean commits(Branch branch, Set<String> receiving, Connection connection) throws SQLException {
        if (branch.receives()) {
            return false;
        }
        if (branch.appliedMessage().isPresent()) {
            return recordedAsApplied(connection, branch.sessionId().orElse(null), branch.appliedMessage().get());
        }
        return !receiving.contains(branch.globalTransaction());
    }

    private static boolean recordedAsApplied(Connection connection, String session, String messageId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM processed_events WHERE session_id = ? AND message_id = ?")) {
            query.setString(1, session);
            query.setString(2, messageId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
