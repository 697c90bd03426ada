package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/coder/websocket"
)

// expected are the outcomes of each operation that are not errors.
var expected = map[string][]string{
	"resolve":                     {"200"},
	"create prompt":               {"201"},
	"create version":              {"201"},
	"promote":                     {"200"},
	"create key":                  {"201"},
	"resolve with a new key":      {"200"},
	"revoke key":                  {"200"},
	"revoked key, same instance":  {"401 AUTH_INVALID"},
	"revoked key, other instance": {"401 AUTH_INVALID", "200"}, // 200 until the revocation reaches it
	"revoked key retried":         {"401 AUTH_INVALID"},
	"socket":                      {"opened"},
}

// tally counts the outcomes of the load by operation, and keeps when each error happened.
type tally struct {
	mu     sync.Mutex
	counts map[string]map[string]int
	errors []soakError
}

type soakError struct {
	kind string
	at   time.Time
}

func newTally() *tally { return &tally{counts: map[string]map[string]int{}} }

func (t *tally) add(op, outcome string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.counts[op] == nil {
		t.counts[op] = map[string]int{}
	}
	t.counts[op][outcome]++
	if !slices.Contains(expected[op], outcome) {
		t.errors = append(t.errors, soakError{kind: op + ": " + outcome, at: time.Now()})
	}
}

// outcome names an answer: its status, and an error's code.
func outcome(status int, body []byte) string {
	if status < 400 {
		return strconv.Itoa(status)
	}
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(body, &e)
	return strings.TrimSpace(strconv.Itoa(status) + " " + e.Error.Code)
}

// transportKind names why a request or a socket got no answer.
func transportKind(err error) string {
	var closed websocket.CloseError
	switch {
	case errors.As(err, &closed):
		return fmt.Sprintf("closed with %d %s", closed.Code, closed.Reason)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return "timeout"
	}
	return "error: " + err.Error()
}

// print writes the soak's summary.
func (r *soakRun) print(w io.Writer, elapsed time.Duration) {
	t := r.tally
	t.mu.Lock()
	defer t.mu.Unlock()
	down := r.outage[1].Sub(r.outage[0])
	fmt.Fprintf(w, "\nsoak: %s of load at up to %.0f requests/s on 2 instances (%s in all); PostgreSQL down for %s\n\n",
		r.o.duration, r.o.rate, elapsed.Round(time.Second), down.Round(time.Millisecond))
	fmt.Fprintf(w, "%-30s %8s  %s\n", "operation", "answers", "outcomes")
	for _, op := range slices.Sorted(maps.Keys(t.counts)) {
		total, parts := 0, []string{}
		for _, o := range slices.Sorted(maps.Keys(t.counts[op])) {
			total += t.counts[op][o]
			parts = append(parts, fmt.Sprintf("%s ×%d", o, t.counts[op][o]))
		}
		fmt.Fprintf(w, "%-30s %8d  %s\n", op, total, strings.Join(parts, ", "))
	}

	// An outage's errors end once both instances have reconnected: a few seconds after.
	settled := r.outage[1].Add(5 * time.Second)
	during, after := map[string]int{}, map[string]int{}
	for _, e := range t.errors {
		if !e.at.Before(r.outage[0]) && e.at.Before(settled) {
			during[e.kind]++
		} else {
			after[e.kind]++
		}
	}
	printKinds(w, "errors by kind, during the outage (until 5 s after PostgreSQL was back)", during)
	printKinds(w, "errors by kind, outside the outage", after)

	promotes := 0
	for _, v := range r.promoted {
		promotes += len(v)
	}
	fmt.Fprintf(w, "\nacknowledged: %d creates (prompts, versions), %d promotes; lost: %d\n", len(r.writes), promotes, len(r.lost))
	rv := r.revocations
	fmt.Fprintf(w, "revocations checked: %d; revoked keys served after their revocation reached the instance: %d; never reached the other instance: %d\n",
		rv.checked, len(r.served), len(rv.neverReached))
	var lateDuring, lateAfter []time.Duration
	for _, l := range rv.late {
		if l.at.Add(l.delay).After(r.outage[0]) && l.at.Before(settled) {
			lateDuring = append(lateDuring, l.delay)
		} else {
			lateAfter = append(lateAfter, l.delay)
		}
	}
	fmt.Fprintf(w, "  served by the other instance after the revocation's 200, until its notification arrived: %d across the outage (slowest %s), %d outside it (slowest %s)\n",
		len(lateDuring), slowest(lateDuring), len(lateAfter), slowest(lateAfter))
	events, notices, fewest := 0, 0, -1
	for _, s := range r.sockets {
		events, notices = events+s.events, notices+s.notices
		if fewest < 0 || s.events < fewest {
			fewest = s.events
		}
	}
	fmt.Fprintf(w, "sockets: %d; events heard: %d (fewest on one socket: %d); system notices: %d\n", len(r.sockets), events, fewest, notices)
}

func printKinds(w io.Writer, title string, kinds map[string]int) {
	fmt.Fprintf(w, "\n%s:\n", title)
	if len(kinds) == 0 {
		fmt.Fprintln(w, "  none")
		return
	}
	names := slices.SortedFunc(maps.Keys(kinds), func(a, b string) int { return kinds[b] - kinds[a] })
	for _, k := range names {
		fmt.Fprintf(w, "  %7d  %s\n", kinds[k], k)
	}
}

func slowest(delays []time.Duration) time.Duration {
	if len(delays) == 0 {
		return 0
	}
	return slices.Max(delays).Round(time.Millisecond)
}
