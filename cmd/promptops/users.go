package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/dbsqlc"
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
	password, err := readSecret(getenv, passwordEnv, "password")
	if err != nil {
		return err
	}
	db, err := openDatabase(ctx, cfg, logger, nil)
	if err != nil {
		return err
	}
	defer db.Close(ctx)

	u, err := people.Create(ctx, db.Pool, people.NewUser{Email: email, Name: name, Password: password, InstanceOwner: owner, EmailProven: true})
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

// usersDisable disables the account an email names, or enables it again (usersEnable): a
// disabled user's tokens fail from their next request on, on every instance, and they
// cannot sign in; their memberships stay.
func usersDisable(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return setDisabled(ctx, "users disable", true, args, getenv, stdout, stderr)
}

func usersEnable(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return setDisabled(ctx, "users enable", false, args, getenv, stdout, stderr)
}

func setDisabled(ctx context.Context, name string, disabled bool, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var email string
	cfg, logger, err := setup(name, args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the user's email (required)")
	})
	if err != nil {
		return err
	}
	if email == "" {
		return errors.New("--email is required")
	}
	db, err := openDatabase(ctx, cfg, logger, nil)
	if err != nil {
		return err
	}
	defer db.Close(ctx)
	u, err := dbsqlc.New().UserSetDisabled(ctx, db.Pool, dbsqlc.UserSetDisabledParams{Email: email, Disabled: disabled})
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("no account has the email %s", email)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	state := map[bool]string{true: "disabled", false: "enabled"}[u.Disabled]
	fmt.Fprintf(stdout, "%s: %s %s\n", state, u.ID, u.Email)
	return nil
}
