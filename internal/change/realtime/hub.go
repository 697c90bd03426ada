// Package realtime pushes events to WebSocket clients: a hub per instance holds the
// sockets, and every instance hears every committed event (PostgreSQL LISTEN/NOTIFY), so a
// change made through one instance reaches sockets on all of them.
package realtime

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/ratelimit"
)

// The channels a socket can subscribe to.
const (
	ChannelPrompts = "prompts"
	ChannelEvents  = "events"
	ChannelSystem  = "system"
)

// sendBuffer is how many messages a socket may fall behind before it is dropped.
const sendBuffer = 64

// Options configure a Hub.
type Options struct {
	Logger *slog.Logger
	// MaxPerKey bounds this instance's sockets of one key, MaxPerAddr those of one client
	// address (ratelimit.AddrPrefix); both at least 1.
	MaxPerKey, MaxPerAddr int
	// KeyFunc returns a socket's key as it is now: sockets are re-checked with it before
	// deliveries.
	KeyFunc KeyFunc
	// NowFunc returns the current time (time.Now when nil).
	NowFunc func() time.Time
}

// KeyFunc returns key as it is now: an API key as stored, revoked or expired ones too; a
// person's token likewise, with the person's role in key's project now (Person.Role ""
// once they are no longer a member).
type KeyFunc func(ctx context.Context, key *auth.Key) (*auth.Key, error)

// Hub is the set of this instance's sockets.
type Hub struct {
	logger                *slog.Logger
	maxPerKey, maxPerAddr int
	keyFunc               KeyFunc
	nowFunc               func() time.Time
	// pingInterval is how often an idle socket is pinged; a ping unanswered within
	// pingTimeout drops it.
	pingInterval, pingTimeout time.Duration

	mu      sync.Mutex
	clients map[*client]struct{}
	// perKey counts the sockets in clients by key; perAddr counts admitted sockets
	// (authenticated or not yet) by client address.
	perKey  map[uuid.UUID]int
	perAddr map[netip.Prefix]int
	closed  bool
}

// NewHub returns an empty hub.
func NewHub(o Options) *Hub {
	h := &Hub{
		logger: o.Logger, maxPerKey: o.MaxPerKey, maxPerAddr: o.MaxPerAddr, keyFunc: o.KeyFunc, nowFunc: o.NowFunc,
		pingInterval: pingInterval, pingTimeout: writeTimeout,
		clients: map[*client]struct{}{}, perKey: map[uuid.UUID]int{}, perAddr: map[netip.Prefix]int{},
	}
	if h.nowFunc == nil {
		h.nowFunc = time.Now
	}
	return h
}

// client is one authenticated socket.
type client struct {
	key *auth.Key
	// session is the console session the socket is opened under (nil for an API socket).
	session *Session
	conn    *websocket.Conn
	send    chan []byte
	// channels is guarded by the hub's mutex.
	channels map[string]bool
	// drop closes the socket once, from any goroutine; kill does so without the closing
	// handshake, for a peer that no longer reads.
	dropFunc func(code websocket.StatusCode, reason string)
	killFunc func()
	// bye asks the writer to send what is queued and close the socket; done closes when the
	// writer has stopped.
	bye, done chan struct{}
}

// add registers c, or says with which close code and reason to refuse it: the hub is
// closing, or c's key has its most sockets here.
func (h *Hub) add(c *client) (websocket.StatusCode, string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.closed:
		return websocket.StatusGoingAway, "server shutting down", false
	case h.perKey[c.key.ID] >= h.maxPerKey:
		return websocket.StatusPolicyViolation, "too many sockets for this API key: at most " + strconv.Itoa(h.maxPerKey) + " per server", false
	}
	h.clients[c] = struct{}{}
	h.perKey[c.key.ID]++
	return 0, "", true
}

// remove forgets c; it reports whether c was there, so that it is counted out once.
func (h *Hub) remove(c *client) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.clients[c]; !ok {
		return false
	}
	delete(h.clients, c)
	if h.perKey[c.key.ID]--; h.perKey[c.key.ID] == 0 {
		delete(h.perKey, c.key.ID)
	}
	return true
}

