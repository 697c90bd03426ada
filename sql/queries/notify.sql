-- ListenEvents subscribes the session to committed events (see EventNotify).
-- name: ListenEvents :exec
LISTEN promptops_events;
