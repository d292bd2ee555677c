package org.sagademo.inventory.support;

import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import org.apache.activemq.artemis.core.transaction.impl.XidImpl;
import org.apache.activemq.artemis.jms.client.ActiveMQXAConnectionFactory;
import org.sagademo.inventory.localstack.EmbeddedBroker;
import org.sagademo.inventory.localstack.EmbeddedDatabase;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.UUID;

/**
 * Transaction branches as a transaction manager leaves them when it dies between prepare and commit:
 * prepared in PostgreSQL or in the broker, with nobody left to finish them.
 */
public final class InDoubtBranches {

    private final int databasePort = Integer.getInteger("it.db.port");
    private final int brokerPort = Integer.getInteger("it.broker.port");

    /** A database branch that recorded the event as processed; returns its global id. */
    public String prepareInDatabase(String session, String eventKey) {
        String gid = "it-" + UUID.randomUUID();
        try (Connection connection = database()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO processed_events (session_id, event_key) VALUES (?, ?)")) {
                insert.setString(1, session);
                insert.setString(2, eventKey);
                insert.executeUpdate();
            }
            try (Statement prepare = connection.createStatement()) {
                prepare.execute("PREPARE TRANSACTION '" + gid + "'");
            }
            return gid;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean preparedInDatabase(String gid) {
        try (Connection connection = database();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_prepared_xacts WHERE gid = ?")) {
            query.setString(1, gid);
            return query.executeQuery().next();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A broker branch that sent the text to the queue; the message is held until the branch is resolved. */
    public Xid prepareInBroker(String queue, String text) {
        Xid xid = new XidImpl("branch".getBytes(StandardCharsets.UTF_8), 4711,
                UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        try (XAConnection connection = broker();
             XASession session = connection.createXASession();
             MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            XAResource branch = session.getXAResource();
            branch.start(xid, XAResource.TMNOFLAGS);
            producer.send(session.createTextMessage(text));
            branch.end(xid, XAResource.TMSUCCESS);
            branch.prepare(xid);
            return xid;
        } catch (JMSException | XAException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean preparedInBroker(Xid xid) {
        try (XAConnection connection = broker(); XASession session = connection.createXASession()) {
            return Arrays.stream(session.getXAResource().recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN))
                    .anyMatch(prepared -> Arrays.equals(prepared.getGlobalTransactionId(), xid.getGlobalTransactionId()));
        } catch (JMSException | XAException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + databasePort + "/" + EmbeddedDatabase.NAME,
                EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
    }

    private XAConnection broker() throws JMSException {
        return new ActiveMQXAConnectionFactory("tcp://127.0.0.1:" + brokerPort)
                .createXAConnection(EmbeddedBroker.USER, EmbeddedBroker.PASSWORD);
    }
}
