package console

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
)

func TestLineRowsMarkGaps(t *testing.T) {
	t.Parallel()
	lines := []api.DiffLine{
		{Kind: api.DiffLineKindSame, OldLine: new(1), NewLine: new(1)},
		{Kind: api.DiffLineKindAdded, NewLine: new(2)},
		{Kind: api.DiffLineKindSame, OldLine: new(9), NewLine: new(10)},
	}
	rows := lineRows(api.FieldDiff{Lines: &lines})
	require.Len(t, rows, 3)
	require.False(t, rows[0].Gap)
	require.False(t, rows[1].Gap)
	require.Equal(t, "", rows[1].OldNo)
	require.True(t, rows[2].Gap, "lines 2 to 8 were left out")
	require.Equal(t, "10", rows[2].NewNo)
}

func TestChangeRows(t *testing.T) {
	t.Parallel()
	raw := func(s string) *json.RawMessage { r := json.RawMessage(s); return &r }
	add, move := api.PointerChangeOpAdd, api.PointerChangeOpMove
	rows := changeRows([]api.FieldDiff{
		{Field: "messages/0", Changed: true, Status: new(api.FieldDiffStatusAdded)},
		{Field: "userTemplate", Changed: true},
		{Field: "temperature", Changed: true, Old: raw("0.7"), New: raw("0.2")},
		{Field: "model", Changed: false},
		{Field: "tools", Changed: true, Changes: &[]api.PointerChange{
			{Pointer: "/0", Op: &add, New: raw(`{"a":1}`)},
			{Pointer: "/2", Op: &move, From: new("/1")},
		}},
	})
	require.Equal(t, []changeRow{
		{Field: "temperature", Op: "replace", Old: "0.7", New: "0.2"},
		{Field: "tools/0", Op: "add", New: "{\n  \"a\": 1\n}"},
		{Field: "tools/2", Op: "move from tools/1"},
	}, rows)
}

func TestFieldLabel(t *testing.T) {
	t.Parallel()
	for want, f := range map[string]api.FieldDiff{
		"userTemplate":                {Field: "userTemplate"},
		"message #3 user":             {Status: new(api.FieldDiffStatusAdded), NewIndex: new(2), NewRole: new("user")},
		"message #2 assistant":        {Status: new(api.FieldDiffStatusRemoved), OldIndex: new(1), OldRole: new("assistant")},
		"message #4 → #2 user":        {Status: new(api.FieldDiffStatusMoved), OldIndex: new(3), NewIndex: new(1), OldRole: new("user"), NewRole: new("user")},
		"message #1 user → developer": {Status: new(api.FieldDiffStatusModified), OldIndex: new(0), NewIndex: new(0), OldRole: new("user"), NewRole: new("developer")},
	} {
		require.Equal(t, want, fieldLabel(f))
	}
}
