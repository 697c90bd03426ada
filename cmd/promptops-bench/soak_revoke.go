package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// revocationStats are what the revocation checks saw.
type revocationStats struct {
	// checked counts revocations answered 200 and then refused by both instances.
	checked int
	// late holds when each revocation was answered that the other instance did not refuse
	// from its very first request after the 200 (its notification had not arrived), and how
	// long it took to.
	late []lateRevocation
	// neverReached lists keys the other instance still served 10 s after their revocation.
	neverReached []string
}

type lateRevocation struct {
	at    time.Time
	delay time.Duration
}

// revoker creates a key, has both instances cache it, revokes it on one and checks the
// revocation: on the instance that answered 200, every later request with the key is
// refused; on the other, once it has refused the key, so is every later request. The
// instances take turns at revoking.
func (r *soakRun) revoker(ctx context.Context) {
	for i := 0; ctx.Err() == nil; i++ {
		on, other := r.bases[i%2], r.bases[(i+1)%2]
		key, id := r.createKey(ctx, on, i)
		if key == "" {
			continue
		}
		for _, base := range r.bases {
			r.do(ctx, "resolve with a new key", http.MethodGet, base+resolvePath(r.seed.slugs[0]), key, nil)
		}
		if status, _ := r.do(ctx, "revoke key", http.MethodDelete, on+"/api/v1/api-keys/"+id, r.seed.adminKey, nil); status != http.StatusOK {
			continue
		}
		revokedAt := time.Now()
		for range 3 {
			status, _ := r.do(ctx, "revoked key, same instance", http.MethodGet, on+resolvePath(r.seed.slugs[0]), key, nil)
			r.checkRefused(status, "on the instance that revoked it")
		}
		r.awaitRefusal(ctx, other, key, revokedAt)
	}
}

// createKey creates a production key that may read, returning it and its id ("" when the
// creation was not acknowledged).
func (r *soakRun) createKey(ctx context.Context, base string, n int) (key, id string) {
	status, body := r.do(ctx, "create key", http.MethodPost, base+"/api/v1/api-keys", r.seed.adminKey,
		map[string]any{"environment": "production", "scopes": []string{"prompts:read"}, "label": fmt.Sprintf("soak-%d", n)})
	if status != http.StatusCreated {
		return "", ""
	}
	var created struct {
		Data struct {
			ID      string `json:"id"`
			FullKey string `json:"fullKey"`
		} `json:"data"`
	}
	if json.Unmarshal(body, &created) != nil {
		return "", ""
	}
	return created.Data.FullKey, created.Data.ID
}

// awaitRefusal polls base until it refuses key (the revocation has reached it), then
// checks that it keeps refusing it; a refused key joins those the readers retry.
func (r *soakRun) awaitRefusal(ctx context.Context, base, key string, revokedAt time.Time) {
	for first := true; ; first = false {
		status, _ := r.do(ctx, "revoked key, other instance", http.MethodGet, base+resolvePath(r.seed.slugs[0]), key, nil)
		if status == http.StatusUnauthorized {
			r.mu.Lock()
			r.revocations.checked++
			if !first {
				r.revocations.late = append(r.revocations.late, lateRevocation{at: revokedAt, delay: time.Since(revokedAt)})
			}
			r.revoked = append(r.revoked, key)
			r.mu.Unlock()
			break
		}
		if ctx.Err() != nil {
			return
		}
		if time.Since(revokedAt) > 10*time.Second {
			r.mu.Lock()
			r.revocations.neverReached = append(r.revocations.neverReached, fmt.Sprintf("%s… on %s", key[:12], base))
			r.mu.Unlock()
			return
		}
	}
	for range 3 {
		status, _ := r.do(ctx, "revoked key, other instance", http.MethodGet, base+resolvePath(r.seed.slugs[0]), key, nil)
		r.checkRefused(status, "on the other instance, after it had refused it")
	}
}

// checkRefused records a revoked key served (any answer below 400). An outage's 503, or no
// answer, neither serves nor refuses it.
func (r *soakRun) checkRefused(status int, where string) {
	if status == 0 || status >= 400 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.served = append(r.served, fmt.Sprintf("answered %d %s", status, where))
}
