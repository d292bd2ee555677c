package org.sagademo.inventory.saga;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.transaction.impl.XidImpl;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.StringReader;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The XA branches prepared in the broker, read through Artemis management (the broker user needs the
 * {@code manage} permission) and completed as a transaction manager would, over an XA session (not
 * management's heuristic completion, which would stay on record). Each branch comes with what it would
 * do on commit: messages it received (acknowledgements) and messages it sent.
 */
final class PreparedBrokerBranches implements AutoCloseable {

    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final long REPLY_TIMEOUT_MILLIS = 10_000;

    /** One prepared branch: its Xid (and as management prints it), its global transaction, its work. */
    record Branch(Xid xid, String name, String globalTransaction, boolean receives, Optional<String> sessionId,
                  Optional<String> appliedMessage) {
    }

    private final ServerLocator locator;
    private final ClientSessionFactory factory;
    private final ClientSession session;
    private final ClientRequestor requestor;
    private final ClientSession xaSession;

    PreparedBrokerBranches(String host, int port, String user, String password) throws Exception {
        locator = ActiveMQClient.createServerLocator("tcp://" + host + ":" + port);
        try {
            factory = locator.createSessionFactory();
            session = factory.createSession(user, password, false, true, true, false, 1);
            requestor = new ClientRequestor(session, MANAGEMENT_ADDRESS);
            session.start();
            xaSession = factory.createSession(user, password, true, false, false, false, 1);
        } catch (Exception e) {
            locator.close();
            throw e;
        }
    }

    List<Branch> list() throws Exception {
        Map<String, Xid> inDoubt = new HashMap<>();
        for (Xid xid : xaSession.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)) {
            inDoubt.put(XidImpl.toBase64String(xid), xid);
        }
        String details = (String) invoke("listPreparedTransactionDetailsAsJSON");
        if (details == null || details.isBlank()) {
            return List.of();
        }
        try (JsonReader reader = Json.createReader(new StringReader(details))) {
            return reader.readArray().stream().map(JsonValue::asJsonObject)
                    .filter(detail -> inDoubt.containsKey(detail.getString("xid_as_base64")))
                    .map(detail -> branch(inDoubt.get(detail.getString("xid_as_base64")), detail))
                    .toList();
        }
    }

    void commit(Branch branch) throws XAException {
        xaSession.commit(branch.xid(), false);
    }

    void rollBack(Branch branch) throws XAException {
        xaSession.rollback(branch.xid());
    }

    private static Branch branch(Xid xid, JsonObject detail) {
        List<JsonObject> messages = detail.getJsonArray("tx_related_messages").stream().map(JsonValue::asJsonObject).toList();
        boolean receives = messages.stream().anyMatch(m -> m.getString("message_operation_type").contains("receive"));
        return new Branch(xid, detail.getString("xid_as_base64"), Base64.getEncoder().encodeToString(xid.getGlobalTransactionId()),
                receives, property(messages, "sessionId"), property(messages, InventoryEvents.APPLIED_MESSAGE));
    }

    private static Optional<String> property(List<JsonObject> messages, String name) {
        return messages.stream()
                .map(m -> m.getJsonObject("message_properties"))
                .filter(properties -> properties != null && properties.containsKey(name))
                .map(properties -> properties.getString(name))
                .findFirst();
    }

    private Object invoke(String operation, Object... parameters) throws Exception {
        ClientMessage request = session.createMessage(false);
        ManagementHelper.putOperationInvocation(request, ResourceNames.BROKER, operation, parameters);
        ClientMessage reply = requestor.request(request, REPLY_TIMEOUT_MILLIS);
        if (reply == null) {
            throw new IllegalStateException("no answer from broker management to " + operation);
        }
        if (!ManagementHelper.hasOperationSucceeded(reply)) {
            throw new IllegalStateException(operation + " failed: " + ManagementHelper.getResult(reply));
        }
        return ManagementHelper.getResult(reply);
    }

    @Override
    public void close() throws Exception {
        try (locator; factory; session; requestor; xaSession) {
            // closes all four, last opened first
        }
    }
}
