// Command promptops is the PromptOps server and its operator tools:
//
//	promptops serve                  serve the API (private PostgreSQL unless DATABASE_URL is set)
//	promptops migrate                apply pending database migrations and exit
//	promptops projects create --name N   create a project and print its id and first key
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/database"
	"github.com/promptops/promptops/internal/logging"
	"github.com/promptops/promptops/internal/webhooks"
)

const usage = `usage: promptops <command> [flags]

commands:
  serve                    serve the API
  migrate                  apply pending database migrations and exit
  projects create --name N create a project and print its id and first API key

Run 'promptops <command> --help' for a command's flags.
`

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run is main with its dependencies passed in; it returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch strings.Join(args[:min(2, len(args))], " ") {
	case "projects create":
		err = projectsCreate(ctx, args[2:], getenv, stdout, stderr)
	default:
		switch args[0] {
		case "serve":
			err = serve(ctx, args[1:], getenv, stderr)
		case "migrate":
			err = migrateOnly(ctx, args[1:], getenv, stderr)
		case "help", "-h", "--help":
			fmt.Fprint(stdout, usage)
			return 0
		default:
			fmt.Fprintf(stderr, "promptops: unknown command %q\n\n%s", strings.Join(args, " "), usage)
			return 2
		}
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "promptops: %v\n", err)
		return 1
	}
	return 0
}

// setup parses a command's flags (plus extra ones it defines) and builds its logger.
func setup(name string, args []string, getenv func(string) string, stderr io.Writer, extra func(*flag.FlagSet)) (*config.Config, *slog.Logger, error) {
	cfg, err := parseConfig(name, args, getenv, stderr, extra)
	if err != nil {
		return nil, nil, err
	}
	return cfg, logging.New(stderr, cfg.LogFormat, cfg.LogLevel), nil
}

// parseConfig parses a command's flags (plus extra ones it defines).
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer, extra func(*flag.FlagSet)) (*config.Config, error) {
	fs := flag.NewFlagSet("promptops "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg, envErr := config.Register(fs, getenv)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return cfg, errors.Join(envErr, cfg.Validate())
}

func openDatabase(ctx context.Context, cfg *config.Config, logger *slog.Logger) (*database.DB, error) {
	return database.Open(ctx, database.Options{
		URL: cfg.DatabaseURL, DataDir: cfg.DataDir, PostgresBin: cfg.PostgresBin, MaxConns: cfg.DBMaxConns, Logger: logger,
	})
}

// webhookService builds the webhook delivery service the config describes (not started).
func webhookService(cfg *config.Config, db *database.DB, logger *slog.Logger) (*webhooks.Service, error) {
	return webhooks.New(db.Pool, webhooks.Config{
		RetryBase: cfg.WebhookRetryBase, MaxAttempts: cfg.WebhookMaxAttempts,
		AllowPrivate: cfg.WebhookAllowPrivate, Workers: cfg.WebhookWorkers, Logger: logger,
	})
}

func migrateOnly(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, logger, err := setup("migrate", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	db, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return err
	}
	db.Close(ctx)
	return nil
}
