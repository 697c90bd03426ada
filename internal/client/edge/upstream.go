package edge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/change/realtime"
)

// The reconnection backoff: doubling from minBackoff up to maxBackoff, reset by a session
// that got current.
const (
	minBackoff = 50 * time.Millisecond
	maxBackoff = 5 * time.Second
)

// errRevoked ends Run: the key can no longer be used.
var errRevoked = errors.New("the API key can no longer be used")

// Run keeps the edge current until ctx ends or its key is revoked or expired: a session
// on the server's feed at a time, reconnected with backoff. It also writes the snapshot
// file, and returns once its writer has stopped too (so nothing writes or logs after).
func (e *Edge) Run(ctx context.Context) error {
	var writer sync.WaitGroup
	defer writer.Wait()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	writer.Go(func() { e.writeFiles(ctx) })
	backoff := minBackoff
	for ctx.Err() == nil && e.refusal() == nil {
		current, err := e.session(ctx)
		if e.connected.Swap(false) {
			e.currentAt.Store(e.o.NowFunc().UnixNano())
		}
		if errors.Is(err, errRevoked) {
			return nil
		}
		if ctx.Err() != nil {
			break
		}
		if current {
			backoff = minBackoff
		}
		e.logger.WarnContext(ctx, "edge disconnected from the server; serving what it has, marked stale", slog.String("error", err.Error()),
			slog.Duration("retry_in", backoff))
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, maxBackoff)
	}
	return nil
}

// feedMessage is a message of the server's socket.
type feedMessage struct {
	Type    string `json:"type"`
	Message string `json:"message"`
	// ExpiresAt is the key's expiry, in auth_ok (nil: never).
	ExpiresAt *time.Time `json:"expiresAt"`
	Event     struct {
		Type string `json:"type"`
		Data struct {
			Slug        string `json:"slug"`
			Environment string `json:"environment"`
			// ReleaseID is the release that made a deployment or dependency event (nil for none).
			ReleaseID *string `json:"releaseId"`
			// Slugs are the prompts of a release event.
			Slugs []string `json:"slugs"`
		} `json:"data"`
	} `json:"event"`
}

// session connects to the feed, catches up, and applies every change it hears until the
// socket ends; current says whether it got current.
func (e *Edge) session(ctx context.Context) (current bool, err error) {
	conn, err := e.dial(ctx)
	if err != nil {
		return false, fmt.Errorf("connect to the feed: %w", err)
	}
	defer conn.CloseNow()
	conn.SetReadLimit(64 << 20)
	if err := e.subscribe(ctx, conn); err != nil {
		return false, e.closed(err)
	}
	// Subscribed first, so that no change between the catch-up and the first event is missed.
	if err := e.catchUp(ctx); err != nil {
		return false, err
	}
	var pinger sync.WaitGroup
	pingCtx, stopPinging := context.WithCancel(ctx)
	defer pinger.Wait()
	defer stopPinging()
	pinger.Go(func() { e.ping(pingCtx, conn) })
	e.connected.Store(true)
	e.logger.InfoContext(ctx, "edge current", slog.Int("prompts", len(e.state.Load().prompts)), slog.String("cursor", e.state.Load().cursor))
	for {
		var msg feedMessage
		if err := wsjson.Read(ctx, conn, &msg); err != nil {
			return true, e.closed(err)
		}
		switch msg.Type {
		case "event":
			err = e.apply(ctx, msg)
		case "system": // events may have been missed
			err = e.catchUp(ctx)
		}
		if err != nil {
			return true, err
		}
	}
}

// dial connects to the server's feed, its WebSocket handshake answered within
// FeedPingInterval: a server that accepts the connection and then goes silent (packets
// dropped, no reset) would otherwise hold the edge until TCP gives up, minutes, instead of
// letting Run reconnect. It is the ping's bound, because both are how long the edge waits
// for one exchange with the server before counting it as down.
func (e *Edge) dial(ctx context.Context) (*websocket.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, e.o.FeedPingInterval)
	defer cancel()
	ws := *e.upstream
	ws.Scheme = strings.Replace(ws.Scheme, "http", "ws", 1)
	ws.Path += "/ws"
	conn, _, err := websocket.Dial(ctx, ws.String(), &websocket.DialOptions{HTTPClient: &http.Client{Transport: e.o.HTTPClient.Transport}})
	return conn, err
}

