package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAllocs: the targets are read from their own package's lines (template has a
// BenchmarkRender too) and marked; only an absent one fails.
func TestAllocs(t *testing.T) {
	t.Parallel()
	const httpapi = "pkg: github.com/promptops/promptops/internal/http/httpapi\n"
	const template = "pkg: github.com/promptops/promptops/internal/prompt/template\nBenchmarkRender-2  9  100 ns/op  0 B/op  2 allocs/op\n"
	for name, tt := range map[string]struct {
		in     string
		failed bool
		lines  []string
	}{
		"Met": {in: httpapi + "BenchmarkResolve-2  1  2300 ns/op  632 B/op  5 allocs/op\nBenchmarkRender-2  1  8000 ns/op  3377 B/op  30 allocs/op\n" + template,
			lines: []string{"MET     BenchmarkResolve allocations", "MET     BenchmarkRender allocations"}},
		"Missed": {in: httpapi + "BenchmarkResolve-2  1  2300 ns/op  632 B/op  11 allocs/op\nBenchmarkRender-2  1  8000 ns/op  3377 B/op  54 allocs/op\n" + template,
			lines: []string{"MISSED  BenchmarkResolve allocations", "measured 11", "MISSED  BenchmarkRender allocations", "measured 54"}},
		"Absent": {in: template, failed: true, lines: []string{"not run"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			err := allocs(strings.NewReader(tt.in), &out)
			require.Equal(t, tt.failed, err != nil, out.String())
			require.True(t, strings.HasPrefix(out.String(), tt.in), "the benchmarks' output is copied")
			for _, line := range tt.lines {
				require.Contains(t, out.String(), line)
			}
		})
	}
}
