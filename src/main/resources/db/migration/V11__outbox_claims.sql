-- An outbox batch claims its rows in a short transaction of its own, sends them outside any, then deletes them
-- (Outbox): no transaction stays open while the broker is called, and a reset deletes a claimed row like any other,
-- so a send that fails after a reset brings nothing back. A claim older than a batch can last is a batch that died
-- (a crash, a failed send): its rows are taken again, under the duplicate ids they were written with.
ALTER TABLE outbox ADD COLUMN claimed_at timestamptz;
