-- +goose Up
-- A revision per project, one more with every committed change to what its prompts serve:
-- a deployment written or removed, or a release's share or status changed. Resolve reads
-- it with the version it serves, so that an instance that reads a newer revision than its
-- cache holds drops the project's older answers before answering: once it has served one
-- prompt of a release as moved, it serves every prompt of it so (issue 23).
CREATE TABLE project_revisions (
    project_id uuid   PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    revision   bigint NOT NULL DEFAULT 0
);

INSERT INTO project_revisions (project_id) SELECT id FROM projects;

-- +goose StatementBegin
CREATE FUNCTION project_revisions_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO project_revisions (project_id) VALUES (NEW.id);
    RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER projects_revisions AFTER INSERT ON projects
    FOR EACH ROW EXECUTE FUNCTION project_revisions_add();

-- The bumps are deferred to the commit, so that the revision's row lock is the last lock a
-- transaction takes: writers of a project queue on it only as they commit, and no lock
-- order can deadlock on it.
-- +goose StatementBegin
CREATE FUNCTION project_revisions_bump_deployment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE project_revisions r SET revision = r.revision + 1
    FROM prompts p WHERE p.id = coalesce(NEW.prompt_id, OLD.prompt_id) AND r.project_id = p.project_id;
    RETURN NULL;
END
$$;

CREATE FUNCTION project_revisions_bump_release() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE project_revisions SET revision = revision + 1 WHERE project_id = NEW.project_id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE CONSTRAINT TRIGGER deployments_revision AFTER INSERT OR UPDATE OR DELETE ON deployments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION project_revisions_bump_deployment();

CREATE CONSTRAINT TRIGGER releases_revision AFTER UPDATE ON releases
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.percent IS DISTINCT FROM NEW.percent OR OLD.status IS DISTINCT FROM NEW.status OR OLD.salt IS DISTINCT FROM NEW.salt)
    EXECUTE FUNCTION project_revisions_bump_release();
