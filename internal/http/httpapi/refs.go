package httpapi

import (
	"context"
	"fmt"
	"strconv"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/http/gateway"
)

// promptID reads a path's prompt reference, an id or a slug of the key's project, in db
// (pgx.ErrNoRows when no prompt has the slug). Every path that names a prompt goes
// through it; an id is taken as it is, since the queries that use it are of the key's
// project, so an unknown id and an unknown slug are the same 404.
func (s *Server) promptID(ctx context.Context, db dbsqlc.DBTX, ref api.PromptIdOrSlug) (uuid.UUID, error) {
	if gateway.UUIDShaped(ref) {
		return uuid.Parse(ref)
	}
	id, err := s.q.PromptIDBySlug(ctx, db, dbsqlc.PromptIDBySlugParams{ProjectID: gateway.Key(ctx).ProjectID, Slug: ref})
	if err != nil {
		return uuid.Nil, fmt.Errorf("find prompt %s: %w", ref, err)
	}
	return id, nil
}

// prompt is the prompt of the key's project a path names by id or slug (pgx.ErrNoRows
// when there is none).
func (s *Server) prompt(ctx context.Context, ref api.PromptIdOrSlug) (*dbsqlc.Prompt, error) {
	id, err := s.promptID(ctx, s.db, ref)
	if err != nil {
		return nil, err
	}
	row, err := s.q.PromptGet(ctx, s.db, dbsqlc.PromptGetParams{ProjectID: gateway.Key(ctx).ProjectID, ID: id})
	if err != nil {
		return nil, fmt.Errorf("get prompt %s: %w", ref, err)
	}
	return row, nil
}

// lockPrompt takes the row lock of the prompt a path names by id or slug, for a deployment
// change in tx (pgx.ErrNoRows when the project has no such prompt).
func (s *Server) lockPrompt(ctx context.Context, tx pgx.Tx, ref api.PromptIdOrSlug) (*dbsqlc.Prompt, error) {
	id, err := s.promptID(ctx, tx, ref)
	if err != nil {
		return nil, err
	}
	return s.q.PromptLock(ctx, tx, dbsqlc.PromptLockParams{ProjectID: gateway.Key(ctx).ProjectID, ID: id})
}

// versionRef names a version of a prompt by its id or, when id is nil, by its number.
type versionRef struct {
	id     *uuid.UUID
	number *int32
}

// versionRefOf reads a path's or query's version reference: an id, or a number from 1.
// The spec's pattern lets nothing else through; anything else (from an in-process caller)
// names no version, so looking it up finds none.
func versionRefOf(ref api.VersionIdOrNumber) versionRef {
	if gateway.UUIDShaped(ref) {
		id := uuid.MustParse(ref)
		return versionRef{id: &id}
	}
	n, err := strconv.ParseInt(ref, 10, 32)
	if err != nil || n < 1 {
		return versionRef{}
	}
	return versionRef{number: new(int32(n))}
}

// String is the reference as a path writes it, for error messages.
func (r versionRef) String() string {
	switch {
	case r.id != nil:
		return r.id.String()
	case r.number != nil:
		return strconv.Itoa(int(*r.number))
	}
	return "none"
}

// version is the version of a prompt of the key's project that ref names, in db
// (pgx.ErrNoRows when it has none, a number past its newest included).
func (s *Server) version(ctx context.Context, db dbsqlc.DBTX, promptID uuid.UUID, ref versionRef) (*dbsqlc.PromptVersion, error) {
	v, err := s.q.VersionFind(ctx, db, dbsqlc.VersionFindParams{
		ProjectID: gateway.Key(ctx).ProjectID, PromptID: promptID, ID: ref.id, VersionNumber: ref.number,
	})
	if err != nil {
		return nil, fmt.Errorf("find version %s of %s: %w", ref, promptID, err)
	}
	return v, nil
}

// pathVersion is the version a path names: a prompt by id or slug, and one of its versions
// by id or number (pgx.ErrNoRows when either names none).
func (s *Server) pathVersion(ctx context.Context, prompt api.PromptIdOrSlug, version api.VersionIdOrNumber) (*dbsqlc.PromptVersion, error) {
	promptID, err := s.promptID(ctx, s.db, prompt)
	if err != nil {
		return nil, err
	}
	return s.version(ctx, s.db, promptID, versionRefOf(version))
}
