-- +goose Up
-- Every state change of a project, written in the same transaction as the change.
CREATE TABLE events (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id  uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    type        text        NOT NULL CONSTRAINT events_type_format CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
    key_id      uuid        REFERENCES api_keys (id) ON DELETE SET NULL,
    key_prefix  text,
    data        jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX events_project_created_idx ON events (project_id, created_at DESC, id DESC);

-- Webhooks receive a project's events. The secret signs deliveries (Standard Webhooks), so
-- it is kept; it is shown only when the webhook is created.
CREATE TABLE webhooks (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id  uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    url         text        NOT NULL CONSTRAINT webhooks_url_length CHECK (char_length(url) BETWEEN 1 AND 2000),
    events      text[]      NOT NULL CONSTRAINT webhooks_events_nonempty CHECK (cardinality(events) > 0),
    description text        CONSTRAINT webhooks_description_length CHECK (char_length(description) <= 500),
    secret      text        NOT NULL,
    enabled     boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX webhooks_project_idx ON webhooks (project_id, created_at DESC, id);

-- One message to one webhook: an event, a ping, or a redelivery. The payload is the exact
-- body sent (json, not jsonb, keeps its bytes), so retries and redeliveries send the same bytes.
CREATE TABLE webhook_deliveries (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    webhook_id       uuid        NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id         uuid        REFERENCES events (id) ON DELETE SET NULL,
    message_id       uuid        NOT NULL,
    event_type       text        NOT NULL,
    payload          json        NOT NULL,
    status           text        NOT NULL DEFAULT 'pending' CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_retry_at    timestamptz,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (webhook_id, created_at, id) WHERE status = 'pending';

-- Each attempt of a delivery, as the receiver answered it.
CREATE TABLE webhook_delivery_attempts (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id uuid        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    status_code integer,
    duration_ms integer     NOT NULL,
    error       text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (delivery_id, id);
