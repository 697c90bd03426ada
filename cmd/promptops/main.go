// Command promptops is the PromptOps server and its operator tools: serve, migrate,
// projects create, users create|disable|enable, login, prompts pull|plan|apply|promote|rollback, edge and version.
// `promptops help` lists them from the one table they are defined in (commands), and each
// command's --help lists the flags it reads, and only those; a flag's default comes from
// the environment variable its help names.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/logging"
	"github.com/promptops/promptops/internal/store/database"
	"github.com/promptops/promptops/internal/tracing"
)

// command is one command of the binary: its place in the usage, its help and flags, and
// what runs it. commands lists them all, once.
type command struct {
	// name is how it is called ("serve", "prompts pull"); synopsis and line are its row in
	// the usage ("prompts pull DIR", "write the project's prompts as ... files").
	name, synopsis, line string
	// usage is the help's first line; summary says what the command does.
	usage, summary string
	// settings registers the setting groups the command reads; nil for none.
	settings func(c *config.Config, fs *flag.FlagSet, getenv func(string) string) error
	// runFunc runs it with the arguments after its name.
	runFunc func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error
}

// commands is every command, in the order the usage lists them. It is a function, not a
// variable, because the commands' own code looks their settings up in it.
func commands() []command {
	return []command{
		{name: "serve", synopsis: "serve", line: "serve the API",
			usage:   "promptops serve [flags]",
			summary: "Serve the API until SIGINT or SIGTERM, on a private PostgreSQL in --data-dir unless --database-url is set.",
			settings: func(c *config.Config, fs *flag.FlagSet, getenv func(string) string) error {
				return errors.Join(databaseSettings(c, fs, getenv), c.RegisterServe(fs, getenv))
			},
			runFunc: withoutStdout(serve)},
		{name: "migrate", synopsis: "migrate", line: "apply pending database migrations and exit",
			usage: "promptops migrate [flags]", summary: "Apply pending database migrations and exit.",
			settings: databaseSettings, runFunc: withoutStdout(migrateOnly)},
		{name: "projects create", synopsis: "projects create --name N", line: "create a project and print its id and first API key",
			usage:    "promptops projects create --name N [--description D] [flags]",
			summary:  "Create a project and print its id and first API key (shown only this once), for operators who close sign-up.",
			settings: databaseSettings, runFunc: projectsCreate},
		{name: "users create", synopsis: "users create --email E --name N", line: "create an account (the password from stdin or PROMPTOPS_USER_PASSWORD)",
			usage: "promptops users create --email E --name N [--owner] [flags]",
			summary: "Create an account, for the first user of a server or when sign-up is closed. The password is read from\n" +
				"PROMPTOPS_USER_PASSWORD, else from the first line of stdin; it needs at least 12 characters, 5 different ones,\n" +
				"and must not be the email. --owner makes an instance owner, who may create projects even when project\n" +
				"sign-up is closed.",
			settings: databaseSettings, runFunc: usersCreate},
		{name: "users disable", synopsis: "users disable --email E", line: "disable an account: its tokens fail at once, it cannot sign in",
			usage:    "promptops users disable --email E [flags]",
			summary:  "Disable the account of email E: its personal tokens fail from their next request on, on every instance, and it\ncannot sign in. Its memberships stay, for users enable.",
			settings: databaseSettings, runFunc: usersDisable},
		{name: "users enable", synopsis: "users enable --email E", line: "enable a disabled account again",
			usage: "promptops users enable --email E [flags]", summary: "Enable the account of email E again.",
			settings: databaseSettings, runFunc: usersEnable},
		{name: "login", synopsis: "login", line: "sign in, keeping a personal token for the prompts commands",
			usage: "promptops login (--email E | --with-token) [--url U] [flags]",
			summary: "Sign in to the server and keep the personal token in the user's config directory (credentials.json, readable\n" +
				"by the user alone), one per server URL. With --email, by password (PROMPTOPS_USER_PASSWORD, else the first\n" +
				"line of stdin): a token of 12 hours. With --with-token, a personal token made beforehand (PROMPTOPS_TOKEN, else\n" +
				"stdin), as accounts of single sign-on make one. The prompts commands use the token when given no API key,\n" +
				"in the project --project (or PROMPTOPS_PROJECT) names.",
			runFunc: login},
		{name: "prompts pull", synopsis: "prompts pull DIR", line: "write the project's prompts as <slug>.prompt.yaml files",
			usage: "promptops prompts pull DIR [--env E] [flags]",
			summary: "Write a <slug>.prompt.yaml file into DIR for every prompt of the key's project: its newest version, or with --env\n" +
				"the version live there, with its number as baseVersion (what plan and apply compare with the server's newest).\n" +
				"Existing files keep their shape of content and are rewritten only when they would change.\n" +
				"Nothing is written outside DIR: a list from the server that names something other than a slug, holds more than\n" +
				"100,000 prompts or whose pages do not add up ends the command with an error before any file is written.",
			runFunc: promptsPull},
		{name: "prompts plan", synopsis: "prompts plan DIR", line: "show what apply would change (exit 0: nothing, 2: changes, 1: error)",
			usage: "promptops prompts plan DIR [--promote ENV] [flags]",
			summary: "Compare the prompt files in DIR with the project: each file with its prompt's newest version (by contentHash),\n" +
				"and its name, description and tags. Print the prompts to create, the new versions with a diff of what changed,\n" +
				"and the prompts only on the server. The server checks every new version without creating it (validateOnly): what\n" +
				"it refuses is an error under its file, its warnings are shown. A file whose baseVersion is not the server's newest\n" +
				"version shows the drift (remote is at v5, the file was pulled at v3): an edit made elsewhere since, which apply\n" +
				"refuses to revert without --force. Exit status: 0 no changes, 2 changes, 1 error (a refused version too).",
			runFunc: promptsPlan},
		{name: "prompts apply", synopsis: "prompts apply DIR", line: "create the prompts and versions that differ, optionally promote",
			usage: "promptops prompts apply DIR [--promote ENV] [--message M] [--force] [flags]",
			summary: "Make the project hold what the prompt files in DIR say: create missing prompts, each with its first version in\n" +
				"one request, update names, descriptions and tags, create a version where the content differs from the newest,\n" +
				"then with --promote make each file's version live in ENV (into a protected one, a release that waits for its\n" +
				"approvals and checks). Files record the versions created (baseVersion).\n" +
				"Nothing is written when the server refuses a version (as plan shows), or when a file was pulled at another\n" +
				"version than the server's newest, unless --force; each version is created only on top of the newest version\n" +
				"the plan saw. Re-applying changes nothing; after a failure, run it again (writes carry Idempotency-Keys).",
			runFunc: promptsApply},
		{name: "prompts promote", synopsis: "prompts promote SLUG", line: "make a version live in an environment (--env)",
			usage: "promptops prompts promote SLUG --env E [--version N] [flags]",
			summary: "Make version N of the prompt SLUG (default: its newest) live in environment E. Into a protected environment\n" +
				"the server opens a release that waits for its approvals and checks instead: the command says what it waits for\n" +
				"and exits 0 (the release applies by itself once they hold).",
			runFunc: promptsPromote},
		{name: "prompts rollback", synopsis: "prompts rollback SLUG", line: "return an environment to its previous version (--env)",
			usage:   "promptops prompts rollback SLUG --env E [flags]",
			summary: "Return environment E of the prompt SLUG to the version live before its current one.",
			runFunc: promptsRollback},
		{name: "edge", synopsis: "edge", line: "serve resolve and render of one API key from memory (a read replica)",
			usage: edgeUsage, summary: edgeSummary, settings: edgeSettings, runFunc: withoutStdout(runEdge)},
		{name: "version", synopsis: "version", line: "print the version and exit (also --version)",
			usage:   "promptops version",
			summary: "Print the module version, the VCS revision and time when the build recorded them, and the Go version.",
			runFunc: func(_ context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
				return version(args, stdout, stderr)
			}},
	}
}

