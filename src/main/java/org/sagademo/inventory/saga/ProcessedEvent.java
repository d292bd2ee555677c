package org.sagademo.inventory.saga;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * The record that an event took effect, written in the same transaction as the effect: an event
 * whose key is already here is a redelivery or duplicate and changes nothing. It keeps the JMS
 * message that applied the event and the answer sent, so that the same message delivered again
 * (its answer rolled back with the broker's branch) gets that answer again.
 */
@Entity
@Table(name = "processed_events")
@IdClass(ProcessedEvent.Key.class)
// one round trip, and a concurrent duplicate waits for the first to commit instead of failing
@NamedNativeQuery(name = ProcessedEvent.RECORD, query = """
        INSERT INTO processed_events (session_id, event_key, message_id) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING""")
@NamedNativeQuery(name = ProcessedEvent.RECORD_ANSWER, query = """
        UPDATE processed_events SET answer = ?3 WHERE session_id = ?1 AND event_key = ?2""")
@NamedNativeQuery(name = ProcessedEvent.ANSWER_TO_MESSAGE, query = """
        SELECT answer FROM processed_events
        WHERE session_id = ?1 AND event_key = ?2 AND message_id = ?3 AND answer IS NOT NULL""")
@NamedQuery(name = ProcessedEvent.DELETE_SESSION, query = "DELETE FROM ProcessedEvent e WHERE e.sessionId = :session")
public class ProcessedEvent {

    static final String RECORD = "ProcessedEvent.record";
    static final String RECORD_ANSWER = "ProcessedEvent.recordAnswer";
    static final String ANSWER_TO_MESSAGE = "ProcessedEvent.answerToMessage";
    public static final String DELETE_SESSION = "ProcessedEvent.deleteSession";

    @Id
    @Column(name = "session_id")
    private String sessionId;

    @Id
    @Column(name = "event_key")
    private String eventKey;

    @Column(name = "processed_at", insertable = false, updatable = false)
    private OffsetDateTime processedAt;

    @Column(name = "message_id")
    private String messageId;

    /** The outgoing event's JSON, if the event had an answer. */
    @Column(name = "answer")
    private String answer;

    protected ProcessedEvent() {
    }

    public static class Key implements Serializable {
        private String sessionId;
        private String eventKey;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && sessionId.equals(key.sessionId) && eventKey.equals(key.eventKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sessionId, eventKey);
        }
    }
}
