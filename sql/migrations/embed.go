// Package migrations embeds the goose migrations that define the database schema.
// sqlc reads the same files as the schema for its generated queries.
package migrations

import "embed"

// FS holds every migration, applied in file-name order.
//
//go:embed *.sql
var FS embed.FS
