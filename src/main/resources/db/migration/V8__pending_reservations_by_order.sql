-- GET /inventory joins a session's open reservations to their lines. Right after a burst of reservations,
-- before autoanalyze has run, PostgreSQL believes the tables are tiny and may loop over one side, looking
-- each row up on the other through an index on session_id alone: every lookup then reads the whole
-- session, and the request costs the square of the session's open reservations (35-69 ms of PostgreSQL
-- CPU per request at 1,000). With the order id in the index, every such lookup is a point lookup,
-- whatever plan is chosen.
DROP INDEX reservations_pending_by_session;
CREATE INDEX reservations_pending_by_session ON reservations (session_id, order_id) WHERE status = 'PENDING';
