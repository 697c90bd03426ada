package people

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/config"
)

// ErrDomainNotAllowed is returned by SignInIdentity for an email outside the provider's
// allowed domains.
var ErrDomainNotAllowed = errors.New("the provider's email is not of a domain this server allows")

// ErrEmailUnverified is returned by SignInIdentity for a first sign-in whose email the
// provider has not verified: it neither links to an account nor makes one.
var ErrEmailUnverified = errors.New("the provider has not verified the email")

// ErrDisabled is returned by SignInIdentity for a disabled account.
var ErrDisabled = errors.New("the account is disabled")

// SignUpRefusedError is returned by SignInIdentity when the sign-up mode refuses the new
// account; Reason says why.
type SignUpRefusedError struct{ Reason string }

func (e *SignUpRefusedError) Error() string { return e.Reason }

// Identity is who a provider's verified ID token says signed in.
type Identity struct {
	// Issuer and Subject name the person at the provider, for good.
	Issuer, Subject string
	Email, Name     string
	EmailVerified   bool
}

// IdentityRules are what SignInIdentity allows.
type IdentityRules struct {
	// AllowedDomains are the email domains the provider may sign in (any when empty).
	AllowedDomains []string
	// SignUp is the config.UserSignup mode a new account needs.
	SignUp string
	Now    time.Time
}

// SignInIdentity is the account id signs in as: the one linked to its subject before, or
// on a first sign-in the account with the same verified email (then linked), or a new
// account when the sign-up mode allows it (made with a random password no one knows).
// proved reports that the link proved the email of an account signed up with a password,
// whose password and tokens it set aside (proveEmail).
func SignInIdentity(ctx context.Context, pool *pgxpool.Pool, id Identity, rules IdentityRules) (u *dbsqlc.User, proved bool, err error) {
	if !domainAllowed(id.Email, rules.AllowedDomains) {
		return nil, false, ErrDomainNotAllowed
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		u, proved, err = identityUser(ctx, tx, id, rules)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	if u.Disabled {
		return nil, proved, ErrDisabled
	}
	return u, proved, nil
}

// identityUser finds, links or makes the account of id in tx; proved as SignInIdentity's.
func identityUser(ctx context.Context, tx pgx.Tx, id Identity, rules IdentityRules) (u *dbsqlc.User, proved bool, err error) {
	q := dbsqlc.New()
	u, err = q.UserIdentityUser(ctx, tx, dbsqlc.UserIdentityUserParams{Issuer: id.Issuer, Subject: id.Subject})
	if err == nil || !errors.Is(err, pgx.ErrNoRows) {
		return u, false, err
	}
	if !id.EmailVerified {
		return nil, false, ErrEmailUnverified
	}
	u, err = q.UserGetByEmail(ctx, tx, id.Email)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		u, err = newIdentityUser(ctx, tx, id, rules)
	case err == nil && !u.EmailProven:
		u, err = proveEmail(ctx, tx, u)
		proved = true
	}
	if err != nil {
		return nil, false, err
	}
	err = q.UserIdentityCreate(ctx, tx, dbsqlc.UserIdentityCreateParams{Issuer: id.Issuer, Subject: id.Subject, UserID: u.ID, Email: id.Email})
	if err != nil {
		return nil, false, fmt.Errorf("link identity: %w", err)
	}
	return u, proved, nil
}

// proveEmail marks u's email proven by a provider's verified one and sets aside what was
// set without that proof: whoever signed up with a password may not hold the email, and
// must not share the account of the one who does. The password becomes a random one no
// one knows and every personal token is revoked (console sessions end with theirs), each
// announced so that every instance closes its sockets, as RevokeToken does.
func proveEmail(ctx context.Context, tx pgx.Tx, u *dbsqlc.User) (*dbsqlc.User, error) {
	q := dbsqlc.New()
	u, err := q.UserProveEmail(ctx, tx, dbsqlc.UserProveEmailParams{ID: u.ID, PasswordHash: auth.HashPassword(rand.Text() + rand.Text())})
	if err != nil {
		return nil, fmt.Errorf("prove email: %w", err)
	}
	revoked, err := q.PersonalTokenRevokeAll(ctx, tx, u.ID)
	if err != nil {
		return nil, fmt.Errorf("revoke personal tokens: %w", err)
	}
	for _, t := range revoked {
		if err := events.Announce(ctx, tx, events.Announcement{ID: t.ID, Type: events.PersonalTokenRevoked}); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// newIdentityUser makes the account of an identity, when the sign-up mode allows it.
func newIdentityUser(ctx context.Context, tx pgx.Tx, id Identity, rules IdentityRules) (*dbsqlc.User, error) {
	refusal, err := SignUpRefusal(ctx, tx, rules.SignUp, id.Email, rules.Now)
	if err != nil {
		return nil, err
	}
	if refusal != "" {
		return nil, &SignUpRefusedError{Reason: refusal}
	}
	name := id.Name
	if name == "" {
		name, _, _ = strings.Cut(id.Email, "@")
	}
	return Create(ctx, tx, NewUser{Email: id.Email, Name: name, Password: rand.Text() + rand.Text(), EmailProven: true})
}

// SignUpRefusal says why the sign-up mode refuses an account to email, or "" when it lets
// it have one: with invitations only, email must have one pending.
func SignUpRefusal(ctx context.Context, db dbsqlc.DBTX, mode, email string, now time.Time) (string, error) {
	switch mode {
	case config.UserSignupOpen:
		return "", nil
	case config.UserSignupInvite:
		invited, err := dbsqlc.New().InvitationPendingForEmail(ctx, db, dbsqlc.InvitationPendingForEmailParams{Email: email, Now: now})
		if err != nil {
			return "", fmt.Errorf("pending invitations of the email: %w", err)
		}
		if invited {
			return "", nil
		}
		return "Sign-up on this server is by invitation: this email has no pending invitation to a project.", nil
	}
	return "Sign-up is closed on this server; ask its operator for an account.", nil
}

// domainAllowed reports whether email's domain is one of allowed (any when it is empty).
func domainAllowed(email string, allowed []string) bool {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return false
	}
	domain := strings.ToLower(email[at+1:])
	return len(allowed) == 0 || slices.ContainsFunc(allowed, func(d string) bool { return strings.EqualFold(d, domain) })
}
