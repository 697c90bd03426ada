package promptsync

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/promptfile"
)

// Pulled is what Pull did with one prompt.
type Pulled struct {
	Slug    string `json:"slug"`
	File    string `json:"file,omitempty"`
	Version int    `json:"version,omitempty"`
	// Status is "written", "unchanged" (the file already said it), or "skipped" (no
	// version, or none live in the environment).
	Status string `json:"status"`
}

// Pull writes a file into dir for every prompt of the project: its newest version, or
// with env the version live there. A file that exists keeps its shape of content
// (messages, or systemPrompt and userTemplate) and is rewritten only when it would
// change; files of prompts the project lacks are left alone. Every file is read and
// written through an os.Root of dir, so that nothing the server sends, nor a symbolic
// link in dir, can make it touch a file outside dir; a slug that is not one is refused
// before anything is written (listPrompts).
func (c *Client) Pull(ctx context.Context, dir string, env api.Environment) ([]Pulled, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	listed, err := c.listPrompts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Pulled, 0, len(listed))
	for _, item := range listed {
		p, err := c.prompt(ctx, item.Slug)
		if err != nil {
			return out, err
		}
		if p == nil {
			continue // deleted since the list
		}
		pulled, err := c.pullOne(ctx, root, p, env)
		if err != nil {
			return out, err
		}
		out = append(out, pulled)
	}
	return out, nil
}

func (c *Client) pullOne(ctx context.Context, root *os.Root, p *api.PromptDetail, env api.Environment) (Pulled, error) {
	result := Pulled{Slug: p.Slug, Status: "skipped"}
	v := latest(p)
	if env != "" {
		d := deployment(p, env)
		if d == nil {
			return result, nil
		}
		var err error
		if v, err = c.versionNumbered(ctx, p, d.VersionNumber); err != nil {
			return result, err
		}
	}
	if v == nil {
		return result, nil
	}
	name := promptfile.FileName(p.Slug)
	path := filepath.Join(root.Name(), name)
	old, err := root.ReadFile(name)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return result, err
	}
	asMessages := false
	if existing, err := promptfile.Parse(path, old); err == nil {
		asMessages = existing.UsesMessages()
	}
	data, err := promptfile.Marshal(promptfile.FromVersion(p.Name, descriptionOf(p), p.Tags, *v, asMessages))
	if err != nil {
		return result, fmt.Errorf("%s: %w", path, err)
	}
	result.File, result.Version, result.Status = path, v.VersionNumber, "unchanged"
	if bytes.Equal(old, data) {
		return result, nil
	}
	result.Status = "written"
	return result, writeFile(root, name, data)
}

// writeFile replaces name in root with data at once (a new file renamed over it), so that
// an interrupted pull leaves every file whole.
func writeFile(root *os.Root, name string, data []byte) error {
	tmp := ".pull-" + rand.Text()
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer root.Remove(tmp) // fails harmlessly once renamed
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return root.Rename(tmp, name)
}
