-- An answer is known by an id chosen when its event is applied, not by the incoming message's id: AMQP
-- peers often send none. However often the event arrives (redelivered, or published again as another
-- message), its recorded answer goes out under this id, and the broker's duplicate detection keeps one copy.
ALTER TABLE processed_events RENAME COLUMN message_id TO answer_id;
-- answers already recorded keep the duplicate id they were first sent with
UPDATE processed_events SET answer_id = CASE
    WHEN answer IS NULL THEN NULL
    WHEN answer_id IS NULL THEN 'inventory-answer:' || gen_random_uuid()
    ELSE 'inventory-answer:' || answer_id END;
