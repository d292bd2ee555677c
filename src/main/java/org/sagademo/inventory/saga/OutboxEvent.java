package org.sagademo.inventory.saga;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** An event waiting in the {@link Outbox} to be sent, and the duplicate id it goes under. */
@Entity
@Table(name = "outbox")
/* Oldest first, at most ?1; rows another instance is sending are skipped, not waited for. */
@NamedNativeQuery(name = OutboxEvent.TAKE, query = """
        WITH taken AS (
            DELETE FROM outbox WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT ?1 FOR UPDATE SKIP LOCKED)
            RETURNING id, event, answer_id)
        SELECT event, answer_id FROM taken ORDER BY id""")
/*
 * A reset's: rows being sent meanwhile are skipped, not waited for. A send can take as long as the broker (5 sends of a
 * batch, 50 s at most), and the reset would hold its session's lock all that time, its own request timing out and the
 * session's events waiting on the lock until they were dead-lettered. What is being sent is sent.
 */
@NamedNativeQuery(name = OutboxEvent.DELETE_SESSION, query = """
        DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE session_id = ?1 FOR UPDATE SKIP LOCKED)""")
class OutboxEvent {

    static final String TAKE = "OutboxEvent.take";
    static final String DELETE_SESSION = "OutboxEvent.deleteSession";

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

    protected OutboxEvent() {
    }

    OutboxEvent(String sessionId, Answer answer) {
        this.sessionId = sessionId;
        this.event = answer.json();
        this.answerId = answer.id();
    }
}
