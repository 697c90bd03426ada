// Package feed is how every instance hears every committed change: it listens for the
// events' announcements (PostgreSQL LISTEN/NOTIFY), drops what the announced change made
// stale in this instance's caches, and passes the event to this instance's sockets (or,
// for a console session that ended, closes its sockets).
package feed

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/cache"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/change/notify"
	"github.com/promptops/promptops/internal/change/realtime"
)

// Options say what the feed keeps current.
type Options struct {
	Pool   *pgxpool.Pool
	Logger *slog.Logger
	// Resolves and Keys are the caches to invalidate (both nil when caching is off).
	Resolves Invalidator
	Keys     *cache.Keys
	Hub      *realtime.Hub
	// EventFunc is the API's view of a stored event, as sockets receive it.
	EventFunc func(*dbsqlc.Event) api.Event
	// Connected is set while the feed hears changes (nil: not tracked): the instance's
	// readiness.
	Connected *atomic.Bool
	// LagFunc observes, for each recorded event, its creation time once its change is
	// applied here (nil: not observed).
	LagFunc func(committed time.Time)
}

// Invalidator is a cache kept by project (cache.Resolves, whatever it holds).
type Invalidator interface {
	// Invalidate drops what the cache holds of a project.
	Invalidate(project uuid.UUID)
	// Flush drops everything.
	Flush()
}

// Listen hears every committed event, from any instance, until ctx ends. It returns once
// listening; done closes when listening has stopped.
func Listen(ctx context.Context, o Options) (done <-chan struct{}, err error) {
	f := &feed{o: o, q: dbsqlc.New()}
	done, err = notify.Listen(ctx, o.Pool, events.Channel, notify.Handlers{
		NotificationFunc: f.notified,
		ReconnectedFunc:  f.reconnected,
		LostFunc:         f.lost,
	}, o.Logger)
	if err == nil {
		f.setConnected(true)
	}
	return done, err
}

// lost is called when the listener's connection drops, which is nearly always PostgreSQL
// going away: the pool's other connections went with it, and a query on one fails even after
// PostgreSQL is back. Resetting the pool makes every later query open a fresh connection.
func (f *feed) lost() {
	f.setConnected(false)
	f.o.Pool.Reset()
}

// setConnected records whether the feed hears changes, when it is tracked.
func (f *feed) setConnected(on bool) {
	if f.o.Connected != nil {
		f.o.Connected.Store(on)
	}
}

type feed struct {
	o Options
	q *dbsqlc.Queries
}

func (f *feed) notified(ctx context.Context, payload string) {
	a, err := events.ParseAnnouncement(payload)
	if err != nil {
		f.o.Logger.WarnContext(ctx, "unreadable event announcement", slog.String("error", err.Error()))
		return
	}
	switch a.Type { // announced, not recorded: there is no event to read
	case events.ConsoleSessionEnded:
		f.o.Hub.EndSession(a.ID)
		return
	case events.PersonalTokenRevoked:
		f.o.Hub.Revoke(a.ID)
		return
	case events.ProjectDeleted:
		f.deleted(a.ProjectID)
		return
	}
	f.invalidate(a)
	if f.o.LagFunc != nil && !a.CreatedAt.IsZero() {
		f.o.LagFunc(a.CreatedAt)
	}
	if !f.o.Hub.Watching(a.ProjectID) {
		return // no socket here wants it: skip reading it
	}
	e, err := f.q.EventGet(ctx, f.o.Pool, a.ID)
	if err != nil {
		if ctx.Err() == nil {
			f.o.Logger.WarnContext(ctx, "load notified event", slog.String("event_id", a.ID.String()), slog.String("error", err.Error()))
		}
		return
	}
	// Before the event goes out, so that sockets which may no longer read it do not get it.
	switch e.Type {
	case events.APIKeyRevoked:
		f.revoked(ctx, e)
	case events.MemberUpdated, events.MemberRemoved:
		f.memberChanged(ctx, e)
	}
	f.o.Hub.Publish(ctx, e.ProjectID, f.o.EventFunc(e))
}

// deleted forgets what this instance holds of a deleted project: its keys fail from the
// next request on, and its sockets close.
func (f *feed) deleted(project uuid.UUID) {
	if f.o.Resolves != nil {
		f.o.Resolves.Invalidate(project)
	}
	if f.o.Keys != nil {
		f.o.Keys.Invalidate()
	}
	f.o.Hub.EndProject(project)
}

// revoked closes this instance's sockets of the key a revocation event names (its data is
// the key as the API shows it).
func (f *feed) revoked(ctx context.Context, e *dbsqlc.Event) {
	var key struct {
		ID uuid.UUID `json:"id"`
	}
	if err := json.Unmarshal(e.Data, &key); err != nil {
		f.o.Logger.WarnContext(ctx, "unreadable revocation event", slog.String("event_id", e.ID.String()), slog.String("error", err.Error()))
		return
	}
	f.o.Hub.Revoke(key.ID)
}

// memberChanged closes this instance's sockets of a person whose role in the project a
// member event changed, or who was removed (its data is the member as the API shows it).
func (f *feed) memberChanged(ctx context.Context, e *dbsqlc.Event) {
	var member struct {
		UserID uuid.UUID `json:"userId"`
		Role   string    `json:"role"`
	}
	if err := json.Unmarshal(e.Data, &member); err != nil {
		f.o.Logger.WarnContext(ctx, "unreadable member event", slog.String("event_id", e.ID.String()), slog.String("error", err.Error()))
		return
	}
	if e.Type == events.MemberRemoved {
		member.Role = ""
	}
	f.o.Hub.MemberChanged(e.ProjectID, member.UserID, member.Role)
}

// reconnected runs when listening resumes: announcements may have been missed, so nothing
// cached can be trusted, sockets whose key was revoked meanwhile are closed, and the others
// are told that events may be missing.
func (f *feed) reconnected(ctx context.Context) {
	if f.o.Resolves != nil {
		f.o.Resolves.Flush()
	}
	if f.o.Keys != nil {
		f.o.Keys.Invalidate()
	}
	f.setConnected(true) // caches dropped: what is served from now on is current
	f.o.Hub.Recheck(ctx)
	f.o.Hub.System("event feed interrupted: events of the last moments may be missing; GET /api/v1/events has them all")
}

// invalidate drops what this instance cached that an announced change made stale.
func (f *feed) invalidate(a events.Announcement) {
	if f.o.Resolves != nil && events.AboutPrompts(a.Type) {
		f.o.Resolves.Invalidate(a.ProjectID)
	}
	if f.o.Keys != nil && a.Type == events.APIKeyRevoked {
		f.o.Keys.Invalidate()
	}
}
