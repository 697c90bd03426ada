-- +goose Up
-- Releases (issue 23): a project's environments beyond the reference three, with their
-- protection; releases that move one or more prompts of an environment together, at once,
-- as a fixed split or gradually, with approvals, checks, schedules and guards; the checks
-- CI reports on versions; and what tracked calls tell of each release's variants.

-- An environment of a project. dev, staging and production are made with every project
-- (the trigger below) and cannot be removed; others are added by name. Protection: a
-- release (or a promote) into a protected environment waits for required_approvals
-- approvals from people with the publisher role or above, none of them its author, for the
-- version of each change to have passed every check named in required_checks (with at
-- least min_check_score when that is set), and is refused when required_predecessor is set
-- and the version has never been live there.
CREATE TABLE environments (
    project_id           uuid             NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name                 text             NOT NULL CONSTRAINT environments_name_format CHECK (name ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'),
    required_approvals   integer          NOT NULL DEFAULT 0 CONSTRAINT environments_required_approvals_range CHECK (required_approvals BETWEEN 0 AND 10),
    required_checks      text[]           NOT NULL DEFAULT '{}' CONSTRAINT environments_required_checks_count CHECK (cardinality(required_checks) <= 20),
    min_check_score      double precision,
    required_predecessor text,
    created_at           timestamptz      NOT NULL DEFAULT now(),
    updated_at           timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, name),
    CONSTRAINT environments_predecessor_fkey FOREIGN KEY (project_id, required_predecessor) REFERENCES environments (project_id, name),
    CONSTRAINT environments_predecessor_other CHECK (required_predecessor <> name)
);

INSERT INTO environments (project_id, name)
SELECT p.id, e.name FROM projects p CROSS JOIN (VALUES ('dev'), ('staging'), ('production')) AS e (name);

-- +goose StatementBegin
CREATE FUNCTION environments_add_reference() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO environments (project_id, name) VALUES (NEW.id, 'dev'), (NEW.id, 'staging'), (NEW.id, 'production');
    RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER projects_environments AFTER INSERT ON projects
    FOR EACH ROW EXECUTE FUNCTION environments_add_reference();

-- Environment columns name any environment now: a key's must be one of its project's; the
-- others are checked by the API, which knows the project of each row.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_environment_check,
    ADD CONSTRAINT api_keys_environment_fkey FOREIGN KEY (project_id, environment) REFERENCES environments (project_id, name);
ALTER TABLE deployments DROP CONSTRAINT deployments_environment_check;
ALTER TABLE deployment_history DROP CONSTRAINT deployment_history_environment_check;
ALTER TABLE analytics_hourly DROP CONSTRAINT analytics_hourly_environment_check;

-- A release. strategy is the API's strategy object as accepted ({type, percent, steps,
-- guards}); salt is the release's own, so that each release splits subjects afresh.
-- percent is the share of subjects on the candidates now (while rolling_out; 100 once
-- completed), step the index of the gradual step under way and step_started_at when it
-- began. author_user_id is the person who asked (null for a key), whom approval refuses.
CREATE TABLE releases (
    id              uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id      uuid          NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    environment     text          NOT NULL,
    status          text          NOT NULL CONSTRAINT releases_status_check CHECK (status IN ('pending_approval', 'scheduled', 'rolling_out', 'completed', 'rolled_back', 'rejected', 'cancelled')),
    strategy        jsonb         NOT NULL,
    salt            text          NOT NULL,
    percent         numeric(5, 2) NOT NULL DEFAULT 0 CONSTRAINT releases_percent_range CHECK (percent BETWEEN 0 AND 100),
    step            integer       NOT NULL DEFAULT 0,
    step_started_at timestamptz,
    scheduled_at    timestamptz,
    message         text          CONSTRAINT releases_message_length CHECK (char_length(message) <= 1000),
    rollback_reason text,
    author_user_id  uuid          REFERENCES users (id) ON DELETE SET NULL,
    actor           jsonb,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    CONSTRAINT releases_environment_fkey FOREIGN KEY (project_id, environment) REFERENCES environments (project_id, name)
);

