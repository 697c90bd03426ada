package main

import (
	"fmt"
	"os"

	"github.com/google/pprof/profile"
)

// CPUPerRequest is what one request cost a server in CPU while wrk drove it at full speed,
// from a CPU profile of the phase: all the process's CPU, and the part spent in the HTTP
// handler (below net/http's serverHandler), both in microseconds per request. The
// difference between a phase and the ceiling says where the ratio between them goes.
type CPUPerRequest struct {
	TotalUs   float64 `json:"totalUs"`
	HandlerUs float64 `json:"handlerUs"`
}

// handlerFrame is the frame every request's handler runs under.
const handlerFrame = "net/http.serverHandler.ServeHTTP"

// cpuPerRequest reads the CPU profile at path, taken while the server answered
// requestsPerS, and divides its CPU by the requests answered meanwhile.
func cpuPerRequest(path string, requestsPerS float64) (CPUPerRequest, error) {
	f, err := os.Open(path)
	if err != nil {
		return CPUPerRequest{}, err
	}
	defer f.Close()
	p, err := profile.Parse(f)
	if err != nil {
		return CPUPerRequest{}, err
	}
	cpu := -1
	for i, st := range p.SampleType {
		if st.Type == "cpu" && st.Unit == "nanoseconds" {
			cpu = i
		}
	}
	requests := requestsPerS * float64(p.DurationNanos) / 1e9
	if cpu < 0 || requests <= 0 {
		return CPUPerRequest{}, fmt.Errorf("%s: no CPU samples over a known duration", path)
	}
	var total, handler int64
	for _, s := range p.Sample {
		total += s.Value[cpu]
		if underHandler(s) {
			handler += s.Value[cpu]
		}
	}
	return CPUPerRequest{TotalUs: float64(total) / 1e3 / requests, HandlerUs: float64(handler) / 1e3 / requests}, nil
}

func underHandler(s *profile.Sample) bool {
	for _, loc := range s.Location {
		for _, line := range loc.Line {
			if line.Function != nil && line.Function.Name == handlerFrame {
				return true
			}
		}
	}
	return false
}
