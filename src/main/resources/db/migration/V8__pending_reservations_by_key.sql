-- A reservation moves from PENDING by one UPDATE ... WHERE session_id, order_id AND status = 'PENDING'.
-- Before autoanalyze had seen a burst of new reservations, PostgreSQL costed the partial index on
-- (session_id) as well as the primary key and took it: every PENDING entry of the session read to settle
-- one (in the benchmark, 2.5 ms of PostgreSQL CPU per confirmation after 20,000 orders, against 0.4). With
-- the order in the partial index, either index finds the one row.
DROP INDEX reservations_pending_by_session;
CREATE INDEX reservations_pending_by_session ON reservations (session_id, order_id) WHERE status = 'PENDING';
