-- +goose Up
-- Projects get a slug, unique across the instance, so that a person can name a project by
-- it (the PromptOps-Project header). The format is a prompt slug's; a slug shaped like a
-- UUID is refused by the API, which reads such a value as an id.
ALTER TABLE projects ADD COLUMN slug text;

-- Existing projects get the slug a new one would (internal/http/projects.SlugOf, mirrored
-- here): the name in lower case, each run of other characters a '-', at most 90
-- characters, 'project' when nothing is left, '-project' after a UUID's shape; then -2,
-- -3… in creation order while taken.
-- +goose StatementBegin
DO $$
DECLARE
    p         record;
    base      text;
    candidate text;
    n         int;
BEGIN
    FOR p IN SELECT id, name FROM projects ORDER BY created_at, id LOOP
        base := coalesce(nullif(trim(both '-' from left(regexp_replace(lower(p.name), '[^a-z0-9]+', '-', 'g'), 90)), ''), 'project');
        IF base ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
            base := base || '-project';
        END IF;
        candidate := base;
        n := 1;
        WHILE EXISTS (SELECT 1 FROM projects WHERE slug = candidate) LOOP
            n := n + 1;
            candidate := base || '-' || n;
        END LOOP;
        UPDATE projects SET slug = candidate WHERE id = p.id;
    END LOOP;
END $$;
-- +goose StatementEnd

ALTER TABLE projects
    ALTER COLUMN slug SET NOT NULL,
    ADD CONSTRAINT projects_slug_format CHECK (slug ~ '^[a-z0-9]([a-z0-9._-]{0,98}[a-z0-9])?$'),
    ADD CONSTRAINT projects_slug_key UNIQUE (slug);
