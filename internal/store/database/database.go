// Package database opens the PostgreSQL that PromptOps stores everything in: the one
// DATABASE_URL names, or else a private one started from the machine's binaries. Either
// way the schema is migrated before the pool is handed out.
package database

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/promptops/promptops/internal/store/migrate"
	"github.com/promptops/promptops/internal/store/pgserver"
	"github.com/promptops/promptops/internal/tracing"
)

// Options say which database to open.
type Options struct {
	// URL of a PostgreSQL database; empty starts a private server in DataDir.
	URL     string
	DataDir string
	// PostgresBin is where the private server's binaries are (empty: search for them).
	PostgresBin string
	MaxConns    int
	Logger      *slog.Logger
	// Tracing traces the pool's queries (nil: untraced).
	Tracing *tracing.Tracing
}

// DB is an open, migrated database.
type DB struct {
	Pool    *pgxpool.Pool
	private *pgserver.Server
	logger  *slog.Logger
}

// Open connects (starting the private server if needed) and migrates the schema.
func Open(ctx context.Context, opts Options) (*DB, error) {
	db := &DB{logger: opts.Logger}
	url := opts.URL
	if url == "" {
		srv, err := pgserver.Start(ctx, pgserver.Options{Dir: opts.DataDir, BinDir: opts.PostgresBin, Logger: opts.Logger})
		if err != nil {
			return nil, fmt.Errorf("private PostgreSQL: %w", err)
		}
		db.private = srv
		url = srv.URL("postgres")
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		db.Close(ctx)
		return nil, fmt.Errorf("database URL: %w", err)
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = int32(opts.MaxConns)
	}
	opts.Tracing.TracePool(cfg)
	db.Pool, err = pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		db.Close(ctx)
		return nil, fmt.Errorf("connect: %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(db.Pool)
	n, err := migrate.Up(ctx, sqlDB)
	_ = sqlDB.Close()
	if err != nil {
		db.Close(ctx)
		return nil, err
	}
	opts.Logger.InfoContext(ctx, "database ready", slog.Int("migrations_applied", n), slog.Bool("private", db.private != nil))
	return db, nil
}

// Close closes the pool and stops the private server, if this process started one.
func (db *DB) Close(ctx context.Context) {
	if db.Pool != nil {
		db.Pool.Close()
	}
	if db.private != nil {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if err := db.private.Stop(ctx); err != nil {
			db.logger.ErrorContext(ctx, "stop private PostgreSQL", slog.String("error", err.Error()))
		}
	}
}
