-- Events with no incoming message behind them (reservation expiry): written in the transaction of the
-- change they announce, deleted when sent. A row left by a crash in between is sent by the next round.
CREATE TABLE outbox (
    id         bigserial   PRIMARY KEY,
    event      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