// ping pings the server on conn until ctx ends, and closes conn when a ping is not
// answered in time: a server cut off without a reset (packets dropped) would otherwise
// leave the session reading for ever, the edge calling itself current. Pongs are read by
// the session's reads, so pinging starts once the session reads its events.
func (e *Edge) ping(ctx context.Context, conn *websocket.Conn) {
	every := e.o.FeedPingInterval
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		pingCtx, cancel := context.WithTimeout(ctx, every)
		err := conn.Ping(pingCtx)
		cancel()
		if err != nil {
			if ctx.Err() == nil {
				e.logger.WarnContext(ctx, "edge's ping of the feed not answered; reconnecting", slog.String("error", err.Error()))
				_ = conn.CloseNow()
			}
			return
		}
	}
}

// subscribe authenticates the socket and subscribes it to prompt changes and notices,
// within FeedPingInterval as dial does (and for the same reason: a silent server would
// hold the wait for auth_ok until TCP gives up). It returns once the server has confirmed
// both subscriptions: the server sends only the events published after it has read a
// subscription, so a catch-up before then could miss a change made meanwhile.
func (e *Edge) subscribe(ctx context.Context, conn *websocket.Conn) error {
	ctx, cancel := context.WithTimeout(ctx, e.o.FeedPingInterval)
	defer cancel()
	if err := wsjson.Write(ctx, conn, map[string]string{"type": "auth", "token": e.o.Key}); err != nil {
		return err
	}
	var ok feedMessage
	if err := wsjson.Read(ctx, conn, &ok); err != nil {
		return err
	}
	if ok.Type != "auth_ok" {
		return fmt.Errorf("the server answered the authentication with %q", ok.Type)
	}
	e.setExpiry(ok.ExpiresAt)
	channels := []string{realtime.ChannelPrompts, realtime.ChannelSystem}
	for _, ch := range channels {
		if err := wsjson.Write(ctx, conn, map[string]string{"type": "subscribe", "channel": ch}); err != nil {
			return err
		}
	}
	// An event before the last confirmation is passed over: the catch-up that follows
	// reads a state at least as new.
	for confirmed := 0; confirmed < len(channels); {
		var msg feedMessage
		if err := wsjson.Read(ctx, conn, &msg); err != nil {
			return err
		}
		if msg.Type == "subscribed" {
			confirmed++
		}
	}
	return nil
}

// closed turns a socket's end into Run's terms: a close for policy (the key revoked,
// expired or unknown) revokes the edge, except for a socket refused as one too many.
func (e *Edge) closed(err error) error {
	var ce websocket.CloseError
	if errors.As(err, &ce) && ce.Code == websocket.StatusPolicyViolation && !strings.HasPrefix(ce.Reason, "too many") {
		e.revoke(ce.Reason)
		return errRevoked
	}
	return fmt.Errorf("feed: %w", err)
}

// catchUp loads the whole snapshot, unless the server's cursor is the edge's.
func (e *Edge) catchUp(ctx context.Context) error {
	var ifNoneMatch *string
	current := e.state.Load()
	if current != nil {
		ifNoneMatch = &current.cursor
	}
	snap, err := e.snapshot(ctx, nil, ifNoneMatch)
	if err != nil || snap == nil {
		return err
	}
	next, err := newState(string(snap.Environment), snap.Prompts, e.o.RenderLimit)
	if err != nil {
		return err
	}
	e.publish(next)
	return nil
}

// apply brings in the change an event announces: the prompt it names (or every prompt of
// a release), and those that include them, read again in one snapshot and swapped in at
// once, so that no answer sees a release half applied. A change a release made (a
// deployment, or a dependency of a prompt including one it moved) is left to the release's
// event, which names all of its prompts; their dependents are read with them.
func (e *Edge) apply(ctx context.Context, msg feedMessage) error {
	s := e.state.Load()
	data := msg.Event.Data
	changed := data.Slugs
	if data.Slug != "" {
		changed = []string{data.Slug}
	}
	switch {
	case msg.Event.Type == "version.created":
		return nil // a new version changes nothing live; its deployment to dev follows
	case data.Environment != "" && data.Environment != s.env:
		return nil
	case data.ReleaseID != nil:
		return nil
	case len(changed) == 0:
		return e.catchUp(ctx)
	}
	slugs := slices.Clone(changed)
	for _, slug := range changed {
		slugs = append(slugs, s.dependents(slug)...)
	}
	slices.Sort(slugs)
	slugs = slices.Compact(slugs)
	if len(slugs) > 100 {
		return e.catchUp(ctx)
	}
	snap, err := e.snapshot(ctx, &slugs, nil)
	if err != nil {
		return err
	}
	next, err := e.state.Load().with(slugs, snap.Prompts, e.o.RenderLimit)
	if err != nil {
		return err
	}
	e.publish(next)
	return nil
}

