package edge

import (
	"encoding/json"
	"net/http"
)

// Health is the edge's /health: whether it serves (status ok, stale while disconnected,
// starting before it has anything, revoked once its key is revoked or expired, with the
// reason), whether it hears the server, how many seconds behind it may be, what it holds
// and its cursor.
type Health struct {
	Status       string `json:"status"`
	Reason       string `json:"reason,omitempty"`
	Upstream     string `json:"upstream"`
	StaleSeconds int    `json:"staleSeconds"`
	Prompts      int    `json:"prompts"`
	Cursor       string `json:"cursor"`
}

// Health reports the edge's state now.
func (e *Edge) Health() Health {
	h := Health{Status: "ok", Upstream: "connected"}
	if !e.connected.Load() {
		h.Upstream, h.Status = "disconnected", "stale"
		h.StaleSeconds = int(e.staleFor().Seconds())
	}
	s := e.state.Load()
	switch reason := e.refusal(); {
	case reason != nil:
		h.Status, h.Reason = "revoked", *reason
	case s == nil:
		h.Status = "starting"
	default:
		h.Prompts, h.Cursor = len(s.prompts), s.cursor
	}
	return h
}

// health answers 200 while the edge serves, 503 while it cannot.
func (e *Edge) health(w http.ResponseWriter, r *http.Request) {
	h := e.Health()
	e.common(w, r)
	w.Header().Set("Content-Type", "application/json")
	if h.Status == "starting" || h.Status == "revoked" {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_ = json.NewEncoder(w).Encode(h)
}
