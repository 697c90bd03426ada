// Package people creates accounts and the personal tokens they act through: the rules that
// sign-up and sign-in over the API and the operator's command line share. It also holds
// the API's view of a user.
package people

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/store/database"
)

// SignInTTL is how long a token made by signing in with a password works.
const SignInTTL = 12 * time.Hour

// InvitationTTL is how long an invitation can be accepted.
const InvitationTTL = 7 * 24 * time.Hour

// SignInTokenName names the tokens that signing in makes, in the user's list of tokens.
const SignInTokenName = "sign-in"

// ErrEmailTaken is returned by Create when an account has the email already, whatever
// its case.
var ErrEmailTaken = errors.New("an account with this email exists already")

// ErrBadEmail is returned by Create for an email of another shape than the spec's Email
// (one @ with something on each side, no spaces, 3 to 254 characters): the API refuses
// such an email before, the command line through it.
var ErrBadEmail = errors.New("the email must have one @ with something on each side, no spaces, and 3 to 254 characters")

// emailPattern is the spec's Email pattern.
var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)

// WeakPasswordError is returned by Create for a password below the minimum strength
// (auth.PasswordProblem); Problem says why, as a field problem words it.
type WeakPasswordError struct{ Problem string }

func (e *WeakPasswordError) Error() string { return "the password " + e.Problem }

// NewUser is an account to create.
type NewUser struct {
	Email, Name, Password string
	// InstanceOwner may create projects even when project sign-up is closed.
	InstanceOwner bool
	// EmailProven is whether whoever made the account showed the email is theirs: the
	// operator or a provider did, signing up with a password does not.
	EmailProven bool
}

// Create makes an account, its password hashed (auth.HashPassword); the password is
// checked for strength first and never kept.
func Create(ctx context.Context, db dbsqlc.DBTX, u NewUser) (*dbsqlc.User, error) {
	if n := utf8.RuneCountInString(u.Email); n < 3 || n > 254 || !emailPattern.MatchString(u.Email) {
		return nil, ErrBadEmail
	}
	if problem := auth.PasswordProblem(u.Password, u.Email); problem != "" {
		return nil, &WeakPasswordError{Problem: problem}
	}
	row, err := dbsqlc.New().UserCreate(ctx, db, dbsqlc.UserCreateParams{
		Email: u.Email, Name: u.Name, PasswordHash: auth.HashPassword(u.Password), InstanceOwner: u.InstanceOwner,
		EmailProven: u.EmailProven,
	})
	if database.UniqueViolation(err, "users_email_key") {
		return nil, ErrEmailTaken
	}
	if err != nil {
		return nil, fmt.Errorf("insert user: %w", err)
	}
	return row, nil
}

// Token is a personal token as made, with the one time it is known in full.
type Token struct {
	Row   *dbsqlc.PersonalToken
	Token string
}

// IssueToken makes a personal token of a user, named name, working until expiresAt (nil:
// until revoked).
func IssueToken(ctx context.Context, db dbsqlc.DBTX, userID uuid.UUID, name string, expiresAt *time.Time) (*Token, error) {
	q := dbsqlc.New()
	// Each token issued makes room first: the user's tokens revoked or expired over 30 days
	// ago go, so their rows are bounded by what 30 days of signing in makes.
	if _, err := q.PersonalTokenPurge(ctx, db, userID); err != nil {
		return nil, fmt.Errorf("purge old personal tokens: %w", err)
	}
	token, prefix, hash := auth.NewToken()
	row, err := q.PersonalTokenCreate(ctx, db, dbsqlc.PersonalTokenCreateParams{
		UserID: userID, TokenHash: hash, TokenPrefix: prefix, Name: name, ExpiresAt: expiresAt,
	})
	if err != nil {
		return nil, fmt.Errorf("insert personal token: %w", err)
	}
	return &Token{Row: row, Token: token}, nil
}

// APIUser is the API's view of a user: never the password's hash.
func APIUser(u *dbsqlc.User) api.User {
	return api.User{Id: u.ID, Email: u.Email, Name: u.Name, InstanceOwner: u.InstanceOwner, CreatedAt: u.CreatedAt}
}
