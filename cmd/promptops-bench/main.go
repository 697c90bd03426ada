// Command promptops-bench is `make bench`: a reproducible load test of resolve and render
// on loopback, with wrk as the load generator so the generator is not what is measured.
//
//	promptops-bench run      start PostgreSQL, PromptOps and a bare server, seed, measure, report
//	promptops-bench attack   requests at a fixed rate (wrk cannot pace); run starts it as a process
//	promptops-bench ceiling  a bare net/http server answering a fixed body (the ceiling)
//	promptops-bench ingest   batches of analytics events POSTed to track by wrk, beside a bare server
//	promptops-bench edge     start PostgreSQL, PromptOps and promptops edge, measure the edge
//	promptops-bench soak     mixed load on two instances across a PostgreSQL restart; checks nothing acknowledged is lost
//	promptops-bench cluster  three instances behind HAProxy through faults: writes lost, failures, propagation, limits
//	promptops-bench allocs   `go test -bench -benchmem` output in, the allocation targets marked met or missed
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: promptops-bench run|attack|ceiling|ingest|edge|soak|cluster|allocs [flags]")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	var err error
	switch os.Args[1] {
	case "run":
		err = run(ctx, os.Args[2:])
	case "attack":
		err = attack(ctx, os.Args[2:])
	case "ceiling":
		err = ceiling(ctx, os.Args[2:])
	case "allocs":
		err = allocsCommand(os.Args[2:])
	case "ingest":
		err = ingest(ctx, os.Args[2:])
	case "edge":
		err = edgeBench(ctx, os.Args[2:])
	case "soak":
		err = soak(ctx, os.Args[2:])
	case "cluster":
		err = clusterBench(ctx, os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "promptops-bench:", err)
		os.Exit(1)
	}
}
