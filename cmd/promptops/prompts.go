package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/client/promptsync"
	"github.com/promptops/promptops/internal/prompt/promptfile"
)

// exitCode is an outcome that is not a failure but has its own exit status (plan's 2
// for "there are changes", as terraform plan -detailed-exitcode).
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

// clientFlags are the flags of every command that talks to a server. Without an API key,
// a person's token kept by promptops login acts, in the project --project names.
type clientFlags struct {
	url, key, project, output string
}

func (c *clientFlags) register(fs *flag.FlagSet, getenv func(string) string) {
	registerURL(fs, &c.url, getenv)
	// The key's default is read after parsing, so that help never prints a key.
	fs.StringVar(&c.key, "key", "", "API key (PROMPTOPS_API_KEY when not given)")
	fs.StringVar(&c.project, "project", getenv("PROMPTOPS_PROJECT"), "the project's id, for a person signed in with promptops login rather than an API key (PROMPTOPS_PROJECT)")
	fs.StringVar(&c.output, "output", "text", "text, or json for scripts")
}

// registerURL defines the --url flag of a command that talks to a server.
func registerURL(fs *flag.FlagSet, url *string, getenv func(string) string) {
	fallback := getenv("PROMPTOPS_URL")
	if fallback == "" {
		fallback = "http://localhost:3001"
	}
	fs.StringVar(url, "url", fallback, "server URL (PROMPTOPS_URL)")
}

// client is the promptsync client of the server and key the flags name, or, without a
// key, of the token promptops login kept for the server, in the project --project names.
func (c *clientFlags) client(getenv func(string) string) (*promptsync.Client, error) {
	if c.output != "text" && c.output != "json" {
		return nil, fmt.Errorf("--output is text or json, not %q", c.output)
	}
	if c.key == "" {
		c.key = getenv("PROMPTOPS_API_KEY")
	}
	project := ""
	if c.key == "" {
		token, err := storedToken(getenv, c.url)
		if err != nil {
			return nil, err
		}
		if token == "" {
			return nil, errors.New("no API key: give --key or set PROMPTOPS_API_KEY, or sign in with promptops login --url " + c.url)
		}
		if c.project == "" {
			return nil, errors.New("no project: a person signed in with promptops login acts in the project --project (or PROMPTOPS_PROJECT) names, by its id")
		}
		c.key, project = token, c.project
	}
	gen, err := newClient(c.url, c.key, project)
	if err != nil {
		return nil, err
	}
	return promptsync.New(gen, c.key), nil
}

// newClient is a generated client of the server at url sending bearer (none when "") and,
// when not "", project as the PromptOps-Project header; its answers are capped.
func newClient(url, bearer, project string) (*api.ClientWithResponses, error) {
	gen, err := api.NewClientWithResponses(strings.TrimSuffix(url, "/"),
		api.WithHTTPClient(&http.Client{Timeout: 60 * time.Second, Transport: cappedTransport{next: http.DefaultTransport, max: maxAnswerBytes}}),
		api.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
			if bearer != "" {
				r.Header.Set("Authorization", "Bearer "+bearer)
			}
			if project != "" {
				r.Header.Set("PromptOps-Project", project)
			}
			r.Header.Set("User-Agent", "promptops-cli")
			return nil
		}))
	if err != nil {
		return nil, fmt.Errorf("--url: %w", err)
	}
	return gen, nil
}

// maxAnswerBytes bounds what a command reads of one answer of the server, so that a
// hostile one cannot make it read until memory runs out. The largest honest answer, a
// prompt with its 20 newest versions, each from a request body of at most
// PROMPTOPS_BODY_LIMIT (1 MiB by default), is far smaller.
const maxAnswerBytes = 256 << 20

// cappedTransport fails the reading of any answer longer than max bytes.
type cappedTransport struct {
	next http.RoundTripper
	max  int64
}

func (t cappedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err == nil {
		resp.Body = &cappedBody{ReadCloser: resp.Body, max: t.max}
	}
	return resp, err
}

type cappedBody struct {
	io.ReadCloser
	read, max int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if b.read += int64(n); b.read > b.max {
		return n, fmt.Errorf("the server's answer is longer than %d MiB", b.max>>20)
	}
	return n, err
}

// parseCommand parses a prompts command's flags, which may come before or after its
// arguments (as kubectl and terraform take them), and checks it got want arguments.
func parseCommand(fs *flag.FlagSet, args []string, want ...string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		positional, args = append(positional, args[0]), args[1:]
	}
	if len(positional) != len(want) {
		fs.Usage()
		return nil, fmt.Errorf("%s takes %s, got %d arguments", fs.Name(), strings.Join(want, " "), len(positional))
	}
	return positional, nil
}

