package purge

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// pagesPerBatch is how many pages of a partition of analytics_events a batch reads: 128
// KiB, which hold at most about a thousand events (each over 120 bytes).
const pagesPerBatch = 16

// partition is a partition of analytics_events and its size.
type partition struct {
	name  string
	pages uint32
}

// analyticsEvents removes the project's analytics events a few pages of a partition at a
// time, from at's partition and page on (which it moves on). The table has no index (it
// is written with COPY, and read only by its rollups), so a search by project would read
// whole partitions each batch; a range of pages (a TID range scan) is read once, whatever
// the project holds in it.
func (p *Purger) analyticsEvents(project uuid.UUID, at *Cursor) batch {
	var left []partition
	listed := false
	return func(ctx context.Context) (bool, error) {
		if !listed {
			var err error
			if left, err = p.partitions(ctx, at.Partition); err != nil {
				return false, err
			}
			listed = true
		}
		if len(left) == 0 {
			return false, nil
		}
		part := left[0]
		if at.Partition != part.name {
			at.Partition, at.Page = part.name, 0
		}
		_, err := p.db.Exec(ctx, "DELETE FROM "+pgx.Identifier{part.name}.Sanitize()+
			" WHERE ctid >= $1 AND ctid < $2 AND project_id = $3",
			pgtype.TID{BlockNumber: at.Page, Valid: true}, pgtype.TID{BlockNumber: at.Page + pagesPerBatch, Valid: true}, project)
		if pgErr := (*pgconn.PgError)(nil); err != nil && (!errors.As(err, &pgErr) || pgErr.Code != "42P01") {
			return false, fmt.Errorf("analytics events in %s: %w", part.name, err) // 42P01: dropped past the retention since
		}
		if at.Page += pagesPerBatch; at.Page >= part.pages {
			left = left[1:]
		}
		return len(left) > 0, nil
	}
}

// partitions are the partitions of analytics_events from the one named from on, in order
// of name (of day), with their sizes in pages.
func (p *Purger) partitions(ctx context.Context, from string) ([]partition, error) {
	rows, err := p.db.Query(ctx, `SELECT c.relname, (pg_relation_size(c.oid) / current_setting('block_size')::bigint)::bigint
		FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
		WHERE i.inhparent = 'analytics_events'::regclass AND c.relname >= $1 ORDER BY c.relname`, from)
	if err != nil {
		return nil, fmt.Errorf("analytics partitions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (partition, error) {
		var part partition
		var pages int64
		err := row.Scan(&part.name, &pages)
		part.pages = uint32(pages)
		return part, err
	})
	if err != nil {
		return nil, fmt.Errorf("analytics partitions: %w", err)
	}
	return out, nil
}
