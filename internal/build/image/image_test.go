package main

import (
	"archive/tar"
	"bytes"
	"context"
	"debug/elf"
	"errors"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/secrets"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Run(m)) }

// shells are names of shells and of the tools that carry one (busybox): none may be in
// the image.
var shells = []string{"sh", "bash", "ash", "dash", "zsh", "ksh", "busybox", "toybox"}

// TestImage builds the image as make image does, reads it back from the OCI layout (and
// the docker tarball), checks how it runs and what it holds, then runs the binary taken
// out of its layer with the image's environment.
func TestImage(t *testing.T) {
	apitest.SkipIfShort(t, "compiling the binary for the image")
	t.Parallel()
	ctx := context.Background()
	built, err := Build(ctx, Options{CACertificates: "/etc/ssl/certs/ca-certificates.crt", Arch: runtime.GOARCH})
	require.NoError(t, err)
	paths, err := Write(built, t.TempDir())
	require.NoError(t, err)
	img := readLayout(t, paths.Layout, built.Versioned.TagStr())
	cfg, err := img.ConfigFile()
	require.NoError(t, err)
	files := layerFiles(t, img)
	binary := filepath.Join(t.TempDir(), "promptops")
	require.NoError(t, os.WriteFile(binary, files[strings.TrimPrefix(BinaryPath, "/")], 0o755))

	t.Run("DockerTarballHoldsTheSameImage", func(t *testing.T) {
		t.Parallel()
		for _, tag := range []name.Tag{built.Latest, built.Versioned} {
			fromTar, err := tarball.ImageFromPath(paths.Tarball, &tag)
			require.NoError(t, err, tag)
			want, err := img.ConfigName()
			require.NoError(t, err)
			got, err := fromTar.ConfigName()
			require.NoError(t, err)
			require.Equal(t, want, got, tag)
		}
	})

	t.Run("Config", func(t *testing.T) {
		t.Parallel()
		require.Equal(t, "linux", cfg.OS)
		require.Equal(t, runtime.GOARCH, cfg.Architecture)
		require.Regexp(t, `^[1-9][0-9]*:[1-9][0-9]*$`, cfg.Config.User, "a numeric user and group, not root")
		require.Equal(t, []string{"/promptops"}, cfg.Config.Entrypoint)
		require.Equal(t, []string{"serve"}, cfg.Config.Cmd)
		require.Contains(t, cfg.Config.Env, "PROMPTOPS_PRIVATE_DATABASE=false")
		require.Equal(t, map[string]struct{}{"3001/tcp": {}}, cfg.Config.ExposedPorts)
		require.Equal(t, built.Source.Created, cfg.Created.Time.UTC(), "dated by its commit")
	})

	t.Run("Labels", func(t *testing.T) {
		t.Parallel()
		labels := cfg.Config.Labels
		require.Regexp(t, `^v[0-9]+\.[0-9]+\.[0-9]+`, labels["org.opencontainers.image.version"])
		require.Equal(t, built.Source.Version, labels["org.opencontainers.image.version"])
		require.Regexp(t, `^[0-9a-f]{40}$`, labels["org.opencontainers.image.revision"])
		require.Equal(t, "https://github.com/promptops/promptops", labels["org.opencontainers.image.source"])
		require.Equal(t, "promptops", labels["org.opencontainers.image.title"])
		license, err := os.ReadFile("../../../LICENSE")
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(string(license), labels["org.opencontainers.image.licenses"]+" License\n"), "the label names LICENSE's license")
	})

	t.Run("OnlyTheBinaryAndCertificates", func(t *testing.T) {
		t.Parallel()
		require.ElementsMatch(t, []string{"etc/", "etc/ssl/", "etc/ssl/certs/", "etc/ssl/certs/ca-certificates.crt", "promptops"}, slices.Collect(maps.Keys(files)))
		for name := range files {
			require.NotContains(t, shells, path.Base(strings.TrimSuffix(name, "/")), "a shell in the image")
		}
		certs, err := os.ReadFile("/etc/ssl/certs/ca-certificates.crt")
		require.NoError(t, err)
		require.Equal(t, certs, files["etc/ssl/certs/ca-certificates.crt"])
	})

	t.Run("BinaryIsStatic", func(t *testing.T) {
		t.Parallel()
		f, err := elf.Open(binary)
		require.NoError(t, err)
		defer f.Close()
		for _, p := range f.Progs {
			require.NotEqual(t, elf.PT_INTERP, p.Type, "the binary needs a dynamic loader, which the image has not")
		}
	})

	t.Run("Version", func(t *testing.T) {
		t.Parallel()
		out, err := imageCommand(ctx, cfg, binary, nil, "version").Output()
		require.NoError(t, err)
		// Go stamps the commit in a clone, not in a git worktree (whose .git is a file): then
		// the labels come from git and the binary says (devel).
		if m := regexp.MustCompile(`(?m)^revision  ([0-9a-f]{40})`).FindStringSubmatch(string(out)); m != nil {
			require.Equal(t, cfg.Config.Labels["org.opencontainers.image.revision"], m[1])
			require.True(t, strings.HasPrefix(string(out), "promptops "+built.Source.Version+"\n"), string(out))
		} else {
			t.Logf("the binary was built in a git worktree, where Go stamps no commit: %q", out)
			require.True(t, strings.HasPrefix(string(out), "promptops (devel)\n"), string(out))
		}
	})

	t.Run("ServeListensOnTheExposedPort", func(t *testing.T) {
		t.Parallel()
		var help bytes.Buffer
		cmd := imageCommand(ctx, cfg, binary, nil, "serve", "--help")
		cmd.Stderr = &help
		require.NoError(t, cmd.Run())
		require.Regexp(t, `listen address \(PROMPTOPS_ADDR; PORT=n means :n\) \(default ":3001"\)`, help.String())
	})

	t.Run("ServeRefusesWithoutDatabaseURL", func(t *testing.T) {
		t.Parallel()
		// Bounded, should it start after all (on a private database it cannot have).
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		out, err := imageCommand(ctx, cfg, binary, nil, "serve").CombinedOutput()
		var exit *exec.ExitError
		require.ErrorAs(t, err, &exit, string(out))
		require.Equal(t, 1, exit.ExitCode())
		require.Contains(t, string(out), "DATABASE_URL is required: the private database is off")
	})

	t.Run("ServesReadyOnADatabase", func(t *testing.T) {
		t.Parallel()
		serveReady(t, ctx, cfg, binary)
	})
}

