package org.sagademo.inventory.saga;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.sagademo.inventory.platform.DatabaseFailuresTranslated;

import java.util.List;
import java.util.logging.Logger;

/**
 * Events that no incoming message stands behind (reservation expiry). Such an event is written in the
 * transaction of the change it announces and sent once that has committed, so a crash in between
 * cannot lose it: the row stays and a later round sends it. A batch claims its rows, sends them outside any
 * transaction, then deletes those it sent and gives back the claim on the rest; a batch that dies (a crash) leaves its
 * claim, and a round after the claim has expired sends them again, under the duplicate ids chosen when they were
 * written, so the broker keeps one copy.
 */
@Stateless
@DatabaseFailuresTranslated
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());
    private static final int BATCH = 5;
    /**
     * Far longer than a batch's five sends take (each given up after 5 s): no other instance takes
     * rows a live batch is still sending, since two sends under one duplicate id that overlap can both get through.
     */
    static final int CLAIM_SECONDS = 300;
    private static final int BATCHES_PER_ROUND = 100;

    @Resource
    SessionContext context;

    @PersistenceContext
    EntityManager em;

    @EJB
    InventoryEvents events;

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void add(OutgoingEvent event) {
        em.persist(new OutboxEvent(event.sessionId(), Answer.of(event)));
    }

    /**
     * Sends the oldest events waiting, a batch at a time, at most {@link #BATCHES_PER_ROUND} of them (a round of the
     * expiry timer stays short after a broker outage). No transaction is open while the broker is called: a slow
     * broker holds no row lock that a reset would wait for, and no connection idle in a transaction. A send that fails
     * ends the round, the rows not sent given back for the next one.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void sendWaiting() {
        Outbox self = context.getBusinessObject(Outbox.class);
        for (int batch = 0; batch < BATCHES_PER_ROUND; batch++) {
            List<Claimed> claimed = self.claim();
            if (claimed.isEmpty()) {
                return;
            }
            int done = 0;
            try {
                while (done < claimed.size()) {
                    send(claimed.get(done));
                    done++;
                }
            } finally {
                self.settle(ids(claimed.subList(0, done)), ids(claimed.subList(done, claimed.size())));
            }
            if (claimed.size() < BATCH) {
                return;
            }
        }
    }

    /** Events written and not sent yet, in the table all instances share (a batch sending some at this moment included). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public long waiting() {
        return em.createNamedQuery(OutboxEvent.COUNT, Long.class).getSingleResult();
    }

    /** A row a batch has claimed: its id, its event and the duplicate id it goes under. */
    public record Claimed(long id, String event, String answerId) {
    }

    /** Sends the row's event; one that cannot be read is logged and deleted with the sent: no later round could send it. */
    private void send(Claimed row) {
        Answer answer;
        try {
            answer = Answer.recorded(row.event(), row.answerId());
        } catch (RuntimeException unreadable) {
            LOG.warning(() -> "outbox row " + row.id() + " dropped, it cannot be read (" + unreadable + "): " + row.event());
            return;
        }
        events.publish(answer);
    }

    private static List<Long> ids(List<Claimed> rows) {
        return rows.stream().map(Claimed::id).toList();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<Claimed> claim() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNamedQuery(OutboxEvent.CLAIM).setParameter(1, BATCH).setParameter(2, CLAIM_SECONDS)
                .getResultList();
        return rows.stream().map(row -> new Claimed(((Number) row[0]).longValue(), (String) row[1], (String) row[2])).toList();
    }

    /** Deletes the rows done with (any a reset deleted meanwhile are gone already) and gives back the claim on the rest. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void settle(List<Long> done, List<Long> notSent) {
        if (!done.isEmpty()) {
            em.createNamedQuery(OutboxEvent.DELETE_SENT).setParameter("ids", done).executeUpdate();
        }
        if (!notSent.isEmpty()) {
            em.createNamedQuery(OutboxEvent.UNCLAIM).setParameter("ids", notSent).executeUpdate();
        }
    }
}
