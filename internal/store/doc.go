// Package store groups PostgreSQL and the durable work kept in it: the private server
// (pgserver), migrations (migrate), the pool (database), the one River client (jobs), and
// what requests leave behind: Idempotency-Key answers (idempotency), request counts (usage),
// tracked events with their partitions and rollups (analytics) and their latency histogram
// (latency).
//
// Its packages may import the generated queries (gen/dbsqlc), sql/migrations, each other
// and the shared packages at the top of internal/. They must not import the change, http,
// client or server floors: a store package knows tables and jobs, not who asked or who is
// told.
package store
