// Command promptops is the PromptOps server and its operator tools:
//
//	promptops serve                      serve the API (private PostgreSQL unless DATABASE_URL is set)
//	promptops migrate                    apply pending database migrations and exit
//	promptops projects create --name N   create a project and print its id and first API key
//	promptops prompts pull|plan|apply DIR  prompts as code: a folder of <slug>.prompt.yaml files
//	promptops prompts promote|rollback SLUG --env E   move an environment
//	promptops edge --upstream U --key K  serve resolve and render of one key from memory (a read replica)
//	promptops version                    print the version, VCS revision and Go version
//
// Each command's --help lists the flags it reads, and only those; a flag's default comes
// from the environment variable its help names.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/logging"
	"github.com/promptops/promptops/internal/secrets"
	"github.com/promptops/promptops/internal/store/database"
)

const usage = `usage: promptops <command> [flags]

commands:
  serve                    serve the API
  migrate                  apply pending database migrations and exit
  projects create --name N create a project and print its id and first API key
  prompts pull DIR         write the project's prompts as <slug>.prompt.yaml files
  prompts plan DIR         show what apply would change (exit 0: nothing, 2: changes, 1: error)
  prompts apply DIR        create the prompts and versions that differ, optionally promote
  prompts promote SLUG     make a version live in an environment (--env)
  prompts rollback SLUG    return an environment to its previous version (--env)
  edge                     serve resolve and render of one API key from memory (a read replica)
  version                  print the version and exit (also --version)

Run 'promptops <command> --help' for a command's flags.
`

// command is what a command's help and flags are made of.
type command struct {
	// usage is the help's first line; summary says what the command does.
	usage, summary string
	// settings registers the setting groups the command reads; nil for none.
	settings func(c *config.Config, fs *flag.FlagSet, getenv func(string) string) error
}

// commands holds every command by name.
var commands = map[string]command{
	"serve": {
		usage:   "promptops serve [flags]",
		summary: "Serve the API until SIGINT or SIGTERM, on a private PostgreSQL in --data-dir unless --database-url is set.",
		settings: func(c *config.Config, fs *flag.FlagSet, getenv func(string) string) error {
			return errors.Join(databaseSettings(c, fs, getenv), c.RegisterServe(fs, getenv))
		},
	},
	"migrate": {
		usage:    "promptops migrate [flags]",
		summary:  "Apply pending database migrations and exit.",
		settings: databaseSettings,
	},
	"projects create": {
		usage:    "promptops projects create --name N [--description D] [flags]",
		summary:  "Create a project and print its id and first API key (shown only this once), for operators who close sign-up.",
		settings: databaseSettings,
	},
	"prompts pull": {
		usage: "promptops prompts pull DIR [--env E] [flags]",
		summary: "Write a <slug>.prompt.yaml file into DIR for every prompt of the key's project: its newest version, or with --env\n" +
			"the version live there. Existing files keep their shape of content and are rewritten only when they would change.\n" +
			"Nothing is written outside DIR: a list from the server that names something other than a slug, holds more than\n" +
			"100,000 prompts or whose pages do not add up ends the command with an error before any file is written.",
	},
	"prompts plan": {
		usage: "promptops prompts plan DIR [--promote ENV] [flags]",
		summary: "Compare the prompt files in DIR with the project: each file with its prompt's newest version (by contentHash),\n" +
			"and its name, description and tags. Print the prompts to create, the new versions with a diff of what changed,\n" +
			"and the prompts only on the server. Exit status: 0 no changes, 2 changes, 1 error.",
	},
	"prompts apply": {
		usage: "promptops prompts apply DIR [--promote ENV] [--message M] [flags]",
		summary: "Make the project hold what the prompt files in DIR say: create missing prompts, update names, descriptions\n" +
			"and tags, create a version where the content differs from the newest, then with --promote make each file's\n" +
			"version live in ENV. Re-applying changes nothing; after a failure, run it again (writes carry Idempotency-Keys).",
	},
	"prompts promote": {
		usage:   "promptops prompts promote SLUG --env E [--version N] [flags]",
		summary: "Make version N of the prompt SLUG (default: its newest) live in environment E.",
	},
	"prompts rollback": {
		usage:   "promptops prompts rollback SLUG --env E [flags]",
		summary: "Return environment E of the prompt SLUG to the version live before its current one.",
	},
	"edge": edgeCommand,
	"version": {
		usage:   "promptops version",
		summary: "Print the module version, the VCS revision and time when the build recorded them, and the Go version.",
	},
}

