-- Each outbox event's duplicate id, chosen when it is written, as processed events keep theirs (V7): one derived
-- from the row's sequence came round again once the database was re-created or restored from a backup under a
-- broker that kept its duplicate-id cache, and the broker dropped the new event as a copy of an old one.
ALTER TABLE outbox ADD COLUMN answer_id varchar(200);
-- events waiting now keep the id they may already have been sent under
UPDATE outbox SET answer_id = 'inventory-outbox:' || id;
-- for an instance still running the code before this (a rolling update), whose inserts name no id
ALTER TABLE outbox ALTER COLUMN answer_id SET DEFAULT 'inventory-outbox:' || gen_random_uuid();
ALTER TABLE outbox ALTER COLUMN answer_id SET NOT NULL;
