package edge

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/promptops/promptops/gen/api"
)

// snapshotFile is what the edge writes: the snapshot it serves, when it was current,
// whose key it is (by hash), so that an edge started with another key does not serve it,
// and when that key expires. Once the key is revoked or expired it holds only why.
type snapshotFile struct {
	KeyHash      string        `json:"keyHash"`
	CurrentAt    time.Time     `json:"currentAt"`
	KeyExpiresAt *time.Time    `json:"keyExpiresAt,omitempty"`
	Revoked      string        `json:"revoked,omitempty"`
	Snapshot     *api.Snapshot `json:"snapshot,omitempty"`
}

func (e *Edge) keyHash() string {
	sum := sha256.Sum256(e.key)
	return hex.EncodeToString(sum[:])
}

// loadFile serves the snapshot file, if there is one of the edge's key, until the edge
// gets current; what it serves is stale since the file was written. A file of a key
// revoked, or expired by now, makes the edge serve nothing.
func (e *Edge) loadFile() error {
	if e.o.SnapshotFile == "" {
		return nil
	}
	raw, err := os.ReadFile(e.o.SnapshotFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var f snapshotFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return fmt.Errorf("read %s: %w", e.o.SnapshotFile, err)
	}
	if f.KeyHash != e.keyHash() {
		return errors.New("it was written for another API key")
	}
	if f.Revoked != "" {
		e.revoked.Store(&f.Revoked)
		e.logger.Error("edge serves nothing: its snapshot file says its API key can no longer be used", slog.String("file", e.o.SnapshotFile),
			slog.String("reason", f.Revoked))
		return nil
	}
	e.setExpiry(f.KeyExpiresAt)
	if e.refusal() != nil || f.Snapshot == nil {
		return nil
	}
	s, err := newState(string(f.Snapshot.Environment), f.Snapshot.Prompts, e.o.RenderLimit)
	if err != nil {
		return err
	}
	e.state.Store(s)
	e.currentAt.Store(f.CurrentAt.UnixNano())
	e.logger.Info("edge serving its snapshot file until it reaches the server", slog.String("file", e.o.SnapshotFile),
		slog.Int("prompts", len(s.prompts)), slog.Time("current_at", f.CurrentAt))
	return nil
}

// writeFiles writes the snapshot file whenever what the edge serves changes, until ctx
// ends. Writes of changes that come quickly one after another are merged: each writes the
// newest state.
func (e *Edge) writeFiles(ctx context.Context) {
	if e.o.SnapshotFile == "" {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-e.dirty:
		}
		if err := e.writeState(e.state.Load()); err != nil {
			e.logger.WarnContext(ctx, "edge snapshot file not written", slog.String("file", e.o.SnapshotFile), slog.String("error", err.Error()))
		}
	}
}

// writeState writes s to the snapshot file, unless the key can no longer be used.
func (e *Edge) writeState(s *state) error {
	e.fileMu.Lock()
	defer e.fileMu.Unlock()
	if e.revoked.Load() != nil {
		return nil
	}
	f := snapshotFile{KeyHash: e.keyHash(), CurrentAt: e.o.NowFunc().UTC(),
		Snapshot: &api.Snapshot{Environment: api.Environment(s.env), Cursor: s.cursor, Prompts: s.shown()}}
	if at := e.expiresAt.Load(); at != 0 {
		t := time.Unix(0, at).UTC()
		f.KeyExpiresAt = &t
	}
	return e.writeFile(f)
}

// writeRevoked replaces the snapshot file with why the key can no longer be used: the
// prompts go, and an edge started from the file serves nothing.
func (e *Edge) writeRevoked(reason string) error {
	if e.o.SnapshotFile == "" {
		return nil
	}
	e.fileMu.Lock()
	defer e.fileMu.Unlock()
	return e.writeFile(snapshotFile{KeyHash: e.keyHash(), CurrentAt: e.o.NowFunc().UTC(), Revoked: reason})
}

// writeFile replaces the snapshot file with f atomically: a temporary file in the same
// directory, synced, then renamed over it, so that a crash leaves the old file or the new.
func (e *Edge) writeFile(f snapshotFile) error {
	raw, err := json.Marshal(f)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(e.o.SnapshotFile), ".edge-snapshot-*") // mode 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), e.o.SnapshotFile)
}