CREATE INDEX releases_project_created_idx ON releases (project_id, created_at DESC, id);
CREATE INDEX releases_open_idx ON releases (status) WHERE status IN ('pending_approval', 'scheduled', 'rolling_out');

-- The prompts a release moves: from the version live when it applied (null when none was,
-- or before it applied) to its version.
CREATE TABLE release_changes (
    release_id      uuid NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    prompt_id       uuid NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    from_version_id uuid REFERENCES prompt_versions (id) ON DELETE CASCADE,
    to_version_id   uuid NOT NULL REFERENCES prompt_versions (id) ON DELETE CASCADE,
    PRIMARY KEY (release_id, prompt_id)
);

CREATE INDEX release_changes_prompt_idx ON release_changes (prompt_id);

-- A person's approval or rejection of a release, one each.
CREATE TABLE release_reviews (
    release_id uuid        NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    decision   text        NOT NULL CONSTRAINT release_reviews_decision_check CHECK (decision IN ('approve', 'reject')),
    comment    text        CONSTRAINT release_reviews_comment_length CHECK (char_length(comment) <= 1000),
    actor      jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (release_id, user_id)
);

-- While a release rolls out a prompt, its deployment serves version_id (the current
-- version) to most subjects and candidate_version_id to the release's share of them.
ALTER TABLE deployments
    ADD COLUMN release_id           uuid REFERENCES releases (id) ON DELETE SET NULL,
    ADD COLUMN candidate_version_id uuid REFERENCES prompt_versions (id) ON DELETE CASCADE,
    ADD CONSTRAINT deployments_candidate_release CHECK ((release_id IS NULL) = (candidate_version_id IS NULL));

-- The history records removals (undeploy) and a release's candidate starting to serve its
-- share (rollout), and the release of each move made by one.
ALTER TABLE deployment_history DROP CONSTRAINT deployment_history_action_check,
    ADD CONSTRAINT deployment_history_action_check CHECK (action IN ('promote', 'rollback', 'undeploy', 'rollout')),
    ADD COLUMN release_id uuid REFERENCES releases (id) ON DELETE SET NULL;

-- A check reported on a version (like a commit status): one per name, the newest report.
CREATE TABLE version_checks (
    version_id  uuid             NOT NULL REFERENCES prompt_versions (id) ON DELETE CASCADE,
    name        text             NOT NULL CONSTRAINT version_checks_name_format CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$'),
    status      text             NOT NULL CONSTRAINT version_checks_status_check CHECK (status IN ('pending', 'passed', 'failed')),
    score       double precision,
    details_url text             CONSTRAINT version_checks_details_url_length CHECK (char_length(details_url) <= 2000),
    actor       jsonb,
    created_at  timestamptz      NOT NULL DEFAULT now(),
    updated_at  timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (version_id, name)
);

-- What tracked calls tell of a release's variants, per prompt: calls of the current
-- version (variant current) and of the candidate (candidate) in the release's environment
-- while it rolls out, summed like analytics_hourly (sharded, latency histograms that add
-- up). Guards judge these; the release's analytics show them.
CREATE TABLE release_metrics (
    release_id      uuid             NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    prompt_id       uuid             NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    variant         text             NOT NULL CONSTRAINT release_metrics_variant_check CHECK (variant IN ('current', 'candidate')),
    shard           smallint         NOT NULL DEFAULT 0,
    calls           bigint           NOT NULL,
    errors          bigint           NOT NULL,
    latency_buckets bigint[]         NOT NULL,
    latency_min     double precision NOT NULL,
    latency_max     double precision NOT NULL,
    input_tokens    bigint           NOT NULL,
    output_tokens   bigint           NOT NULL,
    cost_usd        numeric          NOT NULL,
    PRIMARY KEY (release_id, prompt_id, variant, shard)
);
