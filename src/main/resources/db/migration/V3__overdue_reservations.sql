-- Reservation expiry looks for the oldest PENDING reservations across all sessions.
CREATE INDEX reservations_pending_by_age ON reservations (created_at) WHERE status = 'PENDING';
