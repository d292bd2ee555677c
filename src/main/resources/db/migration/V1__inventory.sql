-- Products, reservations and processed events, each keyed by the saga session.

CREATE TABLE products (
    session_id  varchar(128) NOT NULL,
    id          varchar(64)  NOT NULL,
    name        varchar(200) NOT NULL,
    stock_level integer      NOT NULL,
    reserved    integer      NOT NULL DEFAULT 0,
    version     bigint       NOT NULL DEFAULT 0,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, id),
    -- the no-oversell invariant, enforced by the database at every commit
    CONSTRAINT reserved_within_stock CHECK (reserved >= 0 AND reserved <= stock_level)
);

CREATE TABLE reservations (
    session_id varchar(128) NOT NULL,
    order_id   varchar(128) NOT NULL,
    status     varchar(16)  NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'RELEASED')),
    reason     varchar(1000),
    created_at timestamptz  NOT NULL DEFAULT now(),
    updated_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, order_id)
);
-- GET /inventory and /inventory/stats look reservations up by session and status
CREATE INDEX reservations_by_session_status ON reservations (session_id, status);

CREATE TABLE reservation_lines (
    session_id varchar(128) NOT NULL,
    order_id   varchar(128) NOT NULL,
    product_id varchar(64)  NOT NULL,
    quantity   integer      NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (session_id, order_id, product_id),
    FOREIGN KEY (session_id, order_id) REFERENCES reservations (session_id, order_id) ON DELETE CASCADE
);

CREATE TABLE processed_events (
    session_id   varchar(128) NOT NULL,
    event_key    varchar(200) NOT NULL,
    processed_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, event_key)
);
