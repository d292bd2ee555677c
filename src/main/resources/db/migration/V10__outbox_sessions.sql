-- The session of each waiting outbox event, so that a reset forgets the session's events yet to be sent: sent
-- after the demo has sent the same order again, an expiry of the old reservation read as a release of the new one.
-- Rows an instance of the code before this writes (a rolling update) have none and are sent as before.
ALTER TABLE outbox ADD COLUMN session_id varchar(128);
UPDATE outbox SET session_id = CAST(event AS json) ->> 'sessionId';
