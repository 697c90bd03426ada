package httpapi_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/store/analytics"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// BenchmarkTrackLoopback is the ingestion target's setting: batches of 500 events posted
// over loopback by 8 concurrent clients (keep-alive), server and PostgreSQL on this machine.
func BenchmarkTrackLoopback(b *testing.B) {
	env, key := benchEnv(b)
	body := trackBatch(500)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.SetParallelism(4) // 4 per core
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodPost, env.URL+"/api/v1/analytics/track", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+key)
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_ = resp.Body.Close()
			if resp.StatusCode != http.StatusAccepted {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(500*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkPromptAnalytics1M is the read target: GetPromptAnalytics for one prompt with
// 1,000,000 events over 30 days (three versions, production). The events are loaded as
// track stores them (COPY into the partitions, rollups summed the same way and upserted
// by the same query), without HTTP, whose timestamp window would refuse a month-old event.
func BenchmarkPromptAnalytics1M(b *testing.B) {
	env, key := benchEnv(b)
	prompt := loadMillion(b, env, key)
	for name, query := range map[string]string{"Day": "environment=production", "Hour": "environment=production&interval=hour"} {
		b.Run(name, func(b *testing.B) {
			req := authorized(http.MethodGet, "/api/v1/prompts/"+prompt.String()+"/analytics?"+query, key)
			benchRequests(b, env.Server.Handler(), req, nil)
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/read")
		})
	}
}

// loadMillion writes 1,000,000 events of the benchmarks' prompt "hot" over the 30 days
// before now, with versions 2 and 3 made and live in production, and returns its id.
func loadMillion(b *testing.B, env *apitest.Env, key string) uuid.UUID {
	b.Helper()
	ctx := context.Background()
	now := time.Now()
	for _, back := range []int{23, 16, 9} { // partitions from 30 days back
		_, err := analytics.Maintain(ctx, env.Pool, now.AddDate(0, 0, -back), 400*24*time.Hour)
		require.NoError(b, err)
	}
	var promptID, projectID, keyID uuid.UUID
	require.NoError(b, env.Pool.QueryRow(ctx, "SELECT id, project_id FROM prompts WHERE slug = 'hot'").Scan(&promptID, &projectID))
	require.NoError(b, env.Pool.QueryRow(ctx, "SELECT id FROM api_keys WHERE project_id = $1 LIMIT 1", projectID).Scan(&keyID))
	p := &apitest.Project{Key: key, Client: env.Client(key)}
	for _, text := range []string{"v2 {{userName}}", "v3 {{userName}}"} {
		v := env.NewVersion(p, promptID, text)
		env.Promote(p, promptID, v.Id, "production")
	}
	q := dbsqlc.New()
	rng := rand.New(rand.NewPCG(1, 2))
	const total, batch = 1_000_000, 10_000
	start := now.Add(-30 * 24 * time.Hour)
	step := 30 * 24 * time.Hour / total
	rows := make([]dbsqlc.AnalyticsEventsCopyParams, 0, batch)
	began := time.Now()
	for i := 0; i < total; i += batch {
		rows = rows[:0]
		rollups := &analytics.Rollups{}
		for j := range batch {
			at := start.Add(time.Duration(i+j) * step)
			version := int32(1 + (i+j)*3/total) // 1, then 2, then 3 over the month
			r := dbsqlc.AnalyticsEventsCopyParams{
				ProjectID: pgtype.UUID{Bytes: projectID, Valid: true}, PromptID: pgtype.UUID{Bytes: promptID, Valid: true},
				VersionNumber: version, Environment: "production", KeyID: pgtype.UUID{Bytes: keyID, Valid: true},
				OccurredAt: at, ReceivedAt: at, LatencyMs: rng.ExpFloat64() * 600, InputTokens: 400, OutputTokens: 90,
				CostUsd: 0.00162, Success: rng.IntN(50) != 0,
			}
			rows = append(rows, r)
			rollups.Add(analytics.RollupKey{PromptID: promptID, Environment: "production", Hour: analytics.Hour(at), VersionNumber: version},
				r.LatencyMs, r.Success, r.InputTokens, r.OutputTokens, analytics.Nanos(r.CostUsd))
		}
		require.NoError(b, pgx.BeginFunc(ctx, env.Pool, func(tx pgx.Tx) error {
			if _, err := q.AnalyticsEventsCopy(ctx, tx, rows); err != nil {
				return err
			}
			_, err := q.AnalyticsHourlyAdd(ctx, tx, rollups.Params(projectID, int16(rand.IntN(analytics.Shards))))
			return err
		}))
	}
	var hourly int64
	require.NoError(b, env.Pool.QueryRow(ctx, "SELECT count(*) FROM analytics_hourly").Scan(&hourly))
	b.Logf("loaded %d events (%d hourly rows) in %v", total, hourly, time.Since(began).Round(time.Millisecond))
	_, err := env.Pool.Exec(ctx, "ANALYZE analytics_hourly")
	require.NoError(b, err)
	return promptID
}
