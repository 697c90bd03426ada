package apitest

import (
	"context"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/http/people"
)

// Password is the password of the accounts NewUser makes.
const Password = "correct horse battery staple"

// NewUser creates an account with Password in the database, as promptops users create
// does.
func (e *Env) NewUser(email string) *dbsqlc.User {
	e.t.Helper()
	u, err := people.Create(context.Background(), e.Pool, people.NewUser{Email: email, Name: "User " + email, Password: Password, EmailProven: true})
	require.NoError(e.t, err)
	return u
}

// AddMember makes a user a member of a project with role, in the database.
func (e *Env) AddMember(projectID, userID uuid.UUID, role string) {
	e.t.Helper()
	_, err := e.Pool.Exec(context.Background(), "INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, $3)", projectID, userID, role)
	require.NoError(e.t, err)
}
