package org.sagademo.inventory.saga;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** An event waiting in the {@link Outbox} to be sent, and the duplicate id it goes under. */
@Entity
@Table(name = "outbox")
/*
 * Oldest first, at most ?1, of those no batch has claimed in the last ?2 seconds; rows another instance is claiming
 * at this moment are skipped, not waited for.
 */
@NamedNativeQuery(name = OutboxEvent.CLAIM, query = """
        WITH claimed AS (
            UPDATE outbox SET claimed_at = now()
             WHERE id IN (SELECT id FROM outbox WHERE claimed_at IS NULL OR claimed_at < now() - make_interval(secs => ?2)
                          ORDER BY id LIMIT ?1 FOR UPDATE SKIP LOCKED)
            RETURNING id, event, answer_id)
        SELECT id, event, answer_id FROM claimed ORDER BY id""")
@NamedQuery(name = OutboxEvent.DELETE_SENT, query = "DELETE FROM OutboxEvent e WHERE e.id IN :ids")
@NamedQuery(name = OutboxEvent.UNCLAIM, query = "UPDATE OutboxEvent e SET e.claimedAt = NULL WHERE e.id IN :ids")
@NamedQuery(name = OutboxEvent.DELETE_SESSION, query = "DELETE FROM OutboxEvent e WHERE e.sessionId = :session")
@NamedQuery(name = OutboxEvent.COUNT, query = "SELECT count(e) FROM OutboxEvent e")
class OutboxEvent {

    static final String CLAIM = "OutboxEvent.claim";
    static final String DELETE_SENT = "OutboxEvent.deleteSent";
    static final String UNCLAIM = "OutboxEvent.unclaim";
    static final String DELETE_SESSION = "OutboxEvent.deleteSession";
    static final String COUNT = "OutboxEvent.count";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "session_id")
    private String sessionId;

    private String event;

    @Column(name = "answer_id")
    private String answerId;

    @Column(name = "created_at", insertable = false, updatable = false)
    private OffsetDateTime createdAt;

    /** Set by {@link #CLAIM}, cleared by {@link #UNCLAIM}: a batch is sending the row. */
    @Column(name = "claimed_at", insertable = false)
    private OffsetDateTime claimedAt;

    protected OutboxEvent() {
    }

    OutboxEvent(String sessionId, Answer answer) {
        this.sessionId = sessionId;
        this.event = answer.json();
        this.answerId = answer.id();
    }
}
