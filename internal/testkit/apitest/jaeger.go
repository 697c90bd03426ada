package apitest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Jaeger is a real Jaeger (v2: an OpenTelemetry Collector that keeps traces in memory and
// answers queries) on loopback, started for one test: spans are exported to OTLPEndpoint,
// and read back with Trace.
type Jaeger struct {
	// OTLPEndpoint is the base URL of its OTLP/HTTP receiver (OTEL_EXPORTER_OTLP_ENDPOINT).
	OTLPEndpoint string
	queryURL     string
}

// jaegerConfig is the collector's configuration: OTLP in, memory storage, the query API;
// every listener on a loopback port of the test's, and none of the collector's own metrics
// or traces (whose default ports, 8888 and 4317, would clash between tests).
const jaegerConfig = `service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    traces:
      level: none
    logs:
      level: error
extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 10000
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:%d
    grpc:
      endpoint: 127.0.0.1:%d
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:%d
processors:
  batch:
    timeout: 100ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`

// StartJaeger starts the Jaeger that `make deps/jaeger` builds into .promptops/bin (or
// PROMPTOPS_JAEGER) for the test, stopped when it ends. Without it the test fails, saying
// how to build it; under -short it is skipped, saying so.
func StartJaeger(t *testing.T) *Jaeger {
	t.Helper()
	bin := jaegerBinary()
	if _, err := os.Stat(bin); err != nil {
		if testing.Short() {
			t.Skipf("no Jaeger at %s, so traces are not checked against a real OTLP receiver (-short); `make deps/jaeger` builds it", bin)
		}
		t.Fatalf("no Jaeger at %s: `make deps/jaeger` builds it (make test does)", bin)
	}
	ports := freePorts(t, 3)
	cfgFile := filepath.Join(t.TempDir(), "jaeger.yaml")
	require.NoError(t, os.WriteFile(cfgFile, fmt.Appendf(nil, jaegerConfig, ports[0], ports[1], ports[2]), 0o600))
	cmd := exec.Command(bin, "--config", cfgFile)
	// Jaeger's query service traces itself to OTLP's default address (127.0.0.1:4317), which
	// no test starts: it samples none of its own spans, so it sends nothing there.
	cmd.Env = append(os.Environ(), "OTEL_TRACES_SAMPLER=always_off")
	cmd.Stdout, cmd.Stderr = t.Output(), t.Output()
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	j := &Jaeger{
		OTLPEndpoint: "http://127.0.0.1:" + strconv.Itoa(ports[2]),
		queryURL:     "http://127.0.0.1:" + strconv.Itoa(ports[0]),
	}
	j.waitReady(t, exited)
	return j
}

// waitReady polls the query API until it answers (or the process exits).
func (j *Jaeger) waitReady(t *testing.T, exited <-chan error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			t.Fatalf("jaeger exited at start: %v", err)
		default:
		}
		if resp, err := http.Get(j.queryURL + "/api/services"); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("jaeger's query API did not answer within 30s")
}

// JaegerSpan is a span as Jaeger's query API shows it.
type JaegerSpan struct {
	TraceID       string `json:"traceID"`
	SpanID        string `json:"spanID"`
	OperationName string `json:"operationName"`
	References    []struct {
		RefType string `json:"refType"`
		TraceID string `json:"traceID"`
		SpanID  string `json:"spanID"`
	} `json:"references"`
	Tags []struct {
		Key   string `json:"key"`
		Value any    `json:"value"`
	} `json:"tags"`
	ProcessID string `json:"processID"`
}

// Tag is the value of the span's attribute key as a string ("" when it has none).
func (s JaegerSpan) Tag(key string) string {
	for _, tag := range s.Tags {
		if tag.Key == key {
			return fmt.Sprint(tag.Value)
		}
	}
	return ""
}

// Parent is the id of the span's parent in its trace ("" for a root).
func (s JaegerSpan) Parent() string {
	for _, ref := range s.References {
		if ref.RefType == "CHILD_OF" && ref.TraceID == s.TraceID {
			return ref.SpanID
		}
	}
	return ""
}

// Trace waits until Jaeger holds a trace of id (32 hex digits) for which done is true,
// and returns its spans.
func (j *Jaeger) Trace(t *testing.T, id string, done func([]JaegerSpan) bool) []JaegerSpan {
	t.Helper()
	return j.poll(t, "trace "+id, "/api/traces/"+id, done)
}

// Traces waits until Jaeger holds traces of service for which done is true (their spans
// together), and returns their spans.
func (j *Jaeger) Traces(t *testing.T, service string, done func([]JaegerSpan) bool) []JaegerSpan {
	t.Helper()
	return j.poll(t, "traces of "+service, "/api/traces?limit=1000&lookback=1h&service="+service, done)
}

// Services are the names of the services Jaeger holds spans of.
func (j *Jaeger) Services(t *testing.T) []string {
	t.Helper()
	resp, err := http.Get(j.queryURL + "/api/services")
	require.NoError(t, err)
	defer resp.Body.Close()
	var body struct {
		Data []string `json:"data"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return body.Data
}

// poll asks path until done is true of the spans it answers, for at most 30 seconds: the
// exporter batches, so spans arrive a little after their requests.
func (j *Jaeger) poll(t *testing.T, what, path string, done func([]JaegerSpan) bool) []JaegerSpan {
	t.Helper()
	var spans []JaegerSpan
	var err error
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		spans, err = j.get(path)
		if err == nil && done(spans) {
			return spans
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("jaeger: %s not as expected within 30s (last error: %v); spans: %s", what, err, describe(spans))
	return nil
}

// get reads the spans of every trace path answers with.
func (j *Jaeger) get(path string) ([]JaegerSpan, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, j.queryURL+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil, errors.New("no such trace yet")
	}
	var body struct {
		Data []struct {
			Spans []JaegerSpan `json:"spans"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return nil, fmt.Errorf("status %d: %w", resp.StatusCode, err)
	}
	var spans []JaegerSpan
	for _, tr := range body.Data {
		spans = append(spans, tr.Spans...)
	}
	return spans, nil
}

// describe lists spans' names, for a failure message.
func describe(spans []JaegerSpan) string {
	names := make([]string, len(spans))
	for i, s := range spans {
		names[i] = s.OperationName
	}
	return fmt.Sprint(names)
}

// jaegerBinary is PROMPTOPS_JAEGER, or .promptops/bin/jaeger in the module's root.
func jaegerBinary() string {
	if p := os.Getenv("PROMPTOPS_JAEGER"); p != "" {
		return p
	}
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, ".promptops", "bin", "jaeger")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return filepath.Join(".promptops", "bin", "jaeger")
		}
		dir = parent
	}
}

// freePorts are n loopback ports free a moment ago.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	ports := make([]int, n)
	for i := range ports {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer ln.Close()
		ports[i] = ln.Addr().(*net.TCPAddr).Port
	}
	return ports
}
