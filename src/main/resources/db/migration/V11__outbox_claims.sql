-- An outbox batch claims its rows in a short transaction of its own, sends them outside any, then deletes them
-- (Outbox): no transaction stays open while the broker is called, and a reset deletes a claimed row like any other,
-- so a send that fails after a reset brings nothing back. A claim older than a batch can last is a batch that died
-- (a crash): its rows are taken again, under the duplicate ids they were written with.
-- In a rolling update an instance of the code before this may hold outbox rows while it sends (up to 50 s): the
-- migration gives up after 3 s rather than queue every insert and reset behind its lock, and the start fails and is
-- tried again.
SET LOCAL lock_timeout = '3s';
ALTER TABLE outbox ADD COLUMN claimed_at timestamptz;
