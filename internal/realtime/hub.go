// Package realtime pushes events to WebSocket clients: a hub per instance holds the
// sockets, and every instance hears every committed event (PostgreSQL LISTEN/NOTIFY), so a
// change made through one instance reaches sockets on all of them.
package realtime

import (
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/events"
)

// The channels a socket can subscribe to.
const (
	ChannelPrompts = "prompts"
	ChannelEvents  = "events"
	ChannelSystem  = "system"
)

// sendBuffer is how many messages a socket may fall behind before it is dropped.
const sendBuffer = 64

// Hub is the set of this instance's sockets.
type Hub struct {
	logger *slog.Logger
	// pingInterval is how often an idle socket is pinged; a ping unanswered within
	// pingTimeout drops it.
	pingInterval, pingTimeout time.Duration

	mu      sync.Mutex
	clients map[*client]struct{}
	closed  bool
}

// NewHub returns an empty hub.
func NewHub(logger *slog.Logger) *Hub {
	return &Hub{logger: logger, clients: map[*client]struct{}{}, pingInterval: pingInterval, pingTimeout: writeTimeout}
}

// client is one authenticated socket.
type client struct {
	key  *auth.Key
	conn *websocket.Conn
	send chan []byte
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

func (h *Hub) add(c *client) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.clients[c] = struct{}{}
	return true
}

func (h *Hub) remove(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.clients, c)
}

func (h *Hub) subscribe(c *client, channel string, on bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c.channels[channel] = on
}

// Publish sends a committed event to every socket of its project subscribed to a channel
// that carries it. It never blocks: a socket whose buffer is full is dropped.
func (h *Hub) Publish(project uuid.UUID, event api.Event) {
	promptEvent := events.AboutPrompts(string(event.Type))
	messages := map[string][]byte{}
	for _, ch := range []string{ChannelPrompts, ChannelEvents} {
		messages[ch], _ = json.Marshal(map[string]any{"type": "event", "channel": ch, "event": event})
	}

	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		if c.key.ProjectID != project {
			continue
		}
		readsPrompts := c.key.Has(auth.ScopePromptsRead)
		if c.channels[ChannelPrompts] && promptEvent && readsPrompts {
			h.offer(c, messages[ChannelPrompts])
		}
		if c.channels[ChannelEvents] && (c.key.Has(auth.ScopeAdmin) || promptEvent && readsPrompts) {
			h.offer(c, messages[ChannelEvents])
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

// offer queues msg for c, dropping c if it has fallen too far behind. Called with mu held.
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
