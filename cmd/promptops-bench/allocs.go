package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// allocTargets are the allocation targets of issue 26, by package and Go benchmark.
var allocTargets = []struct {
	pkg, benchmark string
	max            float64
}{
	{"github.com/promptops/promptops/internal/http/httpapi", "BenchmarkResolve", 10},
	{"github.com/promptops/promptops/internal/http/httpapi", "BenchmarkRender", 30},
}

// allocs copies `go test -bench -benchmem` output from standard input to standard output,
// then marks each allocation target met or missed from it, as run marks its targets; it
// fails only when a target's benchmark did not run.
func allocs(in io.Reader, out io.Writer) error {
	seen := map[string]float64{} // by package and benchmark
	pkg := ""
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(out, line)
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = p
		}
		if name, n, ok := allocsPerOp(line); ok {
			seen[pkg+" "+name] = n
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	fmt.Fprintln(out)
	var absent []string
	for _, t := range allocTargets {
		n, ok := seen[t.pkg+" "+t.benchmark]
		state := "MET"
		if !ok || n > t.max {
			state = "MISSED"
		}
		if !ok {
			absent = append(absent, t.benchmark)
		}
		measured := "not run"
		if ok {
			measured = fmt.Sprintf("measured %.0f", n)
		}
		fmt.Fprintf(out, "%-7s %-36s %-36s %s\n", state, t.benchmark+" allocations", fmt.Sprintf("≤ %.0f allocs/op", t.max), measured)
	}
	if absent != nil {
		return errors.New("benchmarks of allocation targets did not run: " + strings.Join(absent, ", "))
	}
	return nil
}

// allocsPerOp reads a benchmark result line: its name without the -GOMAXPROCS suffix, and
// its allocs/op.
func allocsPerOp(line string) (string, float64, bool) {
	fields := strings.Fields(line)
	if len(fields) < 2 || !strings.HasPrefix(fields[0], "Benchmark") {
		return "", 0, false
	}
	for i := 1; i+1 < len(fields); i++ {
		if fields[i+1] == "allocs/op" {
			n, err := strconv.ParseFloat(fields[i], 64)
			name, _, _ := strings.Cut(fields[0], "-")
			return name, n, err == nil
		}
	}
	return "", 0, false
}

func allocsCommand(args []string) error {
	if len(args) > 0 {
		return errors.New("allocs takes no arguments: pipe `go test -bench . -benchmem` into it")
	}
	return allocs(os.Stdin, os.Stdout)
}
