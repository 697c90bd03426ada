package console

import (
	"errors"
	"mime"
	"net/http"
	"strconv"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/http/gateway"
)

// What a console request may send. Every console form is URL-encoded (none uploads a
// file), so nothing else is read: a multipart body would be spooled to temporary files
// before any check could run. A signed-in form may hold a version's messages; the
// sign-in form holds a key and a token.
const (
	formType = "application/x-www-form-urlencoded"
	// FormLimit is the largest body of a signed-in form, in bytes.
	FormLimit = 512 << 10
	// SignInLimit is the largest body of the sign-in form, in bytes.
	SignInLimit = 4 << 10
)

// limitBodies refuses from its headers alone a body the console would not read: one that
// is not a URL-encoded form (415), or one declared larger than FormLimit (413). The body
// of what it lets through cannot be read past FormLimit; a handler reads it only after
// checking what the headers carry (the session, or the sign-in token), with readForm.
func (c *Console) limitBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost && (r.Body == nil || r.Body == http.NoBody) {
			next.ServeHTTP(w, r)
			return
		}
		if media, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); media != formType {
			c.refused(w, r, nil, &api.Error{Error: api.ErrorBody{Code: api.ErrorCodeUNSUPPORTEDMEDIATYPE,
				Message:   "The console takes forms sent as " + formType + " only, not " + strconv.Quote(r.Header.Get("Content-Type")) + ".",
				RequestId: gateway.RequestID(r.Context())}})
			return
		}
		if r.ContentLength > FormLimit {
			c.tooLarge(w, r, FormLimit)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, FormLimit)
		next.ServeHTTP(w, r)
	})
}

// readForm parses the request's form, its query and (for a post) at most limit bytes of
// body, and refuses text that no field may hold (a NUL character, invalid UTF-8), as the
// API refuses it in a query; when it cannot, it has answered the request. s is the
// session, nil on the sign-in page.
func (c *Console) readForm(w http.ResponseWriter, r *http.Request, s *session, limit int64) bool {
	if r.ContentLength > limit {
		c.tooLarge(w, r, limit)
		return false
	}
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
	}
	err := r.ParseForm()
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		c.tooLarge(w, r, limit)
		return false
	case err != nil:
		c.refused(w, r, s, &api.Error{Error: api.ErrorBody{Code: api.ErrorCodeVALIDATIONERROR,
			Message: "The form could not be read: " + err.Error(), RequestId: gateway.RequestID(r.Context())}})
		return false
	}
	if bad := gateway.CheckValues(r.Form); bad != nil {
		e := gateway.Body(r.Context(), bad.Code, bad.Message, bad.Details)
		c.refused(w, r, s, &e)
		return false
	}
	return true
}

// tooLarge answers a body over limit bytes.
func (c *Console) tooLarge(w http.ResponseWriter, r *http.Request, limit int64) {
	c.refused(w, r, nil, &api.Error{Error: api.ErrorBody{Code: api.ErrorCodePAYLOADTOOLARGE,
		Message:   "The form is larger than the console takes (" + strconv.FormatInt(limit, 10) + " bytes); send a version this large through the API.",
		RequestId: gateway.RequestID(r.Context())}})
}
