package cluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// namespaceEnv names the network namespace a program re-run by Isolate runs in.
const namespaceEnv = "PROMPTOPS_CLUSTER_NETNS"

// ErrNoNamespace is Isolate's answer on a machine where this process cannot make a network
// namespace (it is not root, or iproute2 is missing): the caller then runs on the machine's
// own loopback, and says so.
var ErrNoNamespace = errors.New("network namespaces not available")

// Namespace is the network namespace this process was re-run in by Isolate ("" when it was
// not), with its loopback brought up: inside a new namespace it starts down.
func Namespace() (string, error) {
	name := os.Getenv(namespaceEnv)
	if name == "" {
		return "", nil
	}
	if out, err := exec.Command("ip", "link", "set", "lo", "up").CombinedOutput(); err != nil {
		return name, fmt.Errorf("bring up the loopback of %s: %w: %s", name, err, out)
	}
	return name, nil
}

// Isolate runs argv (normally this program again) in a new network namespace whose only
// interface is its own loopback, so the cluster's ports meet nothing else on the machine,
// with its output written to stdout and stderr. The namespace is removed after.
func Isolate(ctx context.Context, argv []string, stdout, stderr io.Writer) error {
	name := "promptops-cluster-" + strconv.Itoa(os.Getpid())
	if out, err := exec.Command("ip", "netns", "add", name).CombinedOutput(); err != nil {
		return fmt.Errorf("%w: ip netns add: %v %s", ErrNoNamespace, err, strings.TrimSpace(string(out)))
	}
	defer func() { _ = exec.Command("ip", "netns", "delete", name).Run() }()
	cmd := exec.CommandContext(ctx, "ip", append([]string{"netns", "exec", name}, argv...)...)
	cmd.Env = append(os.Environ(), namespaceEnv+"="+name)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	return cmd.Run()
}
