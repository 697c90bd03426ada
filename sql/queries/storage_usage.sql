-- StorageUsageAdd counts @bytes more of a project's storage of @kind, written in @period
-- (the UTC day of an analytics batch, the hour of an idempotent answer), in @shard.
-- name: StorageUsageAdd :exec
INSERT INTO storage_usage AS u (project_id, kind, period, shard, bytes)
VALUES (@project_id, @kind, @period, @shard, @bytes)
ON CONFLICT (project_id, kind, period, shard) DO UPDATE SET bytes = u.bytes + excluded.bytes;

-- StorageUsageOf is the bytes a project's storage of @kind takes, as counted.
-- name: StorageUsageOf :one
SELECT coalesce(sum(bytes), 0)::bigint FROM storage_usage WHERE project_id = @project_id AND kind = @kind;

-- StorageUsagePurge forgets the bytes of @kind written before @before, once what they
-- count is gone.
-- name: StorageUsagePurge :execrows
DELETE FROM storage_usage WHERE kind = @kind AND period < @before;
