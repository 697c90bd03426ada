package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// Paths are where Write put the image.
type Paths struct {
	// Layout is the OCI image layout directory, Tarball the file docker load takes.
	Layout, Tarball string
}

// refNameAnnotation names an image in an OCI layout's index (what skopeo's
// oci:DIR:NAME refers to).
const refNameAnnotation = "org.opencontainers.image.ref.name"

// Write writes the image into dir, replacing what an earlier build left there: an OCI
// layout (oci/, the image named by its version) and a docker-loadable tarball
// (promptops.tar, tagged latest and version).
func Write(built *Built, dir string) (Paths, error) {
	paths := Paths{Layout: filepath.Join(dir, "oci"), Tarball: filepath.Join(dir, "promptops.tar")}
	if err := os.RemoveAll(paths.Layout); err != nil {
		return Paths{}, fmt.Errorf("remove the previous layout: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Paths{}, fmt.Errorf("image directory: %w", err)
	}
	lp, err := layout.Write(paths.Layout, empty.Index)
	if err != nil {
		return Paths{}, fmt.Errorf("OCI layout: %w", err)
	}
	if err := lp.AppendImage(built.Image, layout.WithAnnotations(map[string]string{refNameAnnotation: built.Versioned.TagStr()})); err != nil {
		return Paths{}, fmt.Errorf("OCI layout: %w", err)
	}
	refs := map[name.Reference]v1.Image{built.Latest: built.Image, built.Versioned: built.Image}
	if err := tarball.MultiRefWriteToFile(paths.Tarball, refs); err != nil {
		return Paths{}, fmt.Errorf("docker tarball: %w", err)
	}
	return paths, nil
}

// compressedSize is the bytes a registry stores and a node pulls: the layers as
// compressed, the config and the manifest.
func compressedSize(img v1.Image) (int64, error) {
	manifest, err := img.Manifest()
	if err != nil {
		return 0, fmt.Errorf("image manifest: %w", err)
	}
	raw, err := img.RawManifest()
	if err != nil {
		return 0, fmt.Errorf("image manifest: %w", err)
	}
	size := manifest.Config.Size + int64(len(raw))
	for _, l := range manifest.Layers {
		size += l.Size
	}
	return size, nil
}
