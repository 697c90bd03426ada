package logging

import (
	"bytes"
	"context"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// accessCases are lines of every shape the gateway writes, and some it never does.
var accessCases = []Request{
	{Route: "GET /api/v1/prompts/{slug}/resolve", Status: 200, Duration: 123456 * time.Nanosecond, RequestID: "0a1b2c3d0000000000000001", KeyPrefix: "po_live_abcd"},
	{Route: "POST /api/v1/prompts/{slug}/render", Status: 422, Duration: 4 * time.Second, RequestID: "req-1.a_b", KeyPrefix: ""},
	{Route: "unmatched PATCH", Status: 405, Duration: 0, RequestID: "x", KeyPrefix: ""},
	{Route: "GET /health/ready", Status: 503, Duration: 999 * time.Nanosecond, RequestID: "r", KeyPrefix: "k"},
	{Route: "GET /ws", Status: 101, Duration: 3 * time.Hour, RequestID: "r", KeyPrefix: "k"},
	{Route: "unmatched BR=EW", Status: 404, Duration: time.Millisecond, RequestID: `a"b`, KeyPrefix: "é"},
	{Route: "GET /x\n", Status: 200, Duration: -time.Millisecond, RequestID: "r", KeyPrefix: "<&>"},
}

// line is what Access writes for r through a logger of format: New's (the hand-formatted
// line) when fast, slog's own handler otherwise.
func line(t testing.TB, format string, fast bool, r Request) string {
	var out bytes.Buffer
	logger := New(&out, format, "info")
	if !fast {
		if format == "json" {
			logger = slog.New(slog.NewJSONHandler(&out, nil))
		} else {
			logger = slog.New(slog.NewTextHandler(&out, nil))
		}
	}
	a := NewAccess(logger)
	require.Equal(t, fast, a.fast != nil)
	a.Log(context.Background(), &r)
	return out.String()
}

func TestAccessLineIsSlogs(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"text", "json"} {
		for _, r := range accessCases {
			for _, at := range []time.Time{
				time.Date(2026, 12, 6, 14, 16, 39, 123456789, time.UTC),
				time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("", 5*3600+1800)),
				{}, // slog leaves a zero time out
			} {
				r.Time = at
				require.Equal(t, line(t, format, false, r), line(t, format, true, r), "%s %+v", format, r)
			}
		}
	}
}

// TestAccessLineFast: the common lines are formatted by hand, not handed to slog.
func TestAccessLineFast(t *testing.T) {
	t.Parallel()
	for _, json := range []bool{false, true} {
		h := &handler{w: &bytes.Buffer{}, json: json}
		for _, r := range accessCases[:5] {
			r.Time = time.Now()
			require.True(t, h.write(&r), "%+v", r)
		}
		r := accessCases[5]
		r.Time = time.Now()
		require.False(t, h.write(&r), "a quote goes to slog")
	}
}

func TestAccessLevel(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	NewAccess(New(&out, "text", "warn")).Log(context.Background(), &Request{Time: time.Now(), Route: "GET /x", Status: 200})
	require.Empty(t, out.String(), "no access line above info")
}

func FuzzAccessLine(f *testing.F) {
	for _, r := range accessCases {
		f.Add(r.Route, r.Status, int64(r.Duration), r.RequestID, r.KeyPrefix, int64(1796566599123456789), true)
	}
	f.Fuzz(func(t *testing.T, route string, status int, duration int64, id, prefix string, unixNano int64, json bool) {
		format := "text"
		if json {
			format = "json"
		}
		r := Request{Time: time.Unix(0, unixNano).UTC(), Route: route, Status: status, Duration: time.Duration(duration), RequestID: id, KeyPrefix: prefix}
		require.Equal(t, line(t, format, false, r), line(t, format, true, r))
	})
}

// TestAppendMillis: the hand-written milliseconds are strconv's, around every boundary.
func TestAppendMillis(t *testing.T) {
	t.Parallel()
	check := func(us int64) {
		d := time.Duration(us) * time.Microsecond
		r := Request{Duration: d}
		for _, fmt := range []byte{'g', 'f'} {
			require.Equal(t, string(strconv.AppendFloat(nil, r.durationMs(), fmt, -1, 64)), string(appendMillis(nil, d, r.durationMs(), fmt)), "%d µs, %c", us, fmt)
		}
	}
	for us := int64(-2000); us < 200_000; us++ {
		check(us)
	}
	for us := int64(999_000_000 - 5000); us < 1_000_005_000; us++ {
		check(us)
	}
	for i := range 100_000 {
		check(int64(i) * 7919 * 1013)
	}
}
