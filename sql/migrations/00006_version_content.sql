-- +goose Up
-- A version may hold a whole LLM call: chat messages, tools, tool choice, response format,
-- model parameters, provider and a variables schema, kept as one JSON document (json, not
-- jsonb, so that schemas keep the key order they were written in: providers emit structured
-- output in the schema's order). NULL for a version of the reference's shape, whose content
-- is its system prompt and user template alone: existing versions read back unchanged.
ALTER TABLE prompt_versions ADD COLUMN content json;

-- The partials a version's templates include ("slug", or "slug@3" pinned), for the checks
-- that refuse inclusion cycles.
ALTER TABLE prompt_versions ADD COLUMN partials text[] NOT NULL DEFAULT '{}';

-- Short labels for finding prompts.
ALTER TABLE prompts ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
CREATE INDEX prompts_tags_idx ON prompts USING gin (tags);
