package rendering

import (
	"context"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/release/assign"
	"github.com/promptops/promptops/internal/tracing"
)

// Deployed is what a slug resolves to in an environment: its current version and, while a
// rolling release moves it, that release with its candidate, both prepared. The server
// caches one per slug and the edge holds one, so that either assigns a subject with no
// further read.
type Deployed struct {
	Current *Live
	// Release is the rolling release moving the prompt (nil when none does).
	Release *Release
}

// Release is a rolling release's split of one prompt: the share of subjects (0–100) on
// the candidate, decided by the release's salt (package assign).
type Release struct {
	ID        uuid.UUID
	Salt      string
	Percent   float64
	Candidate *Live
}

// For is the prepared version subject gets ("" for none: the current version).
func (d *Deployed) For(subject string) *Live {
	if d.Release == nil || assign.Variant(d.Release.Salt, subject, d.Release.Percent) == assign.Current {
		return d.Current
	}
	return d.Release.Candidate
}

// Lives are the prepared versions d holds: the current one, then the candidate, if any.
func (d *Deployed) Lives() []*Live {
	if d.Release == nil {
		return []*Live{d.Current}
	}
	return []*Live{d.Current, d.Release.Candidate}
}

// InRelease marks live as the variant (assign.Current or assign.Candidate) of release id,
// before Include or Finish: its answers name the release, and its ETag differs from the
// same version's outside the release and in the other variant.
func (live *Live) InRelease(id uuid.UUID, variant string) {
	live.data.Release = nullable.NewNullableWithValue(api.ReleaseAssignment{Id: id, Variant: api.ReleaseAssignmentVariant(variant)})
	live.releaseHeader = []string{id.String() + "; variant=" + variant}
	live.releaseID, live.variant = id, variant
}

// Trace puts on ctx's span, when it records, the version live serves: its prompt, number,
// environment and release, with projectID (uuid.Nil where unknown).
func (live *Live) Trace(ctx context.Context, projectID uuid.UUID) {
	span := tracing.Recording(ctx)
	if span == nil {
		return
	}
	tracing.SetServed(span, tracing.Served{ProjectID: projectID, Environment: string(live.data.Environment), Slug: live.data.Slug,
		Version: live.data.VersionNumber, ReleaseID: live.releaseID, Variant: live.variant})
}

// ReleaseHeader is the PromptOps-Release header of live's answers ("" outside a release).
func (live *Live) ReleaseHeader() string {
	if live.releaseHeader == nil {
		return ""
	}
	return live.releaseHeader[0]
}

// releaseSuffix is what the ETag adds in a release: its id and the variant.
func (live *Live) releaseSuffix() string {
	r, err := live.data.Release.Get()
	if err != nil {
		return ""
	}
	return "-" + r.Id.String() + "-" + string(r.Variant)
}

// Subject is the subject of a resolve or render: the subject query parameter or the
// PromptOps-Subject header ("" for neither). Both given and different is a problem.
func Subject(query, header *string) (string, *api.FieldProblem) {
	switch {
	case query != nil && header != nil && *query != *header:
		return "", &api.FieldProblem{Field: "subject", Problem: "differs from the PromptOps-Subject header: give the subject once, or the same in both"}
	case query != nil:
		return *query, nil
	case header != nil:
		return *header, nil
	}
	return "", nil
}
