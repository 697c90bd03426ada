package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Figures are one load phase's results, from wrk (peak phases) or vegeta (fixed rate).
type Figures struct {
	Command      string     `json:"command,omitempty"`
	Requests     uint64     `json:"requests"`
	RequestsPerS float64    `json:"requestsPerSecond"`
	P50Ms        float64    `json:"p50Ms"`
	P90Ms        float64    `json:"p90Ms"`
	P99Ms        float64    `json:"p99Ms"`
	MaxMs        float64    `json:"maxMs"`
	Errors       uint64     `json:"errors"`
	WrkErrors    *wrkErrors `json:"wrkErrors,omitempty"`
	ErrorSamples []string   `json:"errorSamples,omitempty"`
	Connections  int        `json:"connections"`
	// TargetRatePerS and SentRatePerS are a fixed-rate phase's asked and sent rates;
	// RequestsPerS is then the rate answered successfully.
	TargetRatePerS float64 `json:"targetRatePerSecond,omitempty"`
	SentRatePerS   float64 `json:"sentRatePerSecond,omitempty"`
	ServerRSSMB    float64 `json:"serverRssMB,omitempty"`
	// GeneratorCores is the CPU the load generator (wrk) used, in cores (CPU seconds per
	// second of the phase): next to the machine's cores, how much of it the generator took.
	GeneratorCores float64 `json:"generatorCores,omitempty"`
}

// attack sends the URLs in a file (one a line, used round-robin) at a fixed rate over a
// fixed number of connections with vegeta, and prints Figures as JSON. wrk cannot pace
// requests, so the latency-at-a-rate phases use this; peak phases use wrk.
func attack(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("attack", flag.ContinueOnError)
	urls := fs.String("urls", "", "file of URLs, one a line")
	key := fs.String("key", "", "API key sent as a bearer token")
	duration := fs.Duration("duration", 10*time.Second, "how long to attack")
	connections := fs.Int("connections", 32, "connections (and workers)")
	rate := fs.Int("rate", 0, "requests per second")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *rate <= 0 {
		return errors.New("--rate must be positive (peak phases use wrk)")
	}
	targets, err := readTargets(*urls, *key)
	if err != nil {
		return err
	}
	// vegeta costs more CPU a request than wrk, and shares the cores with the server: it
	// keeps no response bodies, and an empty attack name spares a header per request.
	attacker := vegeta.NewAttacker(
		vegeta.Connections(*connections), vegeta.MaxConnections(*connections),
		vegeta.Workers(uint64(*connections)), vegeta.MaxWorkers(uint64(*connections)),
		vegeta.KeepAlive(true), vegeta.Timeout(10*time.Second), vegeta.MaxBody(0),
	)
	var m vegeta.Metrics
	for res := range attacker.Attack(vegeta.NewStaticTargeter(targets...), vegeta.Rate{Freq: *rate, Per: time.Second}, *duration, "") {
		if ctx.Err() != nil {
			attacker.Stop()
		}
		m.Add(res)
	}
	m.Close()
	return json.NewEncoder(os.Stdout).Encode(vegetaFigures(&m, *connections, *rate))
}

func vegetaFigures(m *vegeta.Metrics, connections, rate int) Figures {
	f := Figures{
		Requests: m.Requests, RequestsPerS: m.Throughput, SentRatePerS: m.Rate, TargetRatePerS: float64(rate), Connections: connections,
		P50Ms: ms(m.Latencies.P50), P90Ms: ms(m.Latencies.P90), P99Ms: ms(m.Latencies.P99), MaxMs: ms(m.Latencies.Max),
		Errors: m.Requests - uint64(m.Success*float64(m.Requests)+0.5),
	}
	if len(m.Errors) > 0 {
		f.ErrorSamples = m.Errors[:min(len(m.Errors), 5)]
	}
	return f
}

func readTargets(path, key string) ([]vegeta.Target, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	header := http.Header{"Promptops-Subject": {subject}}
	if key != "" {
		header.Set("Authorization", "Bearer "+key)
	}
	var targets []vegeta.Target
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		targets = append(targets, vegeta.Target{Method: http.MethodGet, URL: sc.Text(), Header: header})
	}
	return targets, sc.Err()
}

// attackAtRate runs vegeta as a separate process, so the bench's own goroutines never
// share its scheduler, and reads its figures.
func (b *bench) attackAtRate(ctx context.Context, urls, key string, d time.Duration, rate int) (Figures, error) {
	ctx, cancel := context.WithTimeout(ctx, d+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, b.self, "attack", "--urls", urls, "--key", key, "--duration", d.String(),
		"--connections", strconv.Itoa(b.o.connections), "--rate", strconv.Itoa(rate))
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return Figures{}, fmt.Errorf("attack: %w: %s", err, errOut.String())
	}
	var f Figures
	return f, json.Unmarshal(out.Bytes(), &f)
}

// writeURLs writes vegeta's URL list: the resolve path of every slug on base.
func writeURLs(path, base string, slugs []string) error {
	var sb strings.Builder
	for _, s := range slugs {
		sb.WriteString(base + resolvePath(s) + "\n")
	}
	return os.WriteFile(path, []byte(sb.String()), 0o644)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
