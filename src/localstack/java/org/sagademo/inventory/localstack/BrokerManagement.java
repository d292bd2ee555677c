package org.sagademo.inventory.localstack;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;

/** Asks Artemis itself, through its management address, what it sees of a queue. */
public final class BrokerManagement {

    private BrokerManagement() {
    }

    /** The consumers the broker has on the queue: a consumer that silently stopped would still count until its connection dies. */
    public static int consumerCount(Connection connection, String queue) {
        return (int) queueAttribute(connection, queue, "consumerCount");
    }

    /** The messages on the queue, delivered but not yet acknowledged ones included. */
    public static long messageCount(Connection connection, String queue) {
        return queueAttribute(connection, queue, "messageCount");
    }

    private static long queueAttribute(Connection connection, String queue, String attribute) {
        try (QueueSession session = ((QueueConnection) connection).createQueueSession(false, Session.AUTO_ACKNOWLEDGE)) {
            QueueRequestor requestor = new QueueRequestor(session, session.createQueue("activemq.management"));
            Message request = session.createMessage();
            JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, attribute);
            Message reply = requestor.request(request);
            return ((Number) JMSManagementHelper.getResult(reply)).longValue();
        } catch (Exception e) {
            throw new IllegalStateException("could not read the " + attribute + " of " + queue, e);
        }
    }
}
