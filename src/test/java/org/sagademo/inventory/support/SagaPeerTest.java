package org.sagademo.inventory.support;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.sagademo.inventory.clients.Api;
import org.sagademo.inventory.clients.SagaBroker;
import org.sagademo.inventory.clients.SagaBroker.Received;
import org.sagademo.inventory.localstack.Rows;

import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertAll;
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

    protected final Rows rows = RealInfrastructure.rows();
    protected final String session;
    protected SagaBroker broker;
    protected Outcomes outcomes;
    private final Supplier<SagaBroker> peer;

    /** @param peer connects as the other services do, e.g. {@code RealInfrastructure::broker} (core) or {@code RealInfrastructure::brokerOverAmqp} */
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

    /** Every test reads the answers it expects: one more is an event answered twice, or answered when it should not be. */
    @AfterEach
    protected void checkInvariants() {
        try {
            assertAll(() -> assertNoMoreAnswers("answers no step of the test expected"),
                    () -> assertEquals(List.of(), rows.invariantViolations(session), "products breaking the invariants"));
        } finally {
            broker.close();
        }
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
        awaitIncomingHandled();
        assertEquals(List.of(), broker.receiveNow(session), why);
    }

    /**
     * Waits until the service has finished with every message sent to it: it acknowledges a message only
     * after sending what it answers, so anything it was going to send for them is on the outgoing queue.
     */
    protected static void awaitIncomingHandled() {
        try (SagaBroker core = RealInfrastructure.broker()) {
            eventually().untilAsserted(() -> assertEquals(0L, core.messageCount(SagaBroker.INCOMING),
                    "messages on " + SagaBroker.INCOMING + " the service has not acknowledged"));
        }
    }

    /**
     * The event a step should have caused, from a receive of one: a second one is left on the queue, for
     * {@link #assertNoMoreAnswers} and each test's own check at its end.
     */
    protected static Received only(List<Received> received) {
        assertEquals(1, received.size(), "expected an event, got " + received);
        return received.get(0);
    }
}