// withoutStdout adapts a command that writes only to stderr (its log) to runFunc.
func withoutStdout(f func(context.Context, []string, func(string) string, io.Writer) error) func(context.Context, []string, func(string) string, io.Writer, io.Writer) error {
	return func(ctx context.Context, args []string, getenv func(string) string, _, stderr io.Writer) error {
		return f(ctx, args, getenv, stderr)
	}
}

// commandNamed is the command called name; every name passed is one of commands.
func commandNamed(name string) command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	panic("promptops: no command " + name)
}

// find is the command args call, with the arguments after its name; ok is false when
// they call none.
func find(args []string) (cmd command, rest []string, ok bool) {
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && slices.Equal(args[:len(words)], words) {
			return c, args[len(words):], true
		}
	}
	return command{}, nil, false
}

// usage lists the commands whose names start with group ("" for all), as the top-level
// help does.
func usage(group string) string {
	var b strings.Builder
	if group == "" {
		b.WriteString("usage: promptops <command> [flags]\n\ncommands:\n")
	} else {
		fmt.Fprintf(&b, "usage: promptops %s <command> [flags]\n\ncommands:\n", group)
	}
	for _, c := range commands() {
		if group == "" || strings.HasPrefix(c.name, group+" ") {
			fmt.Fprintf(&b, "  %-24s %s\n", c.synopsis, c.line)
		}
	}
	b.WriteString("\nRun 'promptops <command> --help' for a command's flags.\n")
	return b.String()
}

