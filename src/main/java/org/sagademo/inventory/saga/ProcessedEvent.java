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
 * whose key is already here is a redelivery or duplicate and changes nothing. It keeps the answer and
 * the id it is sent under, so that an event that comes back (its answer may never have left) gets that
 * answer again, under that id, whatever message carries it.
 */
@Entity
@Table(name = "processed_events")
@IdClass(ProcessedEvent.Key.class)
// one round trip, and a concurrent duplicate waits for the first to commit instead of failing
@NamedNativeQuery(name = ProcessedEvent.RECORD, query = """
        INSERT INTO processed_events (session_id, event_key) VALUES (?1, ?2) ON CONFLICT DO NOTHING""")
@NamedNativeQuery(name = ProcessedEvent.RECORD_ANSWER, query = """
        UPDATE processed_events SET answer = ?3, answer_id = ?4 WHERE session_id = ?1 AND event_key = ?2""")
@NamedNativeQuery(name = ProcessedEvent.RECORDED_ANSWER, query = """
        SELECT answer, answer_id FROM processed_events WHERE session_id = ?1 AND event_key = ?2 AND answer IS NOT NULL""")
@NamedQuery(name = ProcessedEvent.DELETE_SESSION, query = "DELETE FROM ProcessedEvent e WHERE e.sessionId = :session")
public class ProcessedEvent {

    static final String RECORD = "ProcessedEvent.record";
    static final String RECORD_ANSWER = "ProcessedEvent.recordAnswer";
    static final String RECORDED_ANSWER = "ProcessedEvent.recordedAnswer";
    static final String DELETE_SESSION = "ProcessedEvent.deleteSession";

    @Id
    @Column(name = "session_id")
    private String sessionId;

    @Id
    @Column(name = "event_key")
    private String eventKey;

    @Column(name = "processed_at", insertable = false, updatable = false)
    private OffsetDateTime processedAt;

    /** The outgoing event's JSON, if the event had an answer. */
    @Column(name = "answer")
    private String answer;

    /** The duplicate id the answer is sent under, every time. */
    @Column(name = "answer_id")
    private String answerId;

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
