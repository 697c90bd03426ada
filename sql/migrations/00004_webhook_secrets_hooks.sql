-- +goose Up
-- Webhook secrets are sealed before they are stored (AES-256-GCM under the operator's key,
-- internal/secrets): `serve` seals the plain-text ones written before this migration when it
-- starts, since only it knows the key, so SQL alone cannot.
--
-- Rotating a secret keeps the previous one signing deliveries (beside the new one) until
-- previous_secret_expires_at, so receivers can switch without refusing a delivery.
ALTER TABLE webhooks
    ADD COLUMN previous_secret            text,
    ADD COLUMN previous_secret_expires_at timestamptz,
    ADD CONSTRAINT webhooks_previous_secret_expiry CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL));

COMMENT ON COLUMN webhooks.secret IS 'The signing secret, sealed (v1:…); a plain whsec_… value is sealed by serve at start-up.';
COMMENT ON COLUMN webhooks.previous_secret IS 'The secret before the last rotation, sealed; it signs too until previous_secret_expires_at.';
