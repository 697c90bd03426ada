package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/pprof/profile"
	"github.com/stretchr/testify/require"
)

// TestCPUPerRequest: a profile of 2 s holding 30 ms of CPU, 10 ms of it under the
// handler's frame, taken at 1,000 requests/s, is 15 µs per request, 5 µs in the handler.
func TestCPUPerRequest(t *testing.T) {
	t.Parallel()
	fn := func(id uint64, name string) *profile.Function { return &profile.Function{ID: id, Name: name} }
	handler, read, app := fn(1, handlerFrame), fn(2, "net/http.(*conn).readRequest"), fn(3, "main.resolve")
	loc := func(id uint64, f *profile.Function) *profile.Location {
		return &profile.Location{ID: id, Line: []profile.Line{{Function: f}}}
	}
	inHandler, reading, inApp := loc(1, handler), loc(2, read), loc(3, app)
	p := &profile.Profile{
		SampleType:    []*profile.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}},
		DurationNanos: 2e9,
		Function:      []*profile.Function{handler, read, app},
		Location:      []*profile.Location{inHandler, reading, inApp},
		Sample: []*profile.Sample{
			{Location: []*profile.Location{inApp, inHandler}, Value: []int64{1, 10e6}},
			{Location: []*profile.Location{reading}, Value: []int64{2, 20e6}},
		},
	}
	path := filepath.Join(t.TempDir(), "cpu.pprof")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, p.Write(f))
	require.NoError(t, f.Close())

	got, err := cpuPerRequest(path, 1000)
	require.NoError(t, err)
	require.InDelta(t, 15, got.TotalUs, 1e-9)
	require.InDelta(t, 5, got.HandlerUs, 1e-9)

	_, err = cpuPerRequest(path, 0)
	require.Error(t, err, "no requests answered: no cost per request")
}
