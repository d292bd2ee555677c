package org.sagademo.inventory.saga;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import org.sagademo.inventory.inventory.SessionLocks;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * The record that an event of a session took effect, with the answer it got and the id that answer is sent
 * under ({@link ProcessedEvents}).
 */
@Entity
@Table(name = "processed_events")
@IdClass(ProcessedEvent.Key.class)
/*
 * A concurrent duplicate waits on the key for the first delivery's commit, then finds it, instead of failing. The
 * first statement of every event's transaction: it takes the session's reset lock, shared (SessionLocks).
 */
@NamedNativeQuery(name = ProcessedEvent.RECORD, query = "INSERT INTO processed_events (session_id, event_key) SELECT ?1, ?2"
        + " FROM (SELECT " + SessionLocks.SHARED + ") AS reset_lock ON CONFLICT DO NOTHING")
/* Native, although JPQL could say it: a JPQL update cost EclipseLink several times this statement, on every answer. */
@NamedNativeQuery(name = ProcessedEvent.RECORD_ANSWER,
        query = "UPDATE processed_events SET answer = ?1, answer_id = ?2 WHERE session_id = ?3 AND event_key = ?4")
@NamedQuery(name = ProcessedEvent.RECORDED_ANSWER, query = """
        SELECT e.answer, e.answerId FROM ProcessedEvent e
         WHERE e.sessionId = :session AND e.eventKey = :key AND e.answer IS NOT NULL""")
@NamedNativeQuery(name = ProcessedEvent.DELETE_SESSION, query = """
        DELETE FROM processed_events
         WHERE ctid = ANY (ARRAY(SELECT ctid FROM processed_events WHERE session_id = ?1 LIMIT ?2))""")
class ProcessedEvent {

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

    private String answer;

    @Column(name = "answer_id")
    private String answerId;

    @Column(name = "processed_at", insertable = false, updatable = false)
    private OffsetDateTime processedAt;

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
