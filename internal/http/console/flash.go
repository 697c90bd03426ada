package console

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
)

// flash is what a post made that the page it sends the browser to shows once
// (post/redirect/get): a reload, or the back button, gets the page without it, and posts
// nothing again. It holds a created key or a rotated secret in full, so it is kept sealed
// under a key derived from the session id, which only the browser holds.
type flash struct {
	Notice     string              `json:"notice,omitempty"`
	Warnings   []string            `json:"warnings,omitempty"`
	CreatedKey *api.CreatedApiKey  `json:"createdKey,omitempty"`
	Rotated    *api.RotatedWebhook `json:"rotated,omitempty"`
	// CreatedToken is a personal token, Invitation an invitation, with its token in full.
	CreatedToken *api.CreatedToken      `json:"createdToken,omitempty"`
	Invitation   *api.CreatedInvitation `json:"invitation,omitempty"`
}

// flashTTL bounds how long a flash waits for its page, which the browser asks for at once.
const flashTTL = 5 * time.Minute

// redirectWithFlash sends the browser to target (a console path), where f is shown once.
// If f cannot be stored, or another flash of the session waits for its page, f is shown
// at once instead (show), rather than lost: only a reload of that answer would post again.
func (c *Console) redirectWithFlash(w http.ResponseWriter, r *http.Request, s *session, target string, f flash, show func()) {
	if err := c.putFlash(r.Context(), s, target, f); err != nil {
		if !errors.Is(err, errFlashPending) {
			c.o.Logger.WarnContext(r.Context(), "console: store a flash", slog.String("error", err.Error()))
		}
		show()
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (c *Console) putFlash(ctx context.Context, s *session, target string, f flash) error {
	plain, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("encode flash: %w", err)
	}
	aead, err := flashCipher(s.id)
	if err != nil {
		return err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	_, _ = rand.Read(nonce) // crypto/rand never fails
	now := c.o.NowFunc()
	stored, err := c.q.ConsoleFlashPut(ctx, c.o.Pool, dbsqlc.ConsoleFlashPutParams{
		SessionIDHash: s.idHash[:], Page: target, Sealed: aead.Seal(nonce, nonce, plain, []byte(target)), Now: now,
		StaleBefore: now.Add(-flashTTL),
	})
	if err == nil && stored == 0 {
		return errFlashPending
	}
	return err
}

// errFlashPending is putFlash's answer when the session has a flash its page has not taken
// yet (another tab's post, say): that one is kept, and the new one is shown at once.
var errFlashPending = errors.New("the session has a flash not taken yet")

// takeFlash deletes and returns the session's flash for target (a console path): the
// zero flash when there is none, it is stale, or it cannot be read (logged).
func (c *Console) takeFlash(ctx context.Context, s *session, target string) flash {
	row, err := c.q.ConsoleFlashTake(ctx, c.o.Pool, dbsqlc.ConsoleFlashTakeParams{SessionIDHash: s.idHash[:], Page: target})
	if errors.Is(err, pgx.ErrNoRows) || err == nil && c.o.NowFunc().Sub(row.CreatedAt) > flashTTL {
		return flash{}
	}
	var f flash
	if err == nil {
		err = openFlash(s.id, target, row.Sealed, &f)
	}
	if err != nil {
		c.o.Logger.WarnContext(ctx, "console: take a flash", slog.String("error", err.Error()))
		return flash{}
	}
	return f
}

func openFlash(sessionID, target string, sealed []byte, f *flash) error {
	aead, err := flashCipher(sessionID)
	if err != nil {
		return err
	}
	n := aead.NonceSize()
	if len(sealed) < n {
		return errors.New("sealed flash too short")
	}
	plain, err := aead.Open(nil, sealed[:n], sealed[n:], []byte(target))
	if err != nil {
		return fmt.Errorf("open flash: %w", err)
	}
	return json.Unmarshal(plain, f)
}

// flashCipher seals a session's flashes, under a key derived from its id (HKDF).
func flashCipher(sessionID string) (cipher.AEAD, error) {
	k, err := hkdf.Key(sha256.New, []byte(sessionID), nil, "promptops console flash", 32)
	if err != nil {
		return nil, fmt.Errorf("derive flash key: %w", err)
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, fmt.Errorf("flash cipher: %w", err)
	}
	return cipher.NewGCM(block)
}
