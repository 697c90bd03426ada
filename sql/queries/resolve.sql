-- ResolveActive finds the live version of a slug in an environment, with the rolling
-- release that moves it (its candidate version, salt and share; null when none does) and
-- the project's revision, all as of one moment.
-- name: ResolveActive :one
SELECT p.slug, sqlc.embed(v), d.release_id, d.candidate_version_id, r.salt AS release_salt,
       coalesce(r.percent, 0)::float8 AS release_percent, pr.revision
FROM prompts p
JOIN deployments d ON d.prompt_id = p.id AND d.environment = @environment
JOIN prompt_versions v ON v.id = d.version_id
JOIN project_revisions pr ON pr.project_id = p.project_id
LEFT JOIN releases r ON r.id = d.release_id
WHERE p.project_id = @project_id AND p.slug = @slug;

-- ResolvePinned finds a version of a slug by number, if it has ever been live in the environment.
-- name: ResolvePinned :one
SELECT p.slug, sqlc.embed(v)
FROM prompts p
JOIN prompt_versions v ON v.prompt_id = p.id AND v.version_number = @version_number
WHERE p.project_id = @project_id AND p.slug = @slug
  AND EXISTS (SELECT 1 FROM deployment_history h
              WHERE h.prompt_id = p.id AND h.environment = @environment AND h.version_id = v.id);

-- ResolveAnyVersion finds a version of a slug by number, live or not: whether a pinned
-- partial (`{{> slug@3}}`) of a new version names a version at all.
-- name: ResolveAnyVersion :one
SELECT sqlc.embed(v)
FROM prompts p
JOIN prompt_versions v ON v.prompt_id = p.id AND v.version_number = @version_number
WHERE p.project_id = @project_id AND p.slug = @slug;

-- ResolveDependents lists the prompts whose version live in an environment includes a slug
-- unpinned, or whose candidate in a rolling release does (the subjects on it include the
-- slug), with the live version's number: what a deployment of that slug changes.
-- name: ResolveDependents :many
SELECT p.id, p.slug, v.version_number
FROM deployments d
JOIN prompts p ON p.id = d.prompt_id
JOIN prompt_versions v ON v.id = d.version_id
LEFT JOIN prompt_versions c ON c.id = d.candidate_version_id
WHERE p.project_id = @project_id AND d.environment = @environment
  AND (@slug::text = ANY (v.partials) OR @slug::text = ANY (c.partials))
ORDER BY p.slug;

-- ResolveLive lists the prompts with a version live in an environment, with that version,
-- by slug: all of them, or those of slugs when given (a replica's snapshot).
-- Each comes with the rolling release that moves it, as ResolveActive.
-- name: ResolveLive :many
SELECT p.slug, sqlc.embed(v), d.release_id, d.candidate_version_id, r.salt AS release_salt,
       coalesce(r.percent, 0)::float8 AS release_percent
FROM prompts p
JOIN deployments d ON d.prompt_id = p.id AND d.environment = @environment
JOIN prompt_versions v ON v.id = d.version_id
LEFT JOIN releases r ON r.id = d.release_id
WHERE p.project_id = @project_id
  AND (sqlc.narg(slugs)::text[] IS NULL OR p.slug = ANY (sqlc.narg(slugs)::text[]))
ORDER BY p.slug;

-- ResolveIncluders lists the prompts of a project whose version live in an environment
-- includes one of refs ("slug", or "slug@3" pinned), directly or through up to max_depth
-- levels of other partials: the prompts a deployment of those references changes. A
-- version found at one level is searched for at the next by its pinned reference, and by
-- its slug when it is the live one (or, with_candidates, the new version a release serves
-- to its share, which includes the live versions of its partials as the live one does).
-- Each prompt comes once, at its nearest level, nearest first, then by slug.
-- name: ResolveIncluders :many
WITH RECURSIVE found (ref, depth, prompt_id, version_number) AS (
    SELECT ref, 0, NULL::uuid, NULL::integer FROM unnest(@refs::text[]) AS ref
  UNION
    SELECT r.ref, f.depth + 1, p.id, v.version_number
    FROM found f
    JOIN prompt_versions v ON v.partials @> ARRAY[f.ref]
    JOIN prompts p ON p.id = v.prompt_id
    LEFT JOIN deployments d ON d.prompt_id = p.id AND d.environment = @environment
    CROSS JOIN LATERAL (VALUES (p.slug || '@' || v.version_number::text),
                               (CASE WHEN d.version_id = v.id OR (@with_candidates::boolean AND d.candidate_version_id = v.id) THEN p.slug END)) AS r (ref)
    WHERE p.project_id = @project_id AND f.depth < @max_depth::integer AND r.ref IS NOT NULL
)
SELECT prompt_id::uuid AS prompt_id, slug::text AS slug, version_number::integer AS version_number
FROM (
    SELECT DISTINCT ON (ref) prompt_id, ref AS slug, version_number, depth
    FROM found
    WHERE depth > 0 AND strpos(ref, '@') = 0 AND NOT ref = ANY (@refs::text[])
    ORDER BY ref, depth
) nearest
ORDER BY depth, slug COLLATE "C";

-- SnapshotEntries lists the prompts live in an environment after a slug, in the byte
-- order of their slugs (the order of a snapshot's pages and of its cursor), each with the
-- size of its live version (to read versions in batches of bounded size): all of them, or
-- those of slugs when given, at most max_rows of them when set.
-- name: SnapshotEntries :many
SELECT p.slug,
       (octet_length(v.system_prompt) + octet_length(v.user_template) + coalesce(octet_length(v.content::text), 0))::bigint AS size
FROM prompts p
JOIN deployments d ON d.prompt_id = p.id AND d.environment = @environment
JOIN prompt_versions v ON v.id = d.version_id
WHERE p.project_id = @project_id
  AND p.slug COLLATE "C" > @after::text
  AND (sqlc.narg(slugs)::text[] IS NULL OR p.slug = ANY (sqlc.narg(slugs)::text[]))
ORDER BY p.slug COLLATE "C"
LIMIT sqlc.narg(max_rows)::integer;

-- SnapshotFingerprint identifies everything a snapshot of an environment is made from:
-- the project's prompts by slug (a pinned partial names its prompt by slug), the version
-- of each live in the environment (versions never change) and the rolling release moving
-- it (its candidate, salt and share). It changes whenever the snapshot may have, and
-- reads no version.
-- name: SnapshotFingerprint :one
SELECT encode(sha256(convert_to(coalesce(
         string_agg(p.id::text || ' ' || p.slug || ' ' || coalesce(d.version_id::text, '-')
                    || coalesce(' ' || d.release_id::text || ' ' || d.candidate_version_id::text || ' ' || r.salt || ' ' || r.percent::text, ''),
                    ',' ORDER BY p.id), ''), 'UTF8')), 'hex')::text
FROM prompts p
LEFT JOIN deployments d ON d.prompt_id = p.id AND d.environment = @environment
LEFT JOIN releases r ON r.id = d.release_id
WHERE p.project_id = @project_id;