// isGroup reports whether name is the first word of commands of its own ("prompts").
func isGroup(name string) bool {
	for _, c := range commands() {
		if strings.HasPrefix(c.name, name+" ") {
			return true
		}
	}
	return false
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
	if code, done := helpOnly(args, stdout, stderr); done {
		return code
	}
	cmd, rest, ok := find(args)
	if !ok {
		group := ""
		if isGroup(args[0]) {
			group = args[0]
		}
		fmt.Fprintf(stderr, "promptops: unknown command %q\n\n%s", strings.Join(args, " "), usage(group))
		return 2
	}
	err := cmd.runFunc(ctx, rest, getenv, stdout, stderr)
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

// helpOnly answers the calls that ask for a list of commands rather than run one: none at
// all, help, --version, or a group ("prompts", "prompts --help"). done is false otherwise.
func helpOnly(args []string, stdout, stderr io.Writer) (code int, done bool) {
	switch {
	case len(args) == 0:
		fmt.Fprint(stderr, usage(""))
		return 2, true
	case slices.Contains([]string{"help", "-h", "--help"}, args[0]):
		fmt.Fprint(stdout, usage(""))
		return 0, true
	case args[0] == "--version" || args[0] == "-version":
		if err := version(nil, stdout, stderr); err != nil {
			fmt.Fprintf(stderr, "promptops: %v\n", err)
			return 1, true
		}
		return 0, true
	case !isGroup(args[0]):
		return 0, false
	case len(args) == 1:
		fmt.Fprint(stderr, usage(args[0]))
		return 2, true
	case slices.Contains([]string{"help", "-h", "--help"}, args[1]):
		fmt.Fprint(stdout, usage(args[0]))
		return 0, true
	}
	return 0, false
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
	var envErr error
	if settings := commandNamed(name).settings; settings != nil {
		envErr = settings(cfg, fs, getenv)
	}
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
	cmd := commandNamed(name)
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

// buildVersion is the binary's module version, as traces name it (service.version).
func buildVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(unknown)"
}

// startTracing sets tracing up as the OTEL_* variables say (nil, off, without an endpoint)
// and says so when it is on.
func startTracing(ctx context.Context, getenv func(string) string, logger *slog.Logger) (*tracing.Tracing, error) {
	tr, err := tracing.FromEnv(ctx, getenv, buildVersion())
	if err != nil {
		return nil, err
	}
	if tr != nil {
		logger.InfoContext(ctx, "exporting traces (OTEL_* variables)", slog.String("endpoint", cmp.Or(getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), getenv("OTEL_EXPORTER_OTLP_ENDPOINT"))))
	}
	return tr, nil
}

// flushTraces sends the spans not yet exported, within timeout, when the process stops.
func flushTraces(ctx context.Context, tr *tracing.Tracing, timeout time.Duration, logger *slog.Logger) {
	flushCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	if err := tr.Shutdown(flushCtx); err != nil {
		logger.WarnContext(ctx, "traces lost at shutdown", slog.String("error", err.Error()))
	}
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

// openDatabase opens the configured database, its queries traced by tr (nil: untraced).
func openDatabase(ctx context.Context, cfg *config.Config, logger *slog.Logger, tr *tracing.Tracing) (*database.DB, error) {
	return database.Open(ctx, database.Options{
		URL: cfg.DatabaseURL, DataDir: cfg.DataDir, PostgresBin: cfg.PostgresBin, MaxConns: cfg.DBMaxConns, Logger: logger, Tracing: tr,
	})
}

func migrateOnly(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, logger, err := setup("migrate", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	db, err := openDatabase(ctx, cfg, logger, nil)
	if err != nil {
		return err
	}
	db.Close(ctx)
	return nil
}
