package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/template"
	"time"
)

// requests describes one kind of request the bench sends. The same description writes
// wrk's script and the probe that checks the request is answered with a 200 before it is
// measured, so what is measured is what was checked.
type requests struct {
	name    string
	method  string
	paths   []string
	headers map[string]string
	body    string
}

// wrkScript pre-formats every request in init (wrk's advice for fast servers) and prints
// the figures in done as one JSON line, so the bench never parses wrk's human output.
// wrk.format adds the Host header, taken from the URL on wrk's command line.
var wrkScript = template.Must(template.New("wrk").Funcs(template.FuncMap{"lua": luaString}).Parse(
	`-- {{lua .name}} for wrk, written by promptops-bench: request() cycles through the seeded
-- prompts; done() prints the figures as one JSON line for the bench to read.
local paths = {
{{- range .paths}}
  {{lua .}},
{{- end}}
}
local headers = {
{{- range $name, $value := .headers}}
  [{{lua $name}}] = {{lua $value}},
{{- end}}
}
local body = {{if .body}}{{lua .body}}{{else}}nil{{end}}
local prepared = {}
local n = 0

function init(args)
  for i, path in ipairs(paths) do
    prepared[i] = wrk.format({{lua .method}}, path, headers, body)
  end
end

function request()
  n = n % #prepared + 1
  return prepared[n]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"durationUs":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"p50":%d,"p90":%d,"p99":%d,"max":%d}}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`))

// writeScript writes the wrk script of rq into dir and returns its path.
func writeScript(dir string, rq requests) (string, error) {
	var buf bytes.Buffer
	err := wrkScript.Execute(&buf, map[string]any{
		"name": rq.name, "method": rq.method, "paths": rq.paths, "headers": rq.headers, "body": rq.body,
	})
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, rq.name+".lua")
	return path, os.WriteFile(path, buf.Bytes(), 0o644)
}

// luaString quotes s as a Lua string literal; bytes outside printable ASCII become decimal
// escapes, the only kind LuaJIT and Lua 5.1 share with every input.
func luaString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := range len(s) {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "\\%03d", c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// wrkErrors are wrk's error counts. Status counts answers ≥ 400: for resolve and render,
// which answer 200 or an error and never redirect, that is every answer that is not a 2xx.
type wrkErrors struct {
	Connect uint64 `json:"connect"`
	Read    uint64 `json:"read"`
	Write   uint64 `json:"write"`
	Status  uint64 `json:"status"`
	Timeout uint64 `json:"timeout"`
}

func (e wrkErrors) total() uint64 { return e.Connect + e.Read + e.Write + e.Status + e.Timeout }

// wrkResult is the line the script's done() prints.
type wrkResult struct {
	Requests   uint64    `json:"requests"`
	DurationUs float64   `json:"durationUs"`
	Errors     wrkErrors `json:"errors"`
	LatencyUs  struct {
		P50 float64 `json:"p50"`
		P90 float64 `json:"p90"`
		P99 float64 `json:"p99"`
		Max float64 `json:"max"`
	} `json:"latencyUs"`
}

// wrk runs one peak phase: as fast as wrk's connections go, for d (whole seconds: wrk
// reads no fractions). Its full output goes to <dir>/<phase>.wrk.log.
func (b *bench) wrk(ctx context.Context, phase, script, base string, d time.Duration) (Figures, error) {
	ctx, cancel := context.WithTimeout(ctx, d+30*time.Second)
	defer cancel()
	argv := []string{"wrk", "-t", strconv.Itoa(b.o.threads), "-c", strconv.Itoa(b.o.connections),
		"-d", strconv.Itoa(int(d/time.Second)) + "s", "--latency", "-s", script, base}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	out, err := cmd.CombinedOutput()
	logPath := filepath.Join(b.o.dir, phase+".wrk.log")
	if werr := os.WriteFile(logPath, out, 0o644); werr != nil {
		return Figures{}, werr
	}
	if err != nil {
		return Figures{}, fmt.Errorf("%s: %s: %w (output in %s)", phase, strings.Join(argv, " "), err, logPath)
	}
	res, err := parseWrk(out)
	if err != nil {
		return Figures{}, fmt.Errorf("%s: %w (output in %s)", phase, err, logPath)
	}
	f := res.figures(strings.Join(argv, " "), b.o.connections)
	f.GeneratorCores = generatorCores(cmd.ProcessState, time.Duration(res.DurationUs*1e3))
	return f, nil
}

// generatorCores is the CPU an exited load generator used over d, in cores.
func generatorCores(ps *os.ProcessState, d time.Duration) float64 {
	usage, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok || d <= 0 {
		return 0
	}
	return time.Duration(usage.Utime.Nano()+usage.Stime.Nano()).Seconds() / d.Seconds()
}

// parseWrk finds the JSON line of the script's done() in wrk's output.
func parseWrk(out []byte) (wrkResult, error) {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], "{") {
			var res wrkResult
			return res, json.Unmarshal([]byte(lines[i]), &res)
		}
	}
	return wrkResult{}, errors.New("no figures line from the script's done()")
}

func (res wrkResult) figures(command string, connections int) Figures {
	f := Figures{
		Command: command, Requests: res.Requests, Connections: connections,
		P50Ms: res.LatencyUs.P50 / 1000, P90Ms: res.LatencyUs.P90 / 1000, P99Ms: res.LatencyUs.P99 / 1000, MaxMs: res.LatencyUs.Max / 1000,
		Errors: res.Errors.total(),
	}
	if res.DurationUs > 0 {
		f.RequestsPerS = float64(res.Requests) / (res.DurationUs / 1e6)
	}
	if f.Errors > 0 {
		f.WrkErrors = &res.Errors
	}
	return f
}

// wrkVersion is the first line of `wrk -v` (which exits 1 after printing its usage).
func wrkVersion(ctx context.Context) (string, error) {
	if _, err := exec.LookPath("wrk"); err != nil {
		return "", errors.New("wrk is not on PATH: `make deps/bench` installs it")
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, _ := exec.CommandContext(ctx, "wrk", "-v").Output()
	first, _, _ := strings.Cut(string(out), "\n")
	if !strings.HasPrefix(first, "wrk ") {
		return "", fmt.Errorf("unexpected `wrk -v` output %q", first)
	}
	return first, nil
}
