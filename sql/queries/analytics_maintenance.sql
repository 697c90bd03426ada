-- AnalyticsHourlyDeleteBefore deletes the rollups of the hours that began before @before:
-- the retention of the rollups, kept by the periodic analytics job beside the raw
-- partitions it drops (internal/store/analytics), which passes an hour boundary so that every
-- hour deleted has wholly ended by then.
-- name: AnalyticsHourlyDeleteBefore :execrows
DELETE FROM analytics_hourly WHERE hour < @before;
