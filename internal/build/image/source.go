package main

import (
	"context"
	"debug/buildinfo"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Source is what an image was built from, as its labels say.
type Source struct {
	// Module is the main module's path (github.com/promptops/promptops).
	Module string
	// Version is the module version Go stamped in the binary (promptops version prints
	// it), or in a git worktree the pseudo-version Go would have stamped.
	Version string
	// Revision is the commit, and Created its time: the image's creation time, so that one
	// commit always gives the same image.
	Revision string
	Created  time.Time
}

// compile builds cmd/promptops of the module in moduleDir for linux/arch into out: static
// (no cgo), with paths trimmed and symbols stripped. -buildvcs=auto overrides a
// GOFLAGS=-buildvcs=false, so that the binary knows its commit.
func compile(ctx context.Context, moduleDir, arch, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-buildvcs=auto", "-ldflags=-s -w", "-o", out, "./cmd/promptops")
	cmd.Dir = moduleDir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+arch)
	if output, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/promptops: %w\n%s", err, output)
	}
	return nil
}

// moduleRoot is the directory of the main module that the current directory is in.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside the promptops module: run from its checkout")
	}
	return filepath.Dir(gomod), nil
}

// sourceOf reads what the binary says it was built from. Go stamps the commit only when
// .git is a directory: in a git worktree (a .git file) the commit comes from git instead.
func sourceOf(ctx context.Context, binary, moduleDir string) (Source, error) {
	info, err := buildinfo.ReadFile(binary)
	if err != nil {
		return Source{}, fmt.Errorf("read the build info of %s: %w", binary, err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	src := Source{Module: info.Main.Path, Version: info.Main.Version, Revision: settings["vcs.revision"]}
	if src.Revision == "" {
		return gitSource(ctx, src.Module, moduleDir)
	}
	if src.Created, err = time.Parse(time.RFC3339, settings["vcs.time"]); err != nil {
		return Source{}, fmt.Errorf("the binary's vcs.time: %w", err)
	}
	return src, nil
}

// gitSource asks git for the commit checked out in dir, and names it by the
// pseudo-version Go gives an untagged commit (v0.0.0-20261206121624-9d8efac32a9b, +dirty
// when files differ from it).
func gitSource(ctx context.Context, module, dir string) (Source, error) {
	git := func(args ...string) (string, error) {
		out, err := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...).Output()
		if err != nil {
			return "", fmt.Errorf("git %s: %w; the image's labels need the commit it is built from", strings.Join(args, " "), err)
		}
		return strings.TrimSpace(string(out)), nil
	}
	revision, err := git("rev-parse", "HEAD")
	if err != nil {
		return Source{}, err
	}
	unix, err := git("show", "-s", "--format=%ct", "HEAD")
	if err != nil {
		return Source{}, err
	}
	seconds, err := strconv.ParseInt(unix, 10, 64)
	if err != nil {
		return Source{}, fmt.Errorf("commit time %q: %w", unix, err)
	}
	status, err := git("status", "--porcelain")
	if err != nil {
		return Source{}, err
	}
	created := time.Unix(seconds, 0).UTC()
	version := fmt.Sprintf("v0.0.0-%s-%s", created.Format("20060102150405"), revision[:12])
	if status != "" {
		version += "+dirty"
	}
	return Source{Module: module, Version: version, Revision: revision, Created: created}, nil
}
