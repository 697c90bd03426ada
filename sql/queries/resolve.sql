-- ResolveActive finds the live version of a slug in an environment.
-- name: ResolveActive :one
SELECT p.slug, sqlc.embed(v)
FROM prompts p
JOIN deployments d ON d.prompt_id = p.id AND d.environment = @environment
JOIN prompt_versions v ON v.id = d.version_id
WHERE p.project_id = @project_id AND p.slug = @slug;

-- ResolvePinned finds a version of a slug by number, if it has ever been live in the environment.
-- name: ResolvePinned :one
SELECT p.slug, sqlc.embed(v)
FROM prompts p
JOIN prompt_versions v ON v.prompt_id = p.id AND v.version_number = @version_number
WHERE p.project_id = @project_id AND p.slug = @slug
  AND EXISTS (SELECT 1 FROM deployment_history h
              WHERE h.prompt_id = p.id AND h.environment = @environment AND h.version_id = v.id);
