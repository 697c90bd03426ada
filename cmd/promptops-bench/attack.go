package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Figures are one load phase's results.
type Figures struct {
	Requests        uint64   `json:"requests"`
	RequestsPerS    float64  `json:"requestsPerSecond"`
	P50Ms           float64  `json:"p50Ms"`
	P90Ms           float64  `json:"p90Ms"`
	P99Ms           float64  `json:"p99Ms"`
	MaxMs           float64  `json:"maxMs"`
	Errors          uint64   `json:"errors"`
	ErrorSamples    []string `json:"errorSamples,omitempty"`
	Connections     int      `json:"connections"`
	TargetRatePerS  float64  `json:"targetRatePerSecond,omitempty"`
	ServerRSSMB     float64  `json:"serverRssMB,omitempty"`
	ServerPeakRSSMB float64  `json:"serverPeakRssMB,omitempty"`
}

// attack runs vegeta against the URLs in a file (one a line, used round-robin) with a
// fixed number of connections, at full speed or a fixed rate, and prints Figures as JSON.
func attack(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("attack", flag.ContinueOnError)
	urls := fs.String("urls", "", "file of URLs, one a line")
	key := fs.String("key", "", "API key sent as a bearer token")
	duration := fs.Duration("duration", 10*time.Second, "how long to attack")
	connections := fs.Int("connections", 32, "connections (and workers)")
	rate := fs.Int("rate", 0, "requests per second; 0 is as fast as possible")
	if err := fs.Parse(args); err != nil {
		return err
	}
	targets, err := readTargets(*urls, *key)
	if err != nil {
		return err
	}
	attacker := vegeta.NewAttacker(
		vegeta.Connections(*connections), vegeta.MaxConnections(*connections),
		vegeta.Workers(uint64(*connections)), vegeta.MaxWorkers(uint64(*connections)),
		vegeta.KeepAlive(true), vegeta.Timeout(10*time.Second),
	)
	pacer := vegeta.Rate{Freq: *rate, Per: time.Second}
	var m vegeta.Metrics
	for res := range attacker.Attack(vegeta.NewStaticTargeter(targets...), pacer, *duration, "bench") {
		if ctx.Err() != nil {
			attacker.Stop()
		}
		m.Add(res)
	}
	m.Close()
	f := Figures{
		Requests: m.Requests, RequestsPerS: m.Throughput, Connections: *connections,
		P50Ms: ms(m.Latencies.P50), P90Ms: ms(m.Latencies.P90), P99Ms: ms(m.Latencies.P99), MaxMs: ms(m.Latencies.Max),
		Errors: m.Requests - uint64(m.Success*float64(m.Requests)+0.5), TargetRatePerS: float64(*rate),
	}
	if len(m.Errors) > 0 {
		f.ErrorSamples = m.Errors[:min(len(m.Errors), 5)]
	}
	return json.NewEncoder(os.Stdout).Encode(f)
}

func readTargets(path, key string) ([]vegeta.Target, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	header := http.Header{}
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

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
