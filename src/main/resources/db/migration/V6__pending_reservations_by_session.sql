-- The index on (session_id, status) made PostgreSQL look up one reservation by key through it (every
-- entry of the session, then filter by order) in a plan cached per connection, most likely the
-- foreign-key check of each new reservation line: a reservation's cost grew with the session's size
-- (seen in the benchmark: about as many index entries read per order as the session had reservations). Reservations of a session are found by the
-- primary key (session_id, order_id); the open ones, which GET /inventory lists, by this partial index.
DROP INDEX reservations_by_session_status;
CREATE INDEX reservations_pending_by_session ON reservations (session_id) WHERE status = 'PENDING';
