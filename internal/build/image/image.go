package main

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// What the image holds and how it runs.
const (
	// BinaryPath is the server in the image, its entrypoint.
	BinaryPath = "/promptops"
	// CACertificatesPath is where Go looks first for the system's CA bundle on Linux.
	CACertificatesPath = "/etc/ssl/certs/ca-certificates.crt"
	// User is the image's user and group, numeric since the image has no /etc/passwd:
	// 65532, the nonroot user of distroless images, which runAsNonRoot accepts.
	User = "65532:65532"
	// Port is serve's default listen address, :3001, as the image exposes it.
	Port = "3001/tcp"
	// Repository names the image in its tags: promptops:latest and promptops:<version>.
	Repository = "promptops"
	// licenses is the SPDX identifier of LICENSE (a test holds the two together).
	licenses = "MIT"
)

// Env is the image's environment: no private PostgreSQL (the image has none, so serve
// needs DATABASE_URL) and a log a collector reads as JSON.
var Env = []string{"PROMPTOPS_PRIVATE_DATABASE=false", "PROMPTOPS_LOG_FORMAT=json"}

// Options say what to build the image from.
type Options struct {
	// CACertificates is the CA bundle put in the image.
	CACertificates string
	// Arch is the image's GOARCH.
	Arch string
}

// Built is an image with what it was built from and the tags it goes by.
type Built struct {
	Image  v1.Image
	Source Source
	// Latest is promptops:latest, Versioned promptops:<version>.
	Latest, Versioned name.Tag
}

// Build compiles the binary of the module the current directory is in and makes the
// image of it.
func Build(ctx context.Context, opts Options) (*Built, error) {
	moduleDir, err := moduleRoot(ctx)
	if err != nil {
		return nil, err
	}
	certs, err := os.ReadFile(opts.CACertificates)
	if err != nil {
		return nil, fmt.Errorf("CA certificates (Debian's ca-certificates package): %w", err)
	}
	dir, err := os.MkdirTemp("", "promptops-image-")
	if err != nil {
		return nil, fmt.Errorf("build directory: %w", err)
	}
	defer os.RemoveAll(dir)
	binaryFile := filepath.Join(dir, "promptops")
	if err := compile(ctx, moduleDir, opts.Arch, binaryFile); err != nil {
		return nil, err
	}
	src, err := sourceOf(ctx, binaryFile, moduleDir)
	if err != nil {
		return nil, err
	}
	binary, err := os.ReadFile(binaryFile)
	if err != nil {
		return nil, fmt.Errorf("read the binary: %w", err)
	}
	return assemble(binary, certs, src, opts.Arch)
}

// assemble makes the image: one layer holding the binary and the CA bundle on an empty
// base, and the config that runs serve as User.
func assemble(binary, certs []byte, src Source, arch string) (*Built, error) {
	layer, err := fileLayer(src.Created, map[string]file{
		strings.TrimPrefix(BinaryPath, "/"):         {data: binary, mode: 0o555},
		strings.TrimPrefix(CACertificatesPath, "/"): {data: certs, mode: 0o444},
	})
	if err != nil {
		return nil, err
	}
	img := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err = mutate.Append(img, mutate.Addendum{Layer: layer, History: v1.History{
		Created: v1.Time{Time: src.Created}, CreatedBy: "go run ./internal/build/image", Comment: "promptops and the CA certificates",
	}})
	if err != nil {
		return nil, fmt.Errorf("add the layer: %w", err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("image config: %w", err)
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture, cfg.Created = "linux", arch, v1.Time{Time: src.Created}
	cfg.Config = runConfig(src)
	if img, err = mutate.ConfigFile(img, cfg); err != nil {
		return nil, fmt.Errorf("set the image config: %w", err)
	}
	return tagged(img, src)
}

// runConfig is how the image runs: promptops serve by default (the command is the
// entrypoint's argument, so `docker run IMAGE migrate` runs migrate), and its labels.
func runConfig(src Source) v1.Config {
	return v1.Config{
		Entrypoint:   []string{BinaryPath},
		Cmd:          []string{"serve"},
		User:         User,
		Env:          Env,
		ExposedPorts: map[string]struct{}{Port: {}},
		WorkingDir:   "/",
		Labels: map[string]string{
			"org.opencontainers.image.title":    "promptops",
			"org.opencontainers.image.version":  src.Version,
			"org.opencontainers.image.revision": src.Revision,
			"org.opencontainers.image.created":  src.Created.UTC().Format(time.RFC3339),
			"org.opencontainers.image.source":   "https://" + src.Module,
			"org.opencontainers.image.licenses": licenses,
		},
	}
}

// tagged names the image promptops:latest and promptops:<version>; a tag cannot hold the
// + of a version's build metadata (+dirty), so it becomes a dash.
func tagged(img v1.Image, src Source) (*Built, error) {
	latest, err := name.NewTag(Repository + ":latest")
	if err != nil {
		return nil, fmt.Errorf("tag: %w", err)
	}
	versioned, err := name.NewTag(Repository + ":" + strings.ReplaceAll(src.Version, "+", "-"))
	if err != nil {
		return nil, fmt.Errorf("tag of version %q: %w", src.Version, err)
	}
	return &Built{Image: img, Source: src, Latest: latest, Versioned: versioned}, nil
}

// file is a regular file of a layer.
type file struct {
	data []byte
	mode int64
}

// fileLayer is a layer of files (by path without the leading slash), owned by root, not
// writable, dated modTime so that the same files give the same layer, with their parent
// directories.
func fileLayer(modTime time.Time, files map[string]file) (v1.Layer, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	dirs := map[string]bool{}
	for _, path := range slices.Sorted(maps.Keys(files)) {
		for _, dir := range parents(path) {
			if dirs[dir] {
				continue
			}
			dirs[dir] = true
			if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: dir + "/", Mode: 0o555, ModTime: modTime, Format: tar.FormatPAX}); err != nil {
				return nil, fmt.Errorf("layer: %w", err)
			}
		}
		f := files[path]
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: path, Mode: f.mode, Size: int64(len(f.data)), ModTime: modTime, Format: tar.FormatPAX}); err != nil {
			return nil, fmt.Errorf("layer: %w", err)
		}
		if _, err := tw.Write(f.data); err != nil {
			return nil, fmt.Errorf("layer: %w", err)
		}
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("layer: %w", err)
	}
	data := buf.Bytes()
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
		tarball.WithMediaType(types.OCILayer), tarball.WithCompressedCaching)
	if err != nil {
		return nil, fmt.Errorf("layer: %w", err)
	}
	return layer, nil
}

// parents are the directories above path, outermost first ("etc", "etc/ssl", ...).
func parents(path string) []string {
	var dirs []string
	for i, c := range path {
		if c == '/' {
			dirs = append(dirs, path[:i])
		}
	}
	return dirs
}
