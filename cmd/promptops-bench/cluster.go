package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/promptops/promptops/internal/testkit/cluster"
)

// clusterBench runs make cluster-test: three instances (by default) behind HAProxy on one
// PostgreSQL, in a network namespace of their own where the machine allows one, under a
// bounded mixed load through an instance killed and restarted and PostgreSQL restarted.
// It prints the figures and fails when an acknowledged write was lost, a resolve failed,
// or a key's limit was off by more than 10 %.
func clusterBench(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("cluster", flag.ContinueOnError)
	bin := fs.String("bin", ".promptops/bin/promptops", "the promptops binary the instances run")
	dir := fs.String("dir", ".promptops/cluster", "where the instances' and HAProxy's logs go")
	instances := fs.Int("instances", 3, "instances behind the load balancer")
	limit := fs.Int("rate-limit", 6000, "every instance's PROMPTOPS_RATE_LIMIT, requests a minute per key")
	var l cluster.Load
	fs.DurationVar(&l.Phase, "phase", 15*time.Second, "how long each of the five phases runs")
	fs.Float64Var(&l.ReadRate, "read-rate", 400, "resolves a second through the load balancer")
	fs.Float64Var(&l.WriteRate, "write-rate", 20, "versions created a second, besides the promoter's")
	fs.Float64Var(&l.PromoteRate, "promote-rate", 10, "versions created and made live a second, one at a time, each awaited on every instance")
	fs.IntVar(&l.Prompts, "prompts", 100, "prompts the readers resolve")
	fs.DurationVar(&l.LimitWindow, "limit-window", time.Minute, "how long one key's answers are counted once its burst is spent")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *instances < 2 || l.Phase < time.Second || l.ReadRate < 1 || l.WriteRate < 1 || l.PromoteRate <= 0 || l.Prompts < 1 || l.LimitWindow < time.Second {
		return errors.New("--instances must be at least 2; --phase and --limit-window at least 1s; --read-rate, --write-rate and --prompts at least 1; --promote-rate above 0")
	}

	ns, err := cluster.Namespace()
	if err != nil {
		return err
	}
	isolation := "in network namespace " + ns
	if ns == "" {
		self, err := os.Executable()
		if err != nil {
			return err
		}
		err = cluster.Isolate(ctx, append([]string{self, "cluster"}, args...), os.Stdout, os.Stderr)
		if !errors.Is(err, cluster.ErrNoNamespace) {
			return err
		}
		isolation = "on this machine's loopback (" + err.Error() + ")"
	}

	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	absBin, err := filepath.Abs(*bin)
	if err != nil {
		return err
	}
	c, err := cluster.Start(ctx, cluster.Options{Command: []string{absBin}, Dir: *dir, Instances: *instances, RateLimit: *limit})
	if c != nil {
		defer c.Stop()
	}
	if err != nil {
		return fmt.Errorf("%w (logs in %s)", err, *dir)
	}
	r, err := cluster.Drive(ctx, c, l)
	if err != nil {
		return fmt.Errorf("%w (logs in %s)", err, *dir)
	}
	r.Isolation = isolation
	r.Print(os.Stdout)
	return r.Check()
}
