package org.sagademo.inventory.platform;

import jakarta.annotation.Resource;
import jakarta.ejb.AsyncResult;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.QueueBrowser;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sagademo.inventory.platform.IncomingQueueProbe.Found;
import org.sagademo.inventory.platform.IncomingQueueProbe.Sight;

import java.util.Optional;
import java.util.concurrent.Future;

/**
 * One look at the incoming queue ({@link IncomingQueueProbe}), made on the EJB container's threads in this application's
 * own context, whoever asks: Payara's health servlet asks from outside the application, and a task it handed a managed
 * executor was refused there ("Module __default-web-module is disabled"), so readiness read the broker DOWN after its
 * first answer ({@code InventoryApiIT.readyWhenDatabaseAndBrokerAnswer}).
 */
@Stateless
public class IncomingQueueLook {

    @Resource(lookup = "jms/inventoryConnectionFactory")
    ConnectionFactory broker;

    @Inject
    @ConfigProperty(name = "inventory.incoming-queue")
    String incomingQueue;

    /**
     * A browse, which any user of the queue may make; whether events wait, by the broker's count where it gives one.
     * The browse comes last: the count gives up after 2 s without an answer (a broker that does not answer management
     * messages), so a link cut meanwhile would otherwise end in a look that found the broker after all. Outside a
     * transaction: in one, the management requests would wait for its commit and their answers never come.
     *
     * @throws Unreachable in the future returned, why the broker could not be browsed
     */
    @Asynchronous
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Future<Sight> see() throws Unreachable {
        long lookedAt = System.nanoTime();
        try (JMSContext context = broker.createContext()) {
            Optional<QueueCounts> counts = QueueCounts.of(context, incomingQueue);
            boolean browsedOne;
            try (QueueBrowser browser = context.createBrowser(context.createQueue(incomingQueue))) {
                browsedOne = browser.getEnumeration().hasMoreElements();
            }
            boolean waiting = counts.map(counted -> counted.eventsWaiting() > 0).orElse(browsedOne);
            return new AsyncResult<>(new Sight(waiting ? Found.EVENTS_WAITING : Found.EMPTY, lookedAt, counts));
        } catch (Exception e) {
            throw new Unreachable(e);
        }
    }

    /**
     * The broker could not be browsed. Checked, so an application exception: the container hands it to the future
     * without logging it, at every look while the broker is away ({@link IncomingQueueProbe} logs the change once).
     */
    public static class Unreachable extends Exception {
        Unreachable(Exception cause) {
            super(cause.toString(), cause);
        }
    }
}
