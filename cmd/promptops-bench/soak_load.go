package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/promptops/promptops/internal/testkit/apicall"
)

// do sends one request of the load, paced by the run's limiter, and counts its outcome under
// op. status is 0 when no answer came; a request the end of the run cut off is not counted.
func (r *soakRun) do(ctx context.Context, op, method, url, key string, body any) (int, []byte) {
	if r.limiter.Wait(ctx) != nil {
		return 0, nil
	}
	status, data, err := apicall.Do(ctx, client, method, url, key, body)
	switch {
	case ctx.Err() != nil:
		return 0, nil
	case err != nil:
		r.tally.add(op, transportKind(err))
		return 0, nil
	}
	r.tally.add(op, outcome(status, data))
	return status, data
}

// reader resolves seeded prompts on either instance, and every tenth request retries a
// revoked key, which must be refused.
func (r *soakRun) reader(ctx context.Context, n int) {
	rnd := rand.New(rand.NewPCG(uint64(n), 1))
	for i := 0; ctx.Err() == nil; i++ {
		base := r.bases[rnd.IntN(len(r.bases))]
		if key := r.revokedKey(rnd); key != "" && i%10 == 0 {
			status, _ := r.do(ctx, "revoked key retried", http.MethodGet, base+resolvePath(r.seed.slugs[0]), key, nil)
			r.checkRefused(status, "retried on instance "+instanceName(indexOf(r.bases, base)))
			continue
		}
		slug := r.seed.slugs[rnd.IntN(len(r.seed.slugs))]
		r.do(ctx, "resolve", http.MethodGet, base+resolvePath(slug), r.seed.prodKey, nil)
	}
}

func (r *soakRun) revokedKey(rnd *rand.Rand) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.revoked) == 0 {
		return ""
	}
	return r.revoked[rnd.IntN(len(r.revoked))]
}

// writer creates prompts, each with a version, alternately on each instance.
func (r *soakRun) writer(ctx context.Context, n int) {
	for i := 0; ctx.Err() == nil; i++ {
		base := r.bases[i%len(r.bases)]
		slug := fmt.Sprintf("soak-w%d-%d", n, i)
		status, body := r.do(ctx, "create prompt", http.MethodPost, base+"/api/v1/prompts", r.seed.adminKey,
			map[string]string{"slug": slug, "name": slug})
		if status != http.StatusCreated {
			continue
		}
		promptID := dataID(body)
		r.ack("prompt "+slug, "/api/v1/prompts/"+promptID)
		r.createVersion(ctx, base, promptID, slug)
	}
}

// createVersion creates a version of a prompt and returns its id ("" when not acknowledged).
func (r *soakRun) createVersion(ctx context.Context, base, promptID, slug string) string {
	status, body := r.do(ctx, "create version", http.MethodPost, base+"/api/v1/prompts/"+promptID+"/versions", r.seed.adminKey,
		map[string]any{"systemPrompt": "You are a support assistant.", "userTemplate": "Hello {{userName}}, about {{orderId}}."})
	if status != http.StatusCreated {
		return ""
	}
	versionID := dataID(body)
	r.ack("version of "+slug, "/api/v1/prompts/"+promptID+"/versions/"+versionID)
	return versionID
}

// promoter creates a version of one of its seeded prompts and promotes it to production
// (a new version each time, so each promotion changes what resolve serves).
func (r *soakRun) promoter(ctx context.Context, n int) {
	for i := 0; ctx.Err() == nil; i++ {
		p := n + (i%4)*r.o.promoters
		base := r.bases[i%len(r.bases)]
		promptID := r.seed.promptIDs[p]
		versionID := r.createVersion(ctx, base, promptID, r.seed.slugs[p])
		if versionID == "" {
			continue
		}
		status, _ := r.do(ctx, "promote", http.MethodPost, base+"/api/v1/prompts/"+promptID+"/promote", r.seed.adminKey,
			map[string]string{"environment": "production", "versionId": versionID})
		if status == http.StatusOK {
			r.ackPromote(promptID, versionID)
		}
	}
}

// subscriber keeps a socket open on its instance, subscribed to the prompts and system channels,
// counting what it hears; a dropped socket is counted and opened again.
func (r *soakRun) subscriber(ctx context.Context, n int) {
	base := r.bases[n%len(r.bases)]
	for ctx.Err() == nil {
		err := r.listen(ctx, base, n)
		if ctx.Err() != nil {
			return
		}
		r.tally.add("socket", "dropped: "+transportKind(err))
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// socketStats is what one subscriber heard.
type socketStats struct {
	events, notices int
	lastEvent       time.Time
}

// listen runs one socket until it fails or ctx ends.
func (r *soakRun) listen(ctx context.Context, base string, n int) error {
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/ws", nil)
	if err != nil {
		return err
	}
	defer conn.CloseNow()
	for _, msg := range []map[string]string{{"type": "auth", "token": r.seed.prodKey}, {"type": "subscribe", "channel": "prompts"}, {"type": "subscribe", "channel": "system"}} {
		if err := wsjson.Write(ctx, conn, msg); err != nil {
			return err
		}
	}
	r.tally.add("socket", "opened")
	for {
		var msg struct {
			Type string `json:"type"`
		}
		if err := wsjson.Read(ctx, conn, &msg); err != nil {
			return err
		}
		r.mu.Lock()
		switch msg.Type {
		case "event":
			r.sockets[n].events++
			r.sockets[n].lastEvent = time.Now()
		case "system":
			r.sockets[n].notices++
		}
		r.mu.Unlock()
	}
}

// dataID is the id of a response's data.
func dataID(body []byte) string {
	var v struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	_ = json.Unmarshal(body, &v)
	return v.Data.ID
}

func indexOf(bases []string, base string) int {
	for i, b := range bases {
		if b == base {
			return i
		}
	}
	return -1
}

// productionHistory is the set of versions the prompt's production history shows promoted.
func productionHistory(ctx context.Context, base, key, promptID string) (map[string]bool, error) {
	versions := map[string]bool{}
	for page := 1; ; page++ {
		url := fmt.Sprintf("%s/api/v1/prompts/%s/deployments?environment=production&limit=100&page=%d", base, promptID, page)
		status, body, err := apicall.Do(ctx, client, http.MethodGet, url, key, nil) // outside the load: unpaced, uncounted
		if err != nil || status != http.StatusOK {
			return nil, fmt.Errorf("GET %s → %d %s", url, status, answer(body, err))
		}
		var history struct {
			Data []struct {
				VersionID string `json:"versionId"`
				Action    string `json:"action"`
			} `json:"data"`
			Meta struct {
				Pagination struct {
					Pages int `json:"pages"`
				} `json:"pagination"`
			} `json:"meta"`
		}
		if err := json.Unmarshal(body, &history); err != nil {
			return nil, err
		}
		for _, d := range history.Data {
			if d.Action == "promote" {
				versions[d.VersionID] = true
			}
		}
		if page >= history.Meta.Pagination.Pages {
			return versions, nil
		}
	}
}
