// Package analytics keeps the storage of tracked events: the daily partitions of
// analytics_events, made ahead of the events that need them and dropped whole once past
// the retention, and the hourly rollups deleted past it too, by a periodic job on the
// instance's jobs client (Jobs).
package analytics

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/promptops/promptops/internal/store/database"
)

const (
	// MaxAge and MaxAhead bound an event's timestamp: track refuses older or later ones,
	// so partitions are needed from MaxAge before now to MaxAhead after it. The retention
	// (its default and its least, a day more than MaxAge) is the configuration's:
	// config.DefaultAnalyticsRetention and config.MinAnalyticsRetention.
	MaxAge   = 7 * 24 * time.Hour
	MaxAhead = 5 * time.Minute
	// daysAhead is how many days past today have a partition already, so that an hourly
	// job that fails for a while still leaves room.
	daysAhead = 3
	// partitionPrefix begins the name of every partition; the day follows (YYYYMMDD).
	partitionPrefix = "analytics_events_p"
	// lockKey is the advisory lock that makes instances change partitions one at a time.
	lockKey = 7_133_001
)

// Partitions reports what a Maintain call changed: the partitions it created and dropped.
type Partitions struct {
	Created, Dropped []string
}

// Maintain makes sure a partition exists for every day an event may be tracked for now
// (from MaxAge before now to daysAhead after), and drops every partition whose whole day
// is older than retention. Instances may call it at once: an advisory lock takes them in
// turn, and a day already made or dropped is left alone.
func Maintain(ctx context.Context, db *pgxpool.Pool, now time.Time, retention time.Duration) (Partitions, error) {
	return database.WithTxV(ctx, db, func(tx pgx.Tx) (Partitions, error) {
		var p Partitions
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", lockKey); err != nil {
			return p, fmt.Errorf("lock partitions: %w", err)
		}
		existing, err := partitionDays(ctx, tx)
		if err != nil {
			return p, err
		}
		today := day(now)
		for d := day(now.Add(-MaxAge)); !d.After(today.AddDate(0, 0, daysAhead)); d = d.AddDate(0, 0, 1) {
			if existing[d] {
				continue
			}
			if _, err := tx.Exec(ctx, createPartition(d)); err != nil {
				return p, fmt.Errorf("create partition %s: %w", partitionName(d), err)
			}
			p.Created = append(p.Created, partitionName(d))
		}
		cutoff := now.Add(-retention)
		for _, d := range sortedDays(existing) {
			if d.AddDate(0, 0, 1).After(cutoff) {
				break
			}
			if _, err := tx.Exec(ctx, "DROP TABLE "+pgx.Identifier{partitionName(d)}.Sanitize()); err != nil {
				return p, fmt.Errorf("drop partition %s: %w", partitionName(d), err)
			}
			p.Dropped = append(p.Dropped, partitionName(d))
		}
		return p, nil
	})
}

// partitionDays is the day of every partition of analytics_events.
func partitionDays(ctx context.Context, tx pgx.Tx) (map[time.Time]bool, error) {
	rows, err := tx.Query(ctx, `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
		WHERE i.inhparent = 'analytics_events'::regclass`)
	if err != nil {
		return nil, fmt.Errorf("list partitions: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list partitions: %w", err)
	}
	days := make(map[time.Time]bool, len(names))
	for _, name := range names {
		d, err := time.Parse("20060102", strings.TrimPrefix(name, partitionPrefix))
		if err != nil || !strings.HasPrefix(name, partitionPrefix) {
			continue // not one of ours: leave it be
		}
		days[d] = true
	}
	return days, nil
}

func sortedDays(days map[time.Time]bool) []time.Time {
	out := make([]time.Time, 0, len(days))
	for d := range days {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// createPartition is the DDL of day's partition, [day, day + 1) in UTC.
func createPartition(d time.Time) string {
	return fmt.Sprintf("CREATE TABLE %s PARTITION OF analytics_events FOR VALUES FROM ('%s') TO ('%s')",
		pgx.Identifier{partitionName(d)}.Sanitize(), d.Format(time.RFC3339), d.AddDate(0, 0, 1).Format(time.RFC3339))
}

func partitionName(d time.Time) string { return partitionPrefix + d.Format("20060102") }

// day is the UTC day t falls in, at midnight.
func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