// environment checks an environment flag is given unless optional; the server checks the
// name is one of the project's (400 naming the field), where the project's list is.
func environment(flagName, value string, optional bool) (api.Environment, error) {
	if value == "" && !optional {
		return "", fmt.Errorf("--%s is required: the environment's name (dev, staging, production or one the project added)", flagName)
	}
	return value, nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// promptsPull writes the project's prompts into a folder.
func promptsPull(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("prompts pull", stderr)
	var cf clientFlags
	cf.register(fs, getenv)
	envFlag := fs.String("env", "", "write the version live in this environment (dev, staging, production or one the project added) instead of the newest")
	pos, err := parseCommand(fs, args, "DIR")
	if err != nil {
		return err
	}
	env, err := environment("env", *envFlag, true)
	if err != nil {
		return err
	}
	c, err := cf.client(getenv)
	if err != nil {
		return err
	}
	pulled, err := c.Pull(ctx, pos[0], env)
	if cf.output == "json" {
		if jerr := printJSON(stdout, map[string]any{"pulled": pulled}); jerr != nil {
			return jerr
		}
		return err
	}
	for _, p := range pulled {
		switch p.Status {
		case "skipped":
			fmt.Fprintf(stdout, "  %s: skipped (no version%s)\n", p.Slug, map[bool]string{true: " live in " + string(env)}[env != ""])
		default:
			fmt.Fprintf(stdout, "  %s: version %d %s %s\n", p.Slug, p.Version, p.Status, p.File)
		}
	}
	return err
}

// promptsPlan prints what apply would do; exit status 2 when there is something to do.
func promptsPlan(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("prompts plan", stderr)
	var cf clientFlags
	cf.register(fs, getenv)
	promote := fs.String("promote", "", "also plan to make each file's version live in this environment")
	pos, err := parseCommand(fs, args, "DIR")
	if err != nil {
		return err
	}
	_, plan, err := planWithClient(ctx, &cf, getenv, pos[0], *promote)
	if err != nil {
		return err
	}
	if cf.output == "json" {
		err = printJSON(stdout, plan)
	} else {
		printPlan(stdout, plan)
	}
	switch {
	case err != nil:
		return err
	case plan.Refused() > 0:
		return fmt.Errorf("the server refuses %d of the versions the plan would create (see above)", plan.Refused())
	case plan.HasChanges():
		return exitCode(2)
	}
	return nil
}

// promptsApply creates what differs, then promotes when asked.
func promptsApply(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("prompts apply", stderr)
	var cf clientFlags
	cf.register(fs, getenv)
	promote := fs.String("promote", "", "make each file's version live in this environment (dev, staging, production or one the project added)")
	message := fs.String("message", "", "the change note of every version created")
	force := fs.Bool("force", false, "create versions even where the server has a newer version than the file was pulled at, replacing it")
	pos, err := parseCommand(fs, args, "DIR")
	if err != nil {
		return err
	}
	c, plan, err := planWithClient(ctx, &cf, getenv, pos[0], *promote)
	if err != nil {
		return err
	}
	applied, err := c.Apply(ctx, plan, promptsync.ApplyOptions{Message: *message, Force: *force})
	if cf.output == "json" {
		if jerr := printJSON(stdout, map[string]any{"plan": plan, "applied": applied}); jerr != nil {
			return jerr
		}
		return err
	}
	if applied != nil { // nil: nothing was tried, as err says
		printApplied(stdout, plan, applied)
	}
	return err
}

// planWithClient reads the files of dir and plans them against the server, returning the
// client it planned with.
func planWithClient(ctx context.Context, cf *clientFlags, getenv func(string) string, dir, promote string) (*promptsync.Client, *promptsync.Plan, error) {
	env, err := environment("promote", promote, true)
	if err != nil {
		return nil, nil, err
	}
	c, err := cf.client(getenv)
	if err != nil {
		return nil, nil, err
	}
	locals, err := promptfile.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	plan, err := c.MakePlan(ctx, locals, env)
	return c, plan, err
}

// promptsPromote makes a version live in an environment.
func promptsPromote(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("prompts promote", stderr)
	var cf clientFlags
	cf.register(fs, getenv)
	envFlag := fs.String("env", "", "the environment (dev, staging, production or one the project added; required)")
	version := fs.Int("version", 0, "the version number (default: the newest)")
	pos, err := parseCommand(fs, args, "SLUG")
	if err != nil {
		return err
	}
	env, err := environment("env", *envFlag, false)
	if err != nil {
		return err
	}
	c, err := cf.client(getenv)
	if err != nil {
		return err
	}
	d, pending, err := c.Promote(ctx, pos[0], env, *version)
	if err != nil {
		return err
	}
	if pending != nil {
		return printPending(stdout, cf.output, pending)
	}
	return printDeployment(stdout, cf.output, pos[0], d)
}

// promptsRollback returns an environment to its previous version.
func promptsRollback(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("prompts rollback", stderr)
	var cf clientFlags
	cf.register(fs, getenv)
	envFlag := fs.String("env", "", "the environment (dev, staging, production or one the project added; required)")
	pos, err := parseCommand(fs, args, "SLUG")
	if err != nil {
		return err
	}
	env, err := environment("env", *envFlag, false)
	if err != nil {
		return err
	}
	c, err := cf.client(getenv)
	if err != nil {
		return err
	}
	d, err := c.Rollback(ctx, pos[0], env)
	if err != nil {
		return err
	}
	return printDeployment(stdout, cf.output, pos[0], d)
}

// printPending says that a promote waits for a release's approvals or checks: the server
// accepted it, so it is no failure, but the version is not live yet.
func printPending(w io.Writer, output string, p *promptsync.Pending) error {
	if output == "json" {
		return printJSON(w, map[string]*promptsync.Pending{"pending": p})
	}
	_, err := fmt.Fprintln(w, pendingText(p))
	return err
}

func pendingText(p *promptsync.Pending) string {
	return terminalText(fmt.Sprintf("%s: version %d waits to go live in %s (release %s): %s",
		p.Slug, p.Version, p.Environment, p.ReleaseID, strings.Join(p.WaitingFor, ", ")))
}

func printDeployment(w io.Writer, output, slug string, d *api.Deployment) error {
	if output == "json" {
		return printJSON(w, d)
	}
	_, err := fmt.Fprintf(w, "%s: version %d live in %s\n", slug, d.VersionNumber, terminalText(string(d.Environment)))
	return err
}