// Connected is how many authenticated sockets the hub holds.
func (h *Hub) Connected() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// Admit reserves a socket for the client address addr before its upgrade, or reports that
// the address has its most sockets here. release gives the reservation back; call it once
// the socket has ended.
func (h *Hub) Admit(addr string) (release func(), ok bool) {
	p := ratelimit.AddrPrefix(addr)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.perAddr[p] >= h.maxPerAddr {
		return nil, false
	}
	h.perAddr[p]++
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.perAddr[p]--; h.perAddr[p] == 0 {
			delete(h.perAddr, p)
		}
	}, true
}

func (h *Hub) subscribe(c *client, channel string, on bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c.channels[channel] = on
}

// Publish sends a committed event to every socket of its project subscribed to a channel
// that carries it, once the socket's key has been checked again (a socket whose key is
// revoked or expired, or whose person lost the role it was opened with, is closed
// instead). Who made the change and where it came from (actor, client address and
// User-Agent) go only to admin keys, the keys that may read the audit log. It never blocks
// on a socket: one whose buffer is full is dropped.
func (h *Hub) Publish(ctx context.Context, project uuid.UUID, event api.Event) {
	promptEvent := events.AboutPrompts(string(event.Type))
	anonymous := event
	anonymous.ClientAddress, anonymous.UserAgent = nullable.NewNullNullable[string](), nullable.NewNullNullable[string]()
	anonymous.Actor = nullable.NewNullNullable[api.Actor]()
	// messages[admin][channel]
	messages := map[bool]map[string][]byte{true: {}, false: {}}
	for _, ch := range []string{ChannelPrompts, ChannelEvents} {
		messages[true][ch], _ = json.Marshal(map[string]any{"type": "event", "channel": ch, "event": event})
		messages[false][ch], _ = json.Marshal(map[string]any{"type": "event", "channel": ch, "event": anonymous})
	}

	type delivery struct {
		c   *client
		msg []byte
	}
	var deliveries []delivery
	h.mu.Lock()
	for c := range h.clients {
		if c.key.ProjectID != project {
			continue
		}
		readsPrompts, admin := c.key.Has(auth.ScopePromptsRead), c.key.Has(auth.ScopeAdmin)
		if c.channels[ChannelPrompts] && promptEvent && readsPrompts {
			deliveries = append(deliveries, delivery{c, messages[admin][ChannelPrompts]})
		}
		if c.channels[ChannelEvents] && (admin || promptEvent && readsPrompts) {
			deliveries = append(deliveries, delivery{c, messages[admin][ChannelEvents]})
		}
	}
	h.mu.Unlock()
	// Checked outside the lock: a check may read the database.
	usable := map[*client]bool{}
	for _, d := range deliveries {
		ok, checked := usable[d.c]
		if !checked {
			ok = h.usable(ctx, d.c)
			usable[d.c] = ok
		}
		if ok {
			h.offer(d.c, d.msg)
		}
	}
}

// System sends a notice to every socket subscribed to the system channel.
func (h *Hub) System(message string) {
	msg, _ := json.Marshal(map[string]string{"type": "system", "channel": ChannelSystem, "message": message})
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		if c.channels[ChannelSystem] {
			h.offer(c, msg)
		}
	}
}

// offer queues msg for c, dropping c if it has fallen too far behind.
func (h *Hub) offer(c *client, msg []byte) {
	select {
	case c.send <- msg:
	default:
		h.logger.Warn("websocket client too slow; dropping it", slog.String("key_prefix", c.key.Prefix))
		go c.dropFunc(websocket.StatusTryAgainLater, "too slow: more than 64 messages behind")
	}
}

// Close tells every socket the server is going away and closes them; the hub takes no
// new ones.
func (h *Hub) Close() {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.mu.Unlock()
	h.System("server shutting down")
	h.mu.Lock()
	h.closed = true
	clients := make([]*client, 0, len(h.clients))
	for c := range h.clients {
		clients = append(clients, c)
	}
	h.mu.Unlock()
	for _, c := range clients {
		close(c.bye)
	}
	// Writers send what is queued, the notice above included, then close; a stuck one is
	// closed after a moment.
	deadline := time.After(2 * time.Second)
	for _, c := range clients {
		select {
		case <-c.done:
		case <-deadline:
		}
		c.dropFunc(websocket.StatusGoingAway, "server shutting down")
	}
}

// Watching reports whether a socket here belongs to project, so that events of other
// projects need not be read at all.
func (h *Hub) Watching(project uuid.UUID) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		if c.key.ProjectID == project {
			return true
		}
	}
	return false
}
