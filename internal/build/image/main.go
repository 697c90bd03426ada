// Command image builds PromptOps's container image without a Docker daemon: `make image`
// runs it. It compiles cmd/promptops as a static linux binary and puts it, with Debian's CA
// certificates (for webhooks and single sign-on over HTTPS), on an empty base: no shell, no
// /etc/passwd, a numeric non-root user. It writes an OCI layout (.promptops/image/oci, for
// skopeo, crane or a registry) and a tarball that `docker load` and `podman load` take
// (.promptops/image/promptops.tar), tagged promptops:latest and promptops:<version>.
//
// The image needs DATABASE_URL and PROMPTOPS_SECRET_KEY: it holds no PostgreSQL, and its
// environment sets PROMPTOPS_PRIVATE_DATABASE=false, so serve refuses to start without one.
// kubernetes.yaml beside this file deploys it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "image: %v\n", err)
		os.Exit(1)
	}
}

// run parses the flags, builds the image and writes it, then prints what it wrote.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("image", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", ".promptops/image", "directory to write the OCI layout (oci/) and the docker-loadable tarball (promptops.tar) into")
	certs := fs.String("ca-certificates", "/etc/ssl/certs/ca-certificates.crt", "the CA bundle to put in the image (Debian's ca-certificates package)")
	arch := fs.String("arch", runtime.GOARCH, "the image's CPU architecture (GOARCH), amd64 or arm64")
	if err := fs.Parse(args); err != nil {
		return err
	}
	start := time.Now()
	built, err := Build(ctx, Options{CACertificates: *certs, Arch: *arch})
	if err != nil {
		return err
	}
	paths, err := Write(built, *out)
	if err != nil {
		return err
	}
	return report(stdout, built, paths, time.Since(start))
}

// report prints the image's tags, digest and size, where it was written and how to use it.
func report(w io.Writer, built *Built, paths Paths, took time.Duration) error {
	digest, err := built.Image.Digest()
	if err != nil {
		return fmt.Errorf("image digest: %w", err)
	}
	size, err := compressedSize(built.Image)
	if err != nil {
		return err
	}
	tag := built.Versioned.TagStr()
	fmt.Fprintf(w, "image %s and %s %s, %.1f MB compressed, built in %s\n", built.Versioned, built.Latest, digest, float64(size)/1e6, took.Round(100*time.Millisecond))
	fmt.Fprintf(w, "  OCI layout:  %s (skopeo copy oci:%s:%s docker://REGISTRY/promptops:%s)\n", paths.Layout, paths.Layout, tag, tag)
	fmt.Fprintf(w, "  docker load: %s (docker load -i %s)\n", paths.Tarball, paths.Tarball)
	return nil
}
