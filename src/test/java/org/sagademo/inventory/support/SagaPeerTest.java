package org.sagademo.inventory.support;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sagademo.inventory.support.Eventually.eventually;

/**
 * A test that plays the saga's other services against the deployed WAR: each test has a session of its
 * own, seeded with the demo catalogue, and a peer on the broker; afterwards that session's stock must
 * still satisfy the invariants.
 */
public abstract class SagaPeerTest {

    /** For an answer the test expects: only a failing test waits this long. */
    protected static final long WAIT = Eventually.WAIT.toMillis();

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Deployments.inventoryService();
    }

    @ArquillianResource
    protected URL deployed;

    protected final Rows rows = new Rows();
    protected final String session;
    protected SagaBroker broker;
    protected Outcomes outcomes;
    private final Supplier<SagaBroker> peer;

    /** @param peer connects as the other services do, e.g. {@code SagaBroker::new} (core) or {@code SagaBroker::overAmqp} */
    protected SagaPeerTest(String sessionPrefix, Supplier<SagaBroker> peer) {
        this.session = sessionPrefix + "-" + UUID.randomUUID();
        this.peer = peer;
    }

    @BeforeEach
    protected void seedSession() {
        broker = peer.get();
        outcomes = new Outcomes(service());
        assertEquals(200, api().post("/inventory/seed", session, null).status());
    }

    @AfterEach
    protected void checkInvariants() {
        broker.close();
        assertEquals(List.of(), rows.invariantViolations(session), "products breaking the invariants");
    }

    protected URI service() {
        return Deployments.onLoopback(deployed);
    }

    protected Api api() {
        return new Api(service());
    }

    protected void awaitStatus(String order, String status) {
        eventually().untilAsserted(() -> assertEquals(status, rows.reservationStatus(session, order), "reservation " + order));
    }

    /** Once the service has finished with every message sent to it, nothing more for this session is on the outgoing queue. */
    protected void assertNoMoreAnswers(String why) {
        SagaBroker.awaitIncomingHandled();
        assertEquals(List.of(), broker.receiveNow(session), why);
    }
}
