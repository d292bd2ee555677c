package org.sagademo.inventory.support;

import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;
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
import java.util.Map;
import java.util.UUID;

/**
 * Transaction branches as a transaction manager leaves them when it dies between prepare and commit:
 * prepared in PostgreSQL or in the broker, with nobody left to finish them.
 */
public final class InDoubtBranches {

    private final int databasePort = Integer.getInteger("it.db.port");
    private final int brokerPort = Integer.getInteger("it.broker.port");

    private String prepareInDatabase(String sql) {
        String gid = "it-" + UUID.randomUUID();
        try (Connection connection = database()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(sql);
                statement.execute("PREPARE TRANSACTION '" + gid + "'");
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

    /** A database branch recording the event as applied by a message; returns its global id. */
    public String prepareInDatabase(String session, String eventKey, String messageId) {
        return prepareInDatabase("INSERT INTO processed_events (session_id, event_key, message_id) VALUES ('"
                + session + "', '" + eventKey + "', '" + messageId + "')");
    }

    /** A broker branch that sent a text message with these properties; held until the branch is resolved. */
    public Xid prepareSend(String queue, String text, Map<String, String> properties) {
        return prepareInBroker((session, xid) -> {
            try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
                TextMessage message = session.createTextMessage(text);
                for (Map.Entry<String, String> property : properties.entrySet()) {
                    message.setStringProperty(property.getKey(), property.getValue());
                }
                producer.send(message);
            }
        });
    }

    /** A broker branch that received (and would acknowledge) the message the selector picks from the queue. */
    public Xid prepareReceive(String queue, String selector) {
        return prepareInBroker((session, xid) -> {
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector)) {
                if (consumer.receive(10_000) == null) {
                    throw new IllegalStateException("nothing to receive on " + queue + " for " + selector);
                }
            }
        });
    }

    @FunctionalInterface
    private interface BranchWork {
        void run(XASession session, Xid xid) throws JMSException;
    }

    private Xid prepareInBroker(BranchWork work) {
        Xid xid = new XidImpl("branch".getBytes(StandardCharsets.UTF_8), 4711,
                UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        try (XAConnection connection = broker();
             XASession session = connection.createXASession()) {
            connection.start();
            XAResource branch = session.getXAResource();
            branch.start(xid, XAResource.TMNOFLAGS);
            work.run(session, xid);
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