// databaseSettings are the settings of a command that opens the database: which one, and
// the log.
func databaseSettings(c *config.Config, fs *flag.FlagSet, getenv func(string) string) error {
	return errors.Join(c.RegisterDatabase(fs, getenv), c.RegisterLogging(fs, getenv))
}

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
	case "prompts pull":
		err = promptsPull(ctx, args[2:], getenv, stdout, stderr)
	case "prompts plan":
		err = promptsPlan(ctx, args[2:], getenv, stdout, stderr)
	case "prompts apply":
		err = promptsApply(ctx, args[2:], getenv, stdout, stderr)
	case "prompts promote":
		err = promptsPromote(ctx, args[2:], getenv, stdout, stderr)
	case "prompts rollback":
		err = promptsRollback(ctx, args[2:], getenv, stdout, stderr)
	default:
		switch args[0] {
		case "serve":
			err = serve(ctx, args[1:], getenv, stderr)
		case "migrate":
			err = migrateOnly(ctx, args[1:], getenv, stderr)
		case "edge":
			err = runEdge(ctx, args[1:], getenv, stderr)
		case "version":
			err = version(args[1:], stdout, stderr)
		case "--version", "-version":
			err = version(nil, stdout, stderr)
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
	if code, ok := errors.AsType[exitCode](err); ok {
		return int(code)
	}
	if err != nil {
		// Errors may quote the server (its messages, the names it sent): escaped.
		fmt.Fprintf(stderr, "promptops: %s\n", terminalText(err.Error()))
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

// parseConfig parses the flags of the command name: the settings it reads, plus extra ones
// it defines.
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer, extra func(*flag.FlagSet)) (*config.Config, error) {
	fs := newFlagSet(name, stderr)
	cfg := &config.Config{}
	envErr := commands[name].settings(cfg, fs, getenv)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return cfg, errors.Join(envErr, cfg.Validate())
}

// newFlagSet is the flag set of the command name, whose help starts with its usage line.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	cmd := commands[name]
	fs := flag.NewFlagSet("promptops "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s\n\n%s\n", cmd.usage, cmd.summary)
		flags := 0
		fs.VisitAll(func(*flag.Flag) { flags++ })
		if flags > 0 {
			fmt.Fprint(fs.Output(), "\nflags (each defaults to the environment variable it names, if any):\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// version prints versionText of this binary.
func version(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("version takes no arguments, got %q", fs.Args())
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprint(stdout, versionText(info))
	return nil
}

// versionText describes a build: its module version, the VCS revision and commit time when
// the build recorded them (go build does in a git clone), and the Go version. info may be nil.
func versionText(info *debug.BuildInfo) string {
	v, goVersion := "(unknown)", runtime.Version()
	settings := map[string]string{}
	if info != nil {
		if info.Main.Version != "" {
			v = info.Main.Version
		}
		if info.GoVersion != "" {
			goVersion = info.GoVersion
		}
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "promptops %s\n", v)
	if rev := settings["vcs.revision"]; rev != "" {
		if settings["vcs.modified"] == "true" {
			rev += " (modified)"
		}
		fmt.Fprintf(&b, "revision  %s\n", rev)
	}
	if t := settings["vcs.time"]; t != "" {
		fmt.Fprintf(&b, "time      %s\n", t)
	}
	fmt.Fprintf(&b, "go        %s %s/%s\n", goVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}

func openDatabase(ctx context.Context, cfg *config.Config, logger *slog.Logger) (*database.DB, error) {
	return database.Open(ctx, database.Options{
		URL: cfg.DatabaseURL, DataDir: cfg.DataDir, PostgresBin: cfg.PostgresBin, MaxConns: cfg.DBMaxConns, Logger: logger,
	})
}

// webhookService builds the webhook delivery service the config describes (not started).
func webhookService(cfg *config.Config, db *database.DB, key *secrets.Key, logger *slog.Logger) (*webhooks.Service, error) {
	return webhooks.New(db.Pool, webhooks.Config{
		RetryBase: cfg.WebhookRetryBase, MaxAttempts: cfg.WebhookMaxAttempts,
		AllowPrivate: cfg.WebhookAllowPrivate, Workers: cfg.WebhookWorkers,
		Secrets: key, SecretOverlap: cfg.WebhookSecretOverlap, Logger: logger,
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
