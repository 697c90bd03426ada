package edge_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkEdgeResolve is a resolve answered by the edge's handler from memory, in process
// (no network): what the edge adds to net/http per request.
func BenchmarkEdgeResolve(b *testing.B) {
	bn := setup(b)
	e := startEdge(b, bn.env.URL, bn.key, "")
	awaitCurrent(b, e)
	h := e.Edge.Handler()
	req := httptest.NewRequest(http.MethodGet, "/api/v1/prompts/greet/resolve", nil)
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
