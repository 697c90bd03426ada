package edge_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkEdgeResolve is a resolve answered by the edge's handler from memory, in process
// (no network): what the edge adds to net/http per request.
func BenchmarkEdgeResolve(b *testing.B) {
	benchmarkEdgeResolve(b, "/api/v1/prompts/greet/resolve")
}

// BenchmarkEdgeResolveQuery is BenchmarkEdgeResolve with a query the edge answers itself
// (a subject and compose; a version would be sent to the server), which it checks and reads.
func BenchmarkEdgeResolveQuery(b *testing.B) {
	benchmarkEdgeResolve(b, "/api/v1/prompts/greet/resolve?subject=user-42&compose=true")
}

func benchmarkEdgeResolve(b *testing.B, target string) {
	bn := setup(b)
	e := startEdge(b, bn.env.URL, bn.key, "")
	awaitCurrent(b, e)
	h := e.Edge.Handler()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Authorization", "Bearer "+bn.key)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}
