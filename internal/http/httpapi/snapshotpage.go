package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/prompt/rendering"
)

// snapshotPage is one page of a snapshot, ready to send: the page's prompts are encoded
// one by one as they are read, and only they are kept, so that a snapshot of any size
// takes about a page's bytes (the byte budget) to serve.
type snapshotPage struct {
	env, cursor string
	// prompts are the page's prompts, encoded, separated by commas.
	prompts bytes.Buffer
	count   int
	// last is the slug of the page's last prompt; next the next page's token ("" on the
	// last page).
	last, next string
}

// add puts d on the page, unless the page already holds limit prompts or d would
// take it past budget bytes: a page holds at least one prompt, however large.
func (p *snapshotPage) add(d *rendering.Deployed, limit, budget int) (bool, error) {
	if p.count == limit {
		return false, nil
	}
	raw, err := json.Marshal(snapshotPrompt(d))
	if err != nil {
		return false, fmt.Errorf("encode snapshot of %s: %w", d.Current.Data().Slug, err)
	}
	if p.count > 0 && p.prompts.Len()+1+len(raw) > budget {
		return false, nil
	}
	if p.count > 0 {
		p.prompts.WriteByte(',')
	}
	p.prompts.Write(raw)
	p.count++
	p.last = d.Current.Data().Slug
	return true, nil
}

// VisitGetSnapshotResponse writes the page as the spec's SnapshotResponse, byte for byte
// what encoding the whole api.SnapshotResponse would write, without copying the prompts.
func (p *snapshotPage) VisitGetSnapshotResponse(w http.ResponseWriter) error {
	env, _ := json.Marshal(p.env)
	cursor, _ := json.Marshal(p.cursor)
	head := `{"data":{"cursor":` + string(cursor) + `,"environment":` + string(env)
	if p.next != "" {
		head += `,"nextPageToken":"` + p.next + `"` // base64url: nothing to escape
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("ETag", p.cursor)
	w.WriteHeader(http.StatusOK)
	for _, part := range [][]byte{[]byte(head + `,"prompts":[`), p.prompts.Bytes(), []byte("]}}\n")} {
		if _, err := w.Write(part); err != nil {
			return err
		}
	}
	return nil
}

// pageToken is a position in one state of a snapshot: the cursor of the whole snapshot,
// the fingerprint of what it was made from (snapshotFingerprint), and the slug of the
// last prompt sent. It is opaque to clients, not secret: a changed token only misleads
// its sender, within what its key may read.
type pageToken struct {
	cursor, fingerprint, after string
}

// pageTokenPattern is a decoded page token: version 1, the cursor's 32 hex digits, the
// fingerprint's, and a slug.
var pageTokenPattern = regexp.MustCompile(`^1\.([0-9a-f]{32})\.([0-9a-f]{32})\.([a-z0-9](?:[a-z0-9._-]*[a-z0-9])?)$`)

func (t pageToken) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte("1." + strings.Trim(t.cursor, `"`) + "." + t.fingerprint + "." + t.after))
}

// parsePageToken reads a token String wrote; ok is false for anything else.
func parsePageToken(s string) (t pageToken, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return t, false
	}
	m := pageTokenPattern.FindStringSubmatch(string(raw))
	if m == nil {
		return t, false
	}
	return pageToken{cursor: `"` + m[1] + `"`, fingerprint: m[2], after: m[3]}, true
}

// snapshotFingerprint identifies, in 32 hex digits, the snapshot key's request for slugs
// (nil: every live prompt) would read in tx: its project, environment and slugs, and the
// state of the prompts it is made from. Unlike the cursor it reads no version, so every
// next page checks it.
func (s *Server) snapshotFingerprint(ctx context.Context, tx pgx.Tx, key *auth.Key, slugs []string) (string, error) {
	state, err := s.q.SnapshotFingerprint(ctx, tx, dbsqlc.SnapshotFingerprintParams{ProjectID: key.ProjectID, Environment: key.Environment})
	if err != nil {
		return "", fmt.Errorf("snapshot fingerprint: %w", err)
	}
	asked := "*"
	if slugs != nil {
		asked = strings.Join(slices.Sorted(slices.Values(slugs)), ",")
	}
	sum := sha256.Sum256([]byte(key.ProjectID.String() + "\n" + key.Environment + "\n" + asked + "\n" + state))
	return hex.EncodeToString(sum[:16]), nil
}
