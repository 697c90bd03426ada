package gateway

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/store/idempotency"
)

// idempotencyHeader names the request header of the operations whose spec takes it.
const idempotencyHeader = "Idempotency-Key"

// replayedHeaders are the response headers stored with an answer and replayed with it; the
// others (X-Request-Id, the rate limits) belong to the request that is answered.
var replayedHeaders = []string{"Content-Type", "Etag", "Location"}

var (
	keyReused = &Error{Status: http.StatusConflict, Code: api.ErrorCodeCONFLICT,
		Message: "This Idempotency-Key was used in the last 24 hours for another request (another method, path or body); send a new key with a new request."}
	keyInProgress = &Error{Status: http.StatusConflict, Code: api.ErrorCodeCONFLICT,
		Message: "The first request with this Idempotency-Key is still in progress; retry shortly to receive its answer.",
		Header:  http.Header{"Retry-After": {"1"}}}
)

// idempotent makes a request sent with an Idempotency-Key safe to retry. It runs after
// authentication and validation, so the API key the Idempotency-Key belongs to is known
// and a refused request stores nothing. The first request with a key is done and its
// answer stored, unless the answer is a 5xx (or none: the handler panicked, or the client
// left), which frees the key for a retry; a later request with the same key and
// fingerprint gets the stored answer again, and one with another fingerprint a 409. Past
// the project's quota of kept answers the answer is not kept, and a retry is told so.
func (g *Gateway) idempotent(rt *route, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get(idempotencyHeader)
		// Validation refused an empty key; a dry run keeps nothing, its answer neither.
		if key == "" || rt.policy.dryRun(r) {
			next.ServeHTTP(w, r)
			return
		}
		var body []byte
		if rt.policy.body {
			body, _ = io.ReadAll(r.Body) // validation read it into memory
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		apiKey := info(r.Context()).key
		fingerprint := idempotency.Fingerprint(r.Method, r.URL.RequestURI(), body)
		owner := idempotency.Owner{ProjectID: apiKey.ProjectID, APIKeyID: apiKey.ID}
		res, replay, err := g.idempotency.Begin(r.Context(), owner, key, fingerprint)
		var notKept *idempotency.NotKeptError
		switch {
		case errors.Is(err, idempotency.ErrMismatch):
			WriteError(w, r, keyReused)
		case errors.Is(err, idempotency.ErrInProgress):
			WriteError(w, r, keyInProgress)
		case errors.As(err, &notKept):
			WriteError(w, r, answerNotKept(notKept))
		case err != nil:
			g.HandlerError(w, r, err)
		case replay != nil:
			writeReplay(w, replay)
		default:
			g.serveRecorded(w, r, res, next)
		}
	})
}

// serveRecorded does the request and stores its answer under res before sending it.
func (g *Gateway) serveRecorded(w http.ResponseWriter, r *http.Request, res *idempotency.Reservation, next http.Handler) {
	// The answer is stored, or the key released, even if the client has gone.
	ctx := context.WithoutCancel(r.Context())
	stored := false
	defer func() {
		if stored {
			return
		}
		if err := res.Release(ctx); err != nil {
			g.logger.WarnContext(ctx, "idempotency key left claimed", slog.String("error", err.Error()),
				slog.String("request_id", RequestID(ctx)))
		}
	}()
	buf := &bufferedWriter{header: w.Header()}
	next.ServeHTTP(buf, r)
	if buf.status != 0 && buf.status < http.StatusInternalServerError {
		kept, err := res.Complete(ctx, idempotency.Response{Status: buf.status, Header: replayed(w.Header()), Body: buf.body.Bytes()})
		switch {
		case err != nil:
			g.logger.ErrorContext(ctx, "idempotent answer not stored", slog.String("error", err.Error()),
				slog.String("request_id", RequestID(ctx)))
		case !kept:
			g.logger.InfoContext(ctx, "idempotent answer not kept: the project's stored answers are at their quota",
				slog.String("request_id", RequestID(ctx)))
		}
		stored = err == nil
	}
	if buf.status == 0 {
		return // nothing was written: the client went away
	}
	w.WriteHeader(buf.status)
	_, _ = w.Write(buf.body.Bytes())
}

// answerNotKept is the 409 of a retry whose first request was done without its answer
// kept, its project's stored answers being at their quota: the retry must not do the
// request again, and cannot replay it.
func answerNotKept(e *idempotency.NotKeptError) *Error {
	return &Error{Status: http.StatusConflict, Code: api.ErrorCodeQUOTAEXCEEDED,
		Message: "The first request with this Idempotency-Key was done (answered " + strconv.Itoa(e.Status) + "), but its answer was not kept: " +
			"the project's stored answers had reached their quota of " + strconv.FormatInt(e.QuotaBytes, 10) + " bytes. Read its result instead of retrying.",
		Details: &api.ErrorDetails{Quota: &api.Quota{Resource: api.QuotaResourceIdempotencyBytes, Limit: int(e.QuotaBytes)}}}
}

// replayed picks the headers of an answer worth storing.
func replayed(h http.Header) http.Header {
	out := http.Header{}
	for _, name := range replayedHeaders {
		if v, ok := h[name]; ok {
			out[name] = v
		}
	}
	return out
}

// writeReplay sends a stored answer again, saying that it is one.
func writeReplay(w http.ResponseWriter, resp *idempotency.Response) {
	h := w.Header()
	for k, v := range resp.Header {
		h[k] = v
	}
	h.Set("Idempotent-Replayed", "true")
	w.WriteHeader(resp.Status)
	_, _ = w.Write(resp.Body)
}
