-- Webhook subscriptions and their deliveries (package events/webhook).
-- A delivery is one event on its way to one subscription: unique per
-- (subscription, event seq), so that replaying the log enqueues nothing
-- twice. Workers claim pending deliveries that are due and whose lease is
-- free (lease_until in the past; the zero time when none).

-- +goose Up
CREATE TABLE webhook_subscriptions (
    id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    url             TEXT NOT NULL,
    types           TEXT,
    private         INTEGER NOT NULL,
    secrets         TEXT,
    disabled        INTEGER NOT NULL,
    disabled_reason TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         BIGINT NOT NULL
);

CREATE TABLE webhook_deliveries (
    id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    subscription_id TEXT COLLATE "C" NOT NULL REFERENCES webhook_subscriptions (id),
    event_seq       BIGINT NOT NULL,
    event_id        TEXT NOT NULL,
    type            TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_at         TEXT NOT NULL,
    last_status     INTEGER NOT NULL,
    last_error      TEXT NOT NULL,
    holder          TEXT NOT NULL,
    lease_until     TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         BIGINT NOT NULL,
    UNIQUE (subscription_id, event_seq)
);
-- What workers claim: pending deliveries by when they are due.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_at);
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhook_subscriptions;
