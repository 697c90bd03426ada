-- +goose Up
-- considered_at is when the periodic reconsideration last looked at a release pending
-- approval. It takes a batch at a time, those looked at least recently (never first), so a
-- batch's worth of releases held for good cannot keep the others from being looked at.
ALTER TABLE releases ADD COLUMN considered_at timestamptz;

CREATE INDEX releases_pending_considered_idx ON releases (considered_at NULLS FIRST, created_at, id)
    WHERE status = 'pending_approval';
