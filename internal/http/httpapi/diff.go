package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/prompt/versiondiff"
)

// DiffVersion compares a version with another of the same prompt (by default the one
// numbered one lower; version 1 alone is compared with nothing). Either may be named by id
// or by number.
func (s *Server) DiffVersion(ctx context.Context, req api.DiffVersionRequestObject) (api.DiffVersionResponseObject, error) {
	v, err := s.pathVersion(ctx, req.PromptId, req.VersionId)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.DiffVersion404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgVersionNotFound)}, nil
	}
	if err != nil {
		return nil, err
	}
	against, err := s.diffBase(ctx, v, req.Params.Against)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.DiffVersion404JSONResponse{NotFoundJSONResponse: notFound(ctx, "The version to compare with is not a version of this prompt.")}, nil
	}
	if err != nil {
		return nil, err
	}
	out, err := compareVersions(v, against)
	if err != nil {
		return nil, err
	}
	return api.DiffVersion200JSONResponse{Data: out}, nil
}

// compareVersions is the diff of v against the version against (nil: against nothing).
func compareVersions(v, against *dbsqlc.PromptVersion) (api.VersionDiff, error) {
	out := api.VersionDiff{VersionId: v.ID, VersionNumber: int(v.VersionNumber)}
	to, err := diffSide(v)
	if err != nil {
		return out, err
	}
	from := versiondiff.Version{}
	if against != nil {
		if from, err = diffSide(against); err != nil {
			return out, err
		}
		out.AgainstVersionId = nullableOf(&against.ID)
		out.AgainstVersionNumber = nullableInt(&against.VersionNumber)
	} else {
		out.AgainstVersionId, out.AgainstVersionNumber = nullableOf[uuid.UUID](nil), nullableInt(nil)
	}
	d, err := versiondiff.Compare(from, to)
	if err != nil {
		return out, fmt.Errorf("diff version %s: %w", v.ID, err)
	}
	out.Changed, out.Fields = d.Changed, fieldDiffs(d)
	return out, nil
}

// diffBase is the version to compare v with: the one asked for (by id or number), else the
// one numbered one lower, else none (nil) for version 1.
func (s *Server) diffBase(ctx context.Context, v *dbsqlc.PromptVersion, against *api.VersionIdOrNumber) (*dbsqlc.PromptVersion, error) {
	if against != nil {
		return s.version(ctx, s.db, v.PromptID, versionRefOf(*against))
	}
	if v.VersionNumber == 1 {
		return nil, nil
	}
	base, err := s.q.VersionGetByNumber(ctx, s.db, dbsqlc.VersionGetByNumberParams{PromptID: v.PromptID, VersionNumber: v.VersionNumber - 1})
	if err != nil {
		return nil, fmt.Errorf("get version %d: %w", v.VersionNumber-1, err)
	}
	return base, nil
}

// diffSide is a stored version as the diff compares it.
func diffSide(v *dbsqlc.PromptVersion) (versiondiff.Version, error) {
	c, err := contentOf(v)
	if err != nil {
		return versiondiff.Version{}, err
	}
	out := versiondiff.Version{
		SystemPrompt: v.SystemPrompt, UserTemplate: v.UserTemplate, Model: v.Model, Temperature: v.Temperature,
		Provider: c.Provider, ToolChoice: c.ToolChoice, VariablesSchema: c.VariablesSchema, Metadata: v.Metadata,
	}
	if v.MaxTokens != nil {
		out.MaxTokens = new(int(*v.MaxTokens))
	}
	for _, m := range c.Messages {
		out.Messages = append(out.Messages, versiondiff.Message{Role: string(m.Role), Content: m.Content})
	}
	for field, value := range map[*json.RawMessage]any{&out.Tools: c.Tools, &out.ResponseFormat: c.ResponseFormat, &out.ModelParameters: c.ModelParameters} {
		if *field, err = json.Marshal(value); err != nil {
			return versiondiff.Version{}, err
		}
	}
	return out, nil
}

// fieldDiffs lists a diff's fields in the spec's order: the messages as aligned (or the
// reference's views of them), then the rest.
func fieldDiffs(d versiondiff.Diff) []api.FieldDiff {
	var out []api.FieldDiff
	if d.Messages != nil {
		for _, m := range d.Messages.Items {
			out = append(out, messageField(m))
		}
	} else {
		out = append(out, textField("systemPrompt", *d.SystemPrompt), textField("userTemplate", *d.UserTemplate))
	}
	return append(out,
		scalarField("model", d.Model), scalarField("temperature", d.Temperature),
		scalarField("maxTokens", d.MaxTokens), scalarField("provider", d.Provider),
		jsonField("tools", d.Tools), jsonField("toolChoice", d.ToolChoice), jsonField("responseFormat", d.ResponseFormat),
		jsonField("modelParameters", d.ModelParameters), jsonField("variablesSchema", d.VariablesSchema),
		jsonField("metadata", d.Metadata))
}

// messageField is one aligned message, named by its index in the new version, or in the
// old one (a/…) when it was removed.
func messageField(m versiondiff.MessageDiff) api.FieldDiff {
	var name string
	if m.NewIndex != nil {
		name = "messages/" + strconv.Itoa(*m.NewIndex)
	} else {
		name = "a/messages/" + strconv.Itoa(*m.OldIndex)
	}
	f := textField(name, m.Content)
	f.Changed, f.Status = m.Changed, new(api.FieldDiffStatus(m.Status))
	f.OldIndex, f.NewIndex, f.OldRole, f.NewRole = m.OldIndex, m.NewIndex, m.Role.Old, m.Role.New
	return f
}

func textField(name string, t versiondiff.TextDiff) api.FieldDiff {
	f := api.FieldDiff{Field: name, Changed: t.Changed}
	if t.Changed {
		f.Diff = new(t.Unified)
	}
	if len(t.Lines) > 0 {
		lines := make([]api.DiffLine, len(t.Lines))
		for i, l := range t.Lines {
			lines[i] = api.DiffLine{Kind: api.DiffLineKind(l.Kind), OldLine: l.OldLine, NewLine: l.NewLine, Old: spans(l.Old), New: spans(l.New)}
		}
		f.Lines = &lines
	}
	return f
}

func spans(in []versiondiff.Span) []api.DiffSpan {
	out := make([]api.DiffSpan, len(in))
	for i, s := range in {
		out[i] = api.DiffSpan{Text: s.Text, Changed: s.Changed}
	}
	return out
}

func scalarField[T any](name string, s versiondiff.ScalarDiff[T]) api.FieldDiff {
	f := api.FieldDiff{Field: name, Changed: s.Changed}
	if s.Changed {
		oldRaw, _ := json.Marshal(s.Old)
		newRaw, _ := json.Marshal(s.New)
		f.Old, f.New = rawPtr(oldRaw), rawPtr(newRaw)
	}
	return f
}

func jsonField(name string, j versiondiff.JSONDiff) api.FieldDiff {
	f := api.FieldDiff{Field: name, Changed: j.Changed}
	if j.Changed {
		changes := make([]api.PointerChange, len(j.Changes))
		for i, c := range j.Changes {
			changes[i] = api.PointerChange{Pointer: c.Pointer, Op: new(api.PointerChangeOp(c.Op)), Old: rawPtr(c.Old), New: rawPtr(c.New)}
			if c.From != "" {
				changes[i].From = new(c.From)
			}
		}
		f.Changes = &changes
	}
	return f
}

// rawPtr is a JSON value for an optional field: absent when there is none, or when it is
// null (the spec's values cannot be null).
func rawPtr(raw json.RawMessage) *json.RawMessage {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	return &raw
}