// pageLimit is the most prompts the edge asks for in one page of the snapshot (the
// server's byte budget may make pages smaller).
const pageLimit = 100

// snapshotReads is how many times in a row the edge reads a snapshot that changes under
// its pages before it gives up, until its next session.
const snapshotReads = 5

// errSnapshotChanged is returned when a snapshot changes between two of its pages.
var errSnapshotChanged = errors.New("the snapshot changed while its pages were read")

// snapshot reads the server's snapshot, of slugs when not nil, every page of it: nil when
// ifNoneMatch still matches. A snapshot that changes between two of its pages is read
// again from its first page, so that the edge never puts two states together.
func (e *Edge) snapshot(ctx context.Context, slugs *[]string, ifNoneMatch *string) (*api.Snapshot, error) {
	for range snapshotReads {
		snap, err := e.snapshotPages(ctx, slugs, ifNoneMatch)
		if !errors.Is(err, errSnapshotChanged) {
			return snap, err
		}
		e.logger.InfoContext(ctx, "edge read a snapshot that changed between its pages; reading it again")
	}
	return nil, fmt.Errorf("snapshot: %w, %d times in a row", errSnapshotChanged, snapshotReads)
}

// snapshotPages reads every page of one snapshot and puts them together, once all of them
// name the first page's cursor.
func (e *Edge) snapshotPages(ctx context.Context, slugs *[]string, ifNoneMatch *string) (*api.Snapshot, error) {
	limit := pageLimit
	whole, err := e.snapshotPage(ctx, &api.GetSnapshotParams{Slug: slugs, Limit: &limit, IfNoneMatch: ifNoneMatch})
	if err != nil || whole == nil {
		return nil, err
	}
	for token := whole.NextPageToken; token != nil; {
		page, err := e.snapshotPage(ctx, &api.GetSnapshotParams{Slug: slugs, Limit: &limit, PageToken: token})
		if err != nil {
			return nil, err
		}
		if page == nil || page.Cursor != whole.Cursor || page.Environment != whole.Environment {
			return nil, errSnapshotChanged
		}
		whole.Prompts = append(whole.Prompts, page.Prompts...)
		token = page.NextPageToken
	}
	whole.NextPageToken = nil
	return whole, nil
}

// snapshotPage reads one page of the server's snapshot: nil when the cursor sent still
// matches. Its request is bounded by upstreamTimeout. It reports the stale answers served
// since the last report, which the server counts once the request reaches the snapshot
// (200, 304, 409): they are forgotten then, and sent again after any other outcome.
func (e *Edge) snapshotPage(ctx context.Context, params *api.GetSnapshotParams) (*api.Snapshot, error) {
	if stale := e.unreported.Load(); stale > 0 {
		params.PromptOpsEdgeStaleAnswers = &stale
	}
	ctx, cancel := context.WithTimeout(ctx, e.upstreamTimeout())
	defer cancel()
	resp, err := e.client.GetSnapshotWithResponse(ctx, params)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	code := resp.StatusCode()
	if reported := params.PromptOpsEdgeStaleAnswers; reported != nil && (code == http.StatusOK || code == http.StatusNotModified || code == http.StatusConflict) {
		e.unreported.Add(-*reported)
	}
	switch code {
	case http.StatusOK:
		return &resp.JSON200.Data, nil
	case http.StatusNotModified:
		return nil, nil
	case http.StatusConflict:
		return nil, errSnapshotChanged
	case http.StatusUnauthorized:
		var body api.Error
		_ = json.Unmarshal(resp.Body, &body)
		e.revoke(body.Error.Message)
		return nil, errRevoked
	}
	return nil, fmt.Errorf("snapshot: the server answered %d: %s", resp.StatusCode(), resp.Body)
}
