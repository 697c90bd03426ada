package httpapi

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// withTx runs fn in a transaction and commits if it returns nil. The rollback runs under a
// context that is not cancelled, so a request abandoned mid-way still leaves nothing behind.
func withTx(ctx context.Context, db *pgxpool.Pool, fn func(tx pgx.Tx) error) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// write runs a change of the calling key's project in a transaction and, once it has
// committed, drops this instance's cached resolves of the project, so the caller's next
// read sees its write. (Other instances hear of it through the event's notification.)
func (s *Server) write(ctx context.Context, fn func(tx pgx.Tx) error) error {
	if err := withTx(ctx, s.db, fn); err != nil {
		return err
	}
	if s.resolves != nil {
		s.resolves.Invalidate(keyFrom(ctx).ProjectID)
	}
	return nil
}
