-- +goose Up
-- The versions that include a reference ("slug", or "slug@3" pinned) are found by
-- partials && refs: at promote, rollback and undeploy, and when listing a prompt's
-- includers. Without an index every version of the project was read for each level of
-- inclusion.
CREATE INDEX prompt_versions_partials_idx ON prompt_versions USING gin (partials);