// serveReady runs the image's command with a test database and a loopback address, waits
// for it to be ready, checks the Kubernetes probes' paths answer 200, then stops it with
// SIGTERM as Kubernetes does.
func serveReady(t *testing.T, ctx context.Context, cfg *v1.ConfigFile, binary string) {
	t.Helper()
	addr := freeAddr(t)
	logPath := filepath.Join(t.TempDir(), "serve.log")
	out, err := os.Create(logPath)
	require.NoError(t, err)
	defer out.Close()
	log := func() string { b, _ := os.ReadFile(logPath); return string(b) }
	cmd := imageCommand(ctx, cfg, binary, []string{"DATABASE_URL=" + dbtest.URL(t), "PROMPTOPS_SECRET_KEY=" + secrets.GenerateKey(),
		"PROMPTOPS_ADDR=" + addr}, cfg.Config.Cmd...)
	cmd.Stdout, cmd.Stderr = out, out
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	require.Eventually(t, func() bool { return get(t, "http://"+addr+"/health/ready") == http.StatusOK },
		60*time.Second, 50*time.Millisecond, "not ready:\n%s", log())
	c := readManifests(t)["Deployment"].Spec.Template.Spec.Containers[0]
	for _, p := range []string{c.StartupProbe.HTTPGet.Path, c.LivenessProbe.HTTPGet.Path, c.ReadinessProbe.HTTPGet.Path} {
		require.Equal(t, http.StatusOK, get(t, "http://"+addr+p), p)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, <-exited, log())
}

// imageCommand runs the binary taken out of the image as the image would: with the
// image's environment alone (plus env), in its working directory.
func imageCommand(ctx context.Context, cfg *v1.ConfigFile, binary string, env []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append(slices.Clone(cfg.Config.Env), env...)
	cmd.Dir = cfg.Config.WorkingDir
	return cmd
}

// readLayout reads the image named name back from the OCI layout at dir.
func readLayout(t *testing.T, dir, name string) v1.Image {
	t.Helper()
	index, err := layout.ImageIndexFromPath(dir)
	require.NoError(t, err)
	manifest, err := index.IndexManifest()
	require.NoError(t, err)
	require.Len(t, manifest.Manifests, 1)
	desc := manifest.Manifests[0]
	require.Equal(t, name, desc.Annotations[refNameAnnotation])
	img, err := index.Image(desc.Digest)
	require.NoError(t, err)
	return img
}

// layerFiles is every entry of every layer of img, by name, with the contents of regular
// files; an entry in more than one layer, or one that root does not own, writable or of
// another type, fails the test.
func layerFiles(t *testing.T, img v1.Image) map[string][]byte {
	t.Helper()
	layers, err := img.Layers()
	require.NoError(t, err)
	files := map[string][]byte{}
	for _, layer := range layers {
		rc, err := layer.Uncompressed()
		require.NoError(t, err)
		tr := tar.NewReader(rc)
		for {
			h, err := tr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			require.NoError(t, err)
			require.NotContains(t, files, h.Name)
			require.Contains(t, []byte{tar.TypeReg, tar.TypeDir}, h.Typeflag, h.Name)
			require.Zero(t, h.Uid, h.Name)
			require.Zero(t, h.Gid, h.Name)
			require.Zero(t, h.Mode&0o222, "%s is writable", h.Name)
			data, err := io.ReadAll(tr)
			require.NoError(t, err)
			files[h.Name] = data
		}
		require.NoError(t, rc.Close())
	}
	return files
}

// freeAddr is a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}

// get is the status of a GET of url, 0 when no answer came.
func get(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}
