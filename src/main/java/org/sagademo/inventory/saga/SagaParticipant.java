package org.sagademo.inventory.saga;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.sagademo.inventory.platform.DatabaseFailuresTranslated;
import org.sagademo.inventory.reservation.ReservationOutcome;
import org.sagademo.inventory.reservation.ReservationOutcome.Anomaly;
import org.sagademo.inventory.reservation.ReservationOutcome.Confirmed;
import org.sagademo.inventory.reservation.ReservationOutcome.Refused;
import org.sagademo.inventory.reservation.ReservationOutcome.Released;
import org.sagademo.inventory.reservation.ReservationOutcome.Reserved;
import org.sagademo.inventory.reservation.Settlement;
import org.sagademo.inventory.reservation.StockReservations;
import org.sagademo.inventory.saga.Outcome.ReservationChange;
import org.sagademo.inventory.saga.Outcome.Result;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Applies each incoming event once, in one database transaction: the processed-event record, the
 * reservation and stock changes and the answer to send commit or roll back together. The answer is
 * sent after that commit; should it not leave, the event comes back and gets the recorded answer, under
 * the recorded id. Nothing here depends on the transport's message id, which AMQP peers often leave out.
 */
@Stateless
@DatabaseFailuresTranslated
public class SagaParticipant {

    /** The answer to an order that comes again once its reservation has expired (nobody hears the expiry's release). */
    private static final String EXPIRED_BEFORE_PAYMENT = "Reservation expired before the order was paid";

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    StockReservations reservations;

    @Inject
    OutcomeLog outcomes;

    @Inject
    TestHooks testHooks;

    /**
     * @param redelivered whether the broker delivered this message before
     * @return the answer to send once this transaction has committed
     * @see ProcessedEvents#once
     */
    public Optional<Answer> handle(SagaEvent event, boolean redelivered) {
        long start = System.nanoTime();
        EventIdentity identity = event.identity();
        return processedEvents.once(identity, event.key(), redelivered, () -> apply(event, start),
                recorded -> replay(identity, recorded));
    }

    /**
     * An order whose event could not be read is failed, once, as any event takes effect once, and a reset forgets
     * it. An unreadable copy of an order applied before gets that order's answer again, not a failure beside it
     * ({@link EventIdentity#refusalKey()}).
     *
     * @return the INVENTORY_FAILED to send once this transaction has committed, or the answer recorded before
     * @see ProcessedEvents#once
     */
    public Optional<Answer> refuse(EventIdentity order, String reason, boolean redelivered) {
        return processedEvents.once(order, order.refusalKey(), redelivered,
                () -> Optional.of(Answer.of(OutgoingEvent.unreadable(order, reason))), recorded -> replay(order, recorded));
    }

    /**
     * What a recorded answer becomes when its event comes again: itself (the broker drops it if it got out), unless it
     * is an INVENTORY_RESERVED whose reservation was settled since (while the answer waited for its event's
     * redelivery, or before a copy came). Paid, the answer was heard (the payment followed it), and nothing goes: sent
     * again after the broker's duplicate ids have moved on, a second INVENTORY_RESERVED could be paid again. Released by
     * a cancellation or a failed payment, the saga's own event said so, and nothing goes: INVENTORY_RESERVED after
     * INVENTORY_RELEASED would invite a payment for an order that holds nothing. Released as expired, which nobody in
     * the original saga hears, the order fails, under an id made from the recorded one (the broker drops a second).
     */
    private Optional<Answer> replay(EventIdentity event, Answer recorded) {
        if (recorded.event().type() != EventType.INVENTORY_RESERVED) {
            return Optional.of(recorded);
        }
        Optional<Settlement> settled = reservations.settlement(event.sessionId(), event.orderId());
        if (settled.isEmpty()) {
            return Optional.of(recorded);
        }
        if (!settled.get().expired()) {
            return Optional.empty();
        }
        return Optional.of(Answer.of(OutgoingEvent.failure(event, EXPIRED_BEFORE_PAYMENT), recorded.id() + ":expired"));
    }

    private Optional<Answer> apply(SagaEvent event, long start) {
        OutcomeLog.Pending logged = outcomes.pending(event, start);
        ReservationOutcome outcome = change(event);
        Optional<Answer> answer = OutgoingEvent.answering(event, outcome).map(Answer::of);
        logged.is(describe(event, outcome, answer));
        testHooks.failAfterWritesIfAsked(event);
        return answer;
    }

    /** One dispatch on the event type; the reservation rules live in {@link StockReservations}. */
    private ReservationOutcome change(SagaEvent event) {
        String session = event.sessionId();
        BooleanSupplier orderRefused = () -> processedEvents.orderRefused(event.identity());
        return switch (event.type()) {
            case ORDER_CREATED -> simulatedFailure(event)
                    .orElseGet(() -> reservations.reserve(session, event.orderId(), event.items()));
            case PAYMENT_SUCCESS -> reservations.confirm(session, event.orderId());
            case PAYMENT_FAILED -> reservations.release(session, event.orderId(),
                    "Payment failed: " + event.dataText("reason").orElse("no reason given"), orderRefused);
            case ORDER_CANCELLED -> reservations.release(session, event.orderId(), "Order cancelled", orderRefused);
            default -> throw new IllegalArgumentException(event.type() + " is not an incoming event");
        };
    }

    /** The demo's inventoryBehaviour: "failure" always, "random" half the time. */
    private static Optional<ReservationOutcome> simulatedFailure(SagaEvent event) {
        String behaviour = event.inventoryBehaviour().orElse("success");
        boolean fail = "failure".equals(behaviour)
                || ("random".equals(behaviour) && ThreadLocalRandom.current().nextBoolean());
        return fail ? Optional.of(new Refused("Simulated inventory failure (inventoryBehaviour: " + behaviour + ")"))
                : Optional.empty();
    }

    private static Outcome describe(SagaEvent event, ReservationOutcome outcome, Optional<Answer> answer) {
        if (outcome instanceof Reserved) {
            return Outcome.of(event, answered(answer), ReservationChange.CREATED, "");
        } else if (outcome instanceof Released released) {
            return released.recorded() ? Outcome.of(event, answered(answer), ReservationChange.RELEASED, "")
                    : Outcome.of(event, answered(answer), null, "its order was refused: nothing held, nothing released");
        } else if (outcome instanceof Refused refused) {
            return Outcome.of(event, answered(answer), null, refused.reason());
        } else if (outcome instanceof Confirmed) {
            return Outcome.of(event, Result.CONFIRMED, ReservationChange.CONFIRMED, "");
        } else if (outcome instanceof Anomaly anomaly) {
            return Outcome.of(event, Result.ANOMALY, null, anomaly.description());
        }
        throw new IllegalStateException(outcome + " comes from expiry, never from an event");
    }

    /** A reservation, release or refusal is always answered. */
    private static Result answered(Optional<Answer> answer) {
        return Result.answered(answer.orElseThrow().event());
    }
}
