package httpapi_test

import (
	"net/http"
	"testing"
)

func BenchmarkResolveParallel(b *testing.B) {
	h, key := benchHandler(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		req := authorized(http.MethodGet, "/api/v1/prompts/hot/resolve", key)
		w := &discardWriter{header: http.Header{}}
		for pb.Next() {
			clear(w.header)
			w.status = 0
			h.ServeHTTP(w, req)
		}
	})
}
