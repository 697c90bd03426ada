package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/http/people"
)

// passwordEnv is where users create reads the password from, before stdin.
const passwordEnv = "PROMPTOPS_USER_PASSWORD"

// usersCreate creates an account from the command line: the first user of a server, or
// any user when sign-up is closed. The password is read from PROMPTOPS_USER_PASSWORD or,
// without it, from the first line of stdin, never from a flag (which other users of the
// machine can see) nor from a prompt.
func usersCreate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var email, name string
	var owner bool
	cfg, logger, err := setup("users create", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the user's email, with which they sign in (required)")
		fs.StringVar(&name, "name", "", "the user's display name (required)")
		fs.BoolVar(&owner, "owner", false, "make the user an instance owner, who may create projects even when project sign-up is closed")
	})
	if err != nil {
		return err
	}
	if email == "" || name == "" || len(name) > 200 {
		return errors.New("--email and --name are required (--name: 1 to 200 characters)")
	}
	password, err := readPassword(getenv, os.Stdin)
	if err != nil {
		return err
	}
	db, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer db.Close(ctx)

	u, err := people.Create(ctx, db.Pool, people.NewUser{Email: email, Name: name, Password: password, InstanceOwner: owner})
	if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	role := "user"
	if u.InstanceOwner {
		role = "instance owner"
	}
	fmt.Fprintf(stdout, "%s: %s %s\n(sign in with POST /api/v1/auth/sign-in or promptops login)\n", role, u.ID, u.Email)
	return nil
}

// readPassword is the password of users create: PROMPTOPS_USER_PASSWORD, else the first
// line of stdin, which must not be a terminal (where it would be typed in the clear).
func readPassword(getenv func(string) string, stdin *os.File) (string, error) {
	if p := getenv(passwordEnv); p != "" {
		return p, nil
	}
	if info, err := stdin.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
		return "", errors.New("no password: set " + passwordEnv + " or pipe it on stdin (echo \"$PASSWORD\" | promptops users create …)")
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, auth.MaxPasswordLen+2)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from stdin: %w", err)
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", errors.New("no password: set " + passwordEnv + " or pipe it on stdin")
	}
	return line, nil
}
