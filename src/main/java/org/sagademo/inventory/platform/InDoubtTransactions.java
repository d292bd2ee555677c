package org.sagademo.inventory.platform;

import jakarta.annotation.Resource;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Resolves XA branches left prepared by a transaction that was cut between its prepare and its commit
 * (a killed process, a database restart mid-commit), which Payara's own recovery does not always
 * reach: it never asks the resource adapter, and it retries a database branch only at start-up.
 * <p>
 * A branch still prepared after the in-doubt timeout is resolved in the one direction that is always
 * safe here: database branches commit, broker branches roll back. A committed database branch holds
 * the event's effect and its answer ({@code processed_events}); the rolled-back broker branch
 * returns the message to the queue, and its redelivery either applies the event (the database branch
 * had rolled back) or sends the recorded answer again. No effect is lost or applied twice, and every
 * order gets its answer.
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
        try {
            commitStaleDatabaseBranches();
        } catch (SQLException e) {
            LOG.warning(() -> "database branches not checked: " + e);
        }
        try {
            rollBackStaleBrokerBranches();
        } catch (Exception e) {
            LOG.warning(() -> "broker branches not checked: " + e);
        }
    }

    private void commitStaleDatabaseBranches() throws SQLException {
        try (Connection connection = database.getConnection()) {
            for (String gid : staleDatabaseBranches(connection)) {
                try (Statement commit = connection.createStatement()) {
                    commit.execute("COMMIT PREPARED '" + gid.replace("'", "''") + "'");
                    LOG.warning(() -> "committed database branch " + gid + ", prepared for more than " + timeoutSeconds + " s");
                } catch (SQLException e) {
                    LOG.warning(() -> "database branch " + gid + " not committed: " + e.getMessage());
                }
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

    private void rollBackStaleBrokerBranches() throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator("tcp://" + brokerHost + ":" + brokerPort);
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession(brokerUser, brokerPassword, true, false, false, false, 1)) {
            Instant now = Instant.now();
            Map<String, Xid> prepared = new HashMap<>();
            for (Xid xid : session.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)) {
                prepared.put(key(xid), xid);
            }
            brokerBranchesSeen.keySet().retainAll(prepared.keySet());
            prepared.forEach((key, xid) -> {
                Instant seen = brokerBranchesSeen.computeIfAbsent(key, k -> now);
                if (Duration.between(seen, now).getSeconds() >= timeoutSeconds) {
                    rollBack(session, key, xid);
                }
            });
        }
    }

    private void rollBack(ClientSession session, String key, Xid xid) {
        try {
            session.rollback(xid);
            brokerBranchesSeen.remove(key);
            LOG.warning(() -> "rolled back broker branch " + key + ", prepared for more than " + timeoutSeconds
                    + " s; its message will be delivered again");
        } catch (XAException e) {
            LOG.fine(() -> "broker branch " + key + " resolved meanwhile: XA error " + e.errorCode);
        }
    }

    private static String key(Xid xid) {
        Base64.Encoder base64 = Base64.getEncoder();
        return xid.getFormatId() + ":" + base64.encodeToString(xid.getGlobalTransactionId())
                + ":" + base64.encodeToString(xid.getBranchQualifier());
    }
}
