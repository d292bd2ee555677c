-- Each applied event keeps the message that applied it and the answer it sent. When that same message
-- comes back (its broker branch was rolled back after the database branch committed, e.g. an in-doubt
-- transaction resolved after a crash), the answer is sent again instead of being lost.
ALTER TABLE processed_events
    ADD COLUMN message_id varchar(200),
    ADD COLUMN answer     text;
