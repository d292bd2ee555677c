package org.sagademo.inventory.saga;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.sagademo.inventory.saga.Outcome.Result;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The idempotent consumer: wraps an event's handler so that the event takes effect once, whatever
 * carries it (a redelivery, a re-publication with a new message id or none). The record that an event
 * took effect ({@code processed_events}), the effect and the answer commit together in the caller's
 * transaction; an event whose key is already recorded changes nothing. The record keeps the answer and
 * the id it is sent under, so that an event that comes back (its answer may never have left) gets that
 * answer again, under that id, whatever message carries it. A plain bean, not an EJB: it is a step of
 * {@link SagaParticipant}'s transaction.
 */
@Dependent
class ProcessedEvents {

    @PersistenceContext
    EntityManager em;

    @Inject
    OutcomeLog outcomes;

    /**
     * @param key what its duplicates share ({@link EventIdentity#key()}, or for a refusal its own)
     * @param redelivered whether the broker delivered this message before
     * @param replay what a recorded answer becomes, to be sent again: itself, what is true now, or nothing
     * @return the handler's answer; for an event applied before, what the recorded answer becomes: the first copy may
     * never have left (a failure between the commit and the send), and if it did, the broker drops this one, which
     * carries the same duplicate id
     * @throws AnswerMayBeInFlight for an event applied before, with an answer to send again, on its message's first delivery
     */
    Optional<Answer> once(EventIdentity event, String key, boolean redelivered, Supplier<Optional<Answer>> handler,
                          Function<Answer, Optional<Answer>> replay) {
        long start = System.nanoTime();
        if (recordedNow(event.sessionId(), key)) {
            Optional<Answer> answer = handler.get();
            answer.ifPresent(a -> recordAnswer(event.sessionId(), key, a));
            return answer;
        }
        return appliedBefore(event, key, redelivered, replay, start);
    }

    /** Whether the order this event is about was refused: its ORDER_CREATED applied, answered INVENTORY_FAILED. */
    boolean orderRefused(EventIdentity event) {
        return recordedAnswer(event.sessionId(), event.orderKey())
                .filter(answer -> answer.event().type() == EventType.INVENTORY_FAILED).isPresent();
    }

    /** Records the event as applied: false if it was (the insert waits for a copy in flight, then finds its key). */
    private boolean recordedNow(String session, String key) {
        return em.createNamedQuery(ProcessedEvent.RECORD).setParameter(1, session).setParameter(2, key).executeUpdate() == 1;
    }

    private void recordAnswer(String session, String key, Answer answer) {
        em.createNamedQuery(ProcessedEvent.RECORD_ANSWER)
                .setParameter(1, answer.json())
                .setParameter(2, answer.id())
                .setParameter(3, session)
                .setParameter(4, key)
                .executeUpdate();
    }

    private Optional<Answer> recordedAnswer(String session, String key) {
        return em.createNamedQuery(ProcessedEvent.RECORDED_ANSWER, Object[].class)
                .setParameter("session", session)
                .setParameter("key", key)
                .getResultStream()
                .findFirst()
                .map(row -> Answer.recorded((String) row[0], (String) row[1]));
    }

    /** An event applied before: its recorded answer, as {@code replay} makes it, if it is safe to send now. */
    private Optional<Answer> appliedBefore(EventIdentity event, String key, boolean redelivered,
                                           Function<Answer, Optional<Answer>> replay, long start) {
        Optional<Answer> recorded = recordedAnswer(event.sessionId(), key);
        if (recorded.isEmpty()) {
            outcomes.record(duplicate(event, "already applied"), start);
            return recorded;
        }
        Optional<Answer> again = replay.apply(recorded.get());
        if (again.isEmpty()) {
            outcomes.record(duplicate(event, "already applied; its recorded answer no longer holds and is not sent again"), start);
            return again;
        }
        if (!redelivered) {
            outcomes.recordAsIs(duplicate(event, "already applied; returned to the broker until the first answer has surely left"), start);
            throw new AnswerMayBeInFlight(event);
        }
        boolean asRecorded = again.get().id().equals(recorded.get().id());
        outcomes.record(duplicate(event, asRecorded ? "already applied; its recorded answer goes again under its first id"
                : "already applied; its recorded answer no longer holds: " + again.get().event().type() + " instead"), start);
        return again;
    }

    private static Outcome duplicate(EventIdentity event, String detail) {
        return Outcome.of(event, Result.DUPLICATE, null, detail);
    }
}
