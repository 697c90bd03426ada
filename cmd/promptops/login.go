package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
)

// tokenEnv is where login --with-token reads the token from, before stdin.
const tokenEnv = "PROMPTOPS_TOKEN"

// credentialsFile is the file in the user's config directory that keeps the personal
// tokens of promptops login, one per server URL, readable by the user alone (0600).
const credentialsFile = "credentials.json"

// credentials are the tokens login keeps, by server URL.
type credentials struct {
	Servers map[string]credential `json:"servers"`
}

type credential struct {
	Token     string     `json:"token"`
	Email     string     `json:"email"`
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
}

// login signs a person in and keeps their personal token for the prompts commands: with
// --email, by password (PROMPTOPS_USER_PASSWORD, else stdin), which makes a 12-hour token;
// with --with-token, a token made beforehand (PROMPTOPS_TOKEN, else stdin), as an account
// of single sign-on makes one in the console.
func login(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fset := newFlagSet("login", stderr)
	var url string
	registerURL(fset, &url, getenv)
	email := fset.String("email", "", "sign in with this email and its password (PROMPTOPS_USER_PASSWORD, else stdin)")
	withToken := fset.Bool("with-token", false, "keep a personal token made beforehand ("+tokenEnv+", else stdin) instead of signing in")
	if _, err := parseCommand(fset, args); err != nil {
		return err
	}
	if (*email == "") == !*withToken {
		return errors.New("give --email (to sign in with a password) or --with-token (to keep a token made beforehand)")
	}
	c, err := newClient(url, "", "")
	if err != nil {
		return err
	}
	var kept credential
	if *withToken {
		kept, err = checkToken(ctx, getenv, url)
	} else {
		kept, err = signInWithPassword(ctx, c, getenv, *email)
	}
	if err != nil {
		return err
	}
	path, err := saveCredential(getenv, url, kept)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "signed in to %s as %s (token %s…", url, kept.Email, kept.Token[:auth.PrefixLen])
	if kept.ExpiresAt != nil {
		fmt.Fprintf(stdout, ", until %s", kept.ExpiresAt.Local().Format(time.RFC3339))
	}
	fmt.Fprintf(stdout, "); kept in %s\n", path)
	return nil
}

// signInWithPassword signs email in with its password.
func signInWithPassword(ctx context.Context, c *api.ClientWithResponses, getenv func(string) string, email string) (credential, error) {
	password, err := readSecret(getenv, passwordEnv, "password")
	if err != nil {
		return credential{}, err
	}
	resp, err := c.SignInWithResponse(ctx, api.SignInRequest{Email: email, Password: password})
	if err != nil {
		return credential{}, fmt.Errorf("sign in: %w", err)
	}
	if resp.JSON200 == nil {
		return credential{}, fmt.Errorf("sign in: %s", serverError(resp.StatusCode(), resp.Body))
	}
	d := resp.JSON200.Data
	return credential{Token: d.Token, Email: d.User.Email, ExpiresAt: &d.ExpiresAt}, nil
}

// checkToken reads a personal token and asks the server whose it is.
func checkToken(ctx context.Context, getenv func(string) string, url string) (credential, error) {
	token, err := readSecret(getenv, tokenEnv, "token")
	if err != nil {
		return credential{}, err
	}
	if token = strings.TrimSpace(token); !auth.WellFormedToken(token) {
		return credential{}, errors.New("the token is not a personal token (po_pat_ followed by letters and digits)")
	}
	c, err := newClient(url, token, "")
	if err != nil {
		return credential{}, err
	}
	resp, err := c.GetSessionWithResponse(ctx)
	if err != nil {
		return credential{}, fmt.Errorf("check the token: %w", err)
	}
	if resp.JSON200 == nil || resp.JSON200.Data.User == nil {
		return credential{}, fmt.Errorf("check the token: %s", serverError(resp.StatusCode(), resp.Body))
	}
	return credential{Token: token, Email: resp.JSON200.Data.User.Email}, nil
}

// serverError words an answer that is not the one hoped for: the error's message when the
// body is the API's envelope.
func serverError(status int, body []byte) string {
	var e api.Error
	if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
		return e.Error.Message
	}
	return "the server answered " + http.StatusText(status)
}

// credentialsPath is where the credentials are kept: PROMPTOPS_CONFIG_DIR, else the
// promptops folder of the user's config directory (~/.config/promptops on Linux).
func credentialsPath(getenv func(string) string) (string, error) {
	dir := getenv("PROMPTOPS_CONFIG_DIR")
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("find the config directory (or set PROMPTOPS_CONFIG_DIR): %w", err)
		}
		dir = filepath.Join(base, "promptops")
	}
	return filepath.Join(dir, credentialsFile), nil
}

// loadCredentials reads the credentials kept, none when there is no file yet.
func loadCredentials(path string) (*credentials, error) {
	c := &credentials{Servers: map[string]credential{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if err := json.Unmarshal(data, c); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if c.Servers == nil {
		c.Servers = map[string]credential{}
	}
	return c, nil
}

// saveCredential keeps cred as the one of the server at url, in a file only the user may
// read (its folder 0700, itself 0600, replaced whole so that no reader sees half of it).
func saveCredential(getenv func(string) string, url string, cred credential) (string, error) {
	path, err := credentialsPath(getenv)
	if err != nil {
		return "", err
	}
	all, err := loadCredentials(path)
	if err != nil {
		return "", err
	}
	all.Servers[url] = cred
	data, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encode credentials: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), credentialsFile+".*")
	if err != nil {
		return "", fmt.Errorf("write credentials: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename, there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", fmt.Errorf("write credentials: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("write credentials: %w", err)
	}
	// CreateTemp makes the file 0600 already; said again, since that is the point.
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return "", fmt.Errorf("write credentials: %w", err)
	}
	return path, os.Rename(tmp.Name(), path)
}

// storedToken is the token login kept for the server at url, "" when there is none.
func storedToken(getenv func(string) string, url string) (string, error) {
	path, err := credentialsPath(getenv)
	if err != nil {
		return "", err
	}
	all, err := loadCredentials(path)
	if err != nil {
		return "", err
	}
	return all.Servers[url].Token, nil
}

// readSecret reads a secret from the environment variable env, else from the first line
// of stdin, which must not be a terminal (where it would be typed in the clear); what
// names it in errors.
func readSecret(getenv func(string) string, env, what string) (string, error) {
	if s := getenv(env); s != "" {
		return s, nil
	}
	stdin := os.Stdin
	if info, err := stdin.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
		return "", fmt.Errorf("no %s: set %s or pipe it on stdin", what, env)
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, auth.MaxPasswordLen+2)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the %s from stdin: %w", what, err)
	}
	// Only the line's end is cut: a password may start or end with a space.
	if line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"); line == "" {
		return "", fmt.Errorf("no %s: set %s or pipe it on stdin", what, env)
	}
	return line, nil
}
