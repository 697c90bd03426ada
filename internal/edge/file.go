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

// snapshotFile is what the edge writes: the snapshot it serves, when it was current, and
// whose key it is (by hash), so that an edge started with another key does not serve it.
type snapshotFile struct {
	KeyHash   string       `json:"keyHash"`
	CurrentAt time.Time    `json:"currentAt"`
	Snapshot  api.Snapshot `json:"snapshot"`
}

func (e *Edge) keyHash() string {
	sum := sha256.Sum256(e.key)
	return hex.EncodeToString(sum[:])
}

// loadFile serves the snapshot file, if there is one of the edge's key, until the edge
// gets current; what it serves is stale since the file was written.
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
		if err := e.writeFile(e.state.Load()); err != nil {
			e.logger.WarnContext(ctx, "edge snapshot file not written", slog.String("file", e.o.SnapshotFile), slog.String("error", err.Error()))
		}
	}
}

// writeFile replaces the snapshot file atomically: a temporary file in the same
// directory, synced, then renamed over it, so that a crash leaves the old file or the new.
func (e *Edge) writeFile(s *state) error {
	raw, err := json.Marshal(snapshotFile{KeyHash: e.keyHash(), CurrentAt: e.o.NowFunc().UTC(),
		Snapshot: api.Snapshot{Environment: api.Environment(s.env), Cursor: s.cursor, Prompts: s.shown()}})
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
