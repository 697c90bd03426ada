// Package notify listens for PostgreSQL notifications on a connection of its own, and
// keeps listening across dropped connections. It is how every instance learns of changes
// that another instance committed.
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Handlers receive what the listener hears.
type Handlers struct {
	// NotificationFunc gets each payload, in order, on the listener's goroutine.
	NotificationFunc func(ctx context.Context, payload string)
	// ReconnectedFunc is called each time listening resumes after the connection dropped:
	// notifications sent in between were lost, so anything built from them must be rebuilt.
	ReconnectedFunc func(ctx context.Context)
	// LostFunc is called when the connection drops, before listening resumes: until
	// ReconnectedFunc, nothing is heard.
	LostFunc func()
}

// Listen listens on channel until ctx ends, on a connection taken out of pool (and another
// after a failure, with backoff). It returns once it listens, so a change committed after
// Listen returns is heard; done closes when it has stopped.
func Listen(ctx context.Context, pool *pgxpool.Pool, channel string, h Handlers, logger *slog.Logger) (done <-chan struct{}, err error) {
	subscribe := "LISTEN " + pgx.Identifier{channel}.Sanitize()
	conn, err := listen(ctx, pool, subscribe)
	if err != nil {
		return nil, err
	}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for {
			err := receive(ctx, conn, h)
			_ = conn.Close(context.WithoutCancel(ctx))
			if ctx.Err() != nil {
				return
			}
			logger.WarnContext(ctx, "notification listener lost its connection", slog.String("error", err.Error()))
			if h.LostFunc != nil {
				h.LostFunc()
			}
			if conn = reconnect(ctx, pool, subscribe, logger); conn == nil {
				return
			}
			if h.ReconnectedFunc != nil {
				h.ReconnectedFunc(ctx)
			}
		}
	}()
	return finished, nil
}

// listen takes a connection out of pool and runs the LISTEN statement subscribe on it.
func listen(ctx context.Context, pool *pgxpool.Pool, subscribe string) (*pgx.Conn, error) {
	pooled, err := pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("acquire listener connection: %w", err)
	}
	// Hijacked: the connection leaves the pool for good, since LISTEN binds to a session.
	conn := pooled.Hijack()
	if _, err := conn.Exec(ctx, subscribe); err != nil {
		_ = conn.Close(ctx)
		return nil, fmt.Errorf("listen: %w", err)
	}
	return conn, nil
}

func receive(ctx context.Context, conn *pgx.Conn, h Handlers) error {
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		h.NotificationFunc(ctx, n.Payload)
	}
}

// reconnect retries listen with backoff up to 5 s until it works or ctx ends (nil).
func reconnect(ctx context.Context, pool *pgxpool.Pool, subscribe string, logger *slog.Logger) *pgx.Conn {
	delay := 50 * time.Millisecond
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(delay):
		}
		conn, err := listen(ctx, pool, subscribe)
		if err == nil {
			logger.InfoContext(ctx, "notification listener reconnected")
			return conn
		}
		if errors.Is(err, context.Canceled) {
			return nil
		}
		delay = min(2*delay, 5*time.Second)
	}
}
