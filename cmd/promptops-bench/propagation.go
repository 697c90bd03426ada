package main

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/promptops/promptops/internal/testkit/apicall"
)

// measurePropagation runs two instances on one database, promotes on A, and polls B's
// resolve until it serves the new version: the delay from A's answer to B's.
func (b *bench) measurePropagation(ctx context.Context, s *seeded) (Propagation, error) {
	a, err := b.startServer(ctx, "instance-a", true)
	if err != nil {
		return Propagation{}, err
	}
	defer a.stop()
	other, err := b.startServer(ctx, "instance-b", true)
	if err != nil {
		return Propagation{}, err
	}
	defer other.stop()

	resolveURL := other.base + "/api/v1/prompts/propagation/resolve"
	var delays []time.Duration
	for i := range b.o.promotes {
		want := s.propagation.versions[(i+1)%2]
		// B has the current version cached before each promote.
		if _, err := versionOn(ctx, resolveURL, s.prodKey); err != nil {
			return Propagation{}, err
		}
		if err := call(ctx, http.MethodPost, a.base+"/api/v1/prompts/"+s.propagation.promptID+"/promote", s.adminKey,
			map[string]string{"environment": "production", "versionId": want}, nil); err != nil {
			return Propagation{}, err
		}
		delay, err := waitForVersion(ctx, resolveURL, s.prodKey, want)
		if err != nil {
			return Propagation{}, err
		}
		delays = append(delays, delay)
	}
	slices.Sort(delays)
	return Propagation{
		Promotes: len(delays), P50Ms: percentile(delays, 0.50), P99Ms: percentile(delays, 0.99),
		MaxMs: percentile(delays, 1),
	}, nil
}

// waitForVersion polls url's resolve until it serves want, for at most 5 s (the delay is
// then reported as 5 s, far past the target, rather than failing the run).
func waitForVersion(ctx context.Context, url, key, want string) (time.Duration, error) {
	promoted := time.Now()
	for time.Since(promoted) <= 5*time.Second {
		got, err := versionOn(ctx, url, key)
		if err != nil || got == want {
			return time.Since(promoted), err
		}
		time.Sleep(200 * time.Microsecond)
	}
	return time.Since(promoted), nil
}

// versionOn resolves and returns the version id served.
func versionOn(ctx context.Context, url, key string) (string, error) {
	_, raw, err := apicall.Do(ctx, client, http.MethodGet, url, key, nil)
	if err != nil {
		return "", err
	}
	var body struct {
		Data struct {
			VersionID string `json:"versionId"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return "", err
	}
	return body.Data.VersionID, nil
}

// percentile of sorted durations, in ms.
func percentile(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return ms(sorted[int(p*float64(len(sorted)-1))])
}
