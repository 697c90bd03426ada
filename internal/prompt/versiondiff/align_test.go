package versiondiff

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// fewShot is a conversation with one few-shot example before the question.
func fewShot() []Message {
	return []Message{
		{Role: "system", Content: "You classify support tickets."},
		{Role: "user", Content: "My invoice is wrong."},
		{Role: "assistant", Content: "billing"},
		{Role: "user", Content: "{{ticket}}"},
	}
}

// statuses are the items' statuses with their old and new indices (-1 for none).
func statuses(t *testing.T, d Diff) [][3]any {
	t.Helper()
	require.NotNil(t, d.Messages)
	out := make([][3]any, len(d.Messages.Items))
	for k, item := range d.Messages.Items {
		a, b := -1, -1
		if item.OldIndex != nil {
			a = *item.OldIndex
		}
		if item.NewIndex != nil {
			b = *item.NewIndex
		}
		out[k] = [3]any{item.Status, a, b}
	}
	return out
}

func TestCompareAlignsMessages(t *testing.T) {
	t.Parallel()

	t.Run("InsertedInTheMiddleIsOneInsertion", func(t *testing.T) {
		t.Parallel()
		to := fewShot()
		to = append(to[:3:3], Message{Role: "user", Content: "The app crashes on start."}, Message{Role: "assistant", Content: "bug"}, to[3])
		d, err := Compare(Version{Messages: fewShot()}, Version{Messages: to})
		require.NoError(t, err)
		require.Equal(t, [][3]any{
			{MessageUnchanged, 0, 0}, {MessageUnchanged, 1, 1}, {MessageUnchanged, 2, 2},
			{MessageAdded, -1, 3}, {MessageAdded, -1, 4}, {MessageUnchanged, 3, 5},
		}, statuses(t, d))
		require.False(t, d.Messages.Items[5].Content.Changed, "the question did not change")
	})
	t.Run("ReorderIsOneMove", func(t *testing.T) {
		t.Parallel()
		from := fewShot()
		to := []Message{from[0], from[3], from[1], from[2]}
		d, err := Compare(Version{Messages: from}, Version{Messages: to})
		require.NoError(t, err)
		require.Equal(t, [][3]any{
			{MessageUnchanged, 0, 0}, {MessageMoved, 3, 1}, {MessageUnchanged, 1, 2}, {MessageUnchanged, 2, 3},
		}, statuses(t, d))
		require.False(t, d.Messages.Items[1].Content.Changed)
		require.True(t, d.Messages.Items[1].Changed)
	})
	t.Run("SimilarMessagePairedWithItsCounterpart", func(t *testing.T) {
		t.Parallel()
		to := fewShot()
		to[1].Content = "My invoice is wrong again."
		to = append(to[:1:1], append([]Message{{Role: "user", Content: "Hello"}}, to[1:]...)...)
		d, err := Compare(Version{Messages: fewShot()}, Version{Messages: to})
		require.NoError(t, err)
		require.Equal(t, [][3]any{
			{MessageUnchanged, 0, 0}, {MessageAdded, -1, 1}, {MessageModified, 1, 2}, {MessageUnchanged, 2, 3}, {MessageUnchanged, 3, 4},
		}, statuses(t, d))
	})
	t.Run("RemovedMessage", func(t *testing.T) {
		t.Parallel()
		from := fewShot()
		d, err := Compare(Version{Messages: from}, Version{Messages: []Message{from[0], from[3]}})
		require.NoError(t, err)
		require.Equal(t, [][3]any{
			{MessageUnchanged, 0, 0}, {MessageRemoved, 1, -1}, {MessageRemoved, 2, -1}, {MessageUnchanged, 3, 1},
		}, statuses(t, d))
	})
}

func TestCompareMarksWordsWithinLines(t *testing.T) {
	t.Parallel()

	from := fewShot()
	to := fewShot()
	from[0].Content = "You classify support tickets.\nBe brief.\nAnswer with one word."
	to[0].Content = "You classify support tickets.\nBe brief and kind.\nAnswer with one label."
	d, err := Compare(Version{Messages: from}, Version{Messages: to})
	require.NoError(t, err)
	item := d.Messages.Items[0]
	require.Equal(t, MessageModified, item.Status)
	require.Equal(t, []LineDiff{
		{Kind: LineSame, OldLine: new(1), NewLine: new(1), Old: []Span{{Text: "You classify support tickets."}}, New: []Span{{Text: "You classify support tickets."}}},
		{
			Kind: LineChanged, OldLine: new(2), NewLine: new(2),
			Old: []Span{{Text: "Be brief."}},
			New: []Span{{Text: "Be brief"}, {Text: " and kind", Changed: true}, {Text: "."}},
		},
		{
			Kind: LineChanged, OldLine: new(3), NewLine: new(3),
			Old: []Span{{Text: "Answer with one "}, {Text: "word", Changed: true}, {Text: "."}},
			New: []Span{{Text: "Answer with one "}, {Text: "label", Changed: true}, {Text: "."}},
		},
	}, item.Content.Lines)
}

func TestCompareLinesKeepContext(t *testing.T) {
	t.Parallel()

	from := longTemplate()
	to := "new first line\n" + from
	rows := compareLines(from, to)
	require.Len(t, rows, 4, "the added line and three lines after it")
	require.Equal(t, LineDiff{Kind: LineAdded, NewLine: new(1), Old: []Span{}, New: []Span{{Text: "new first line", Changed: true}}}, rows[0])
	require.Equal(t, 3, *rows[3].OldLine)
	require.Equal(t, 4, *rows[3].NewLine)
}

func TestCompareToolsByName(t *testing.T) {
	t.Parallel()

	from := reference()
	to := clone(from)
	to.Tools = json.RawMessage(`[{"type": "function", "function": {"name": "search_faq", "parameters": {"type": "object"}}},
		{"type": "function", "function": {"name": "get_weather",
			"parameters": {"type": "object", "required": ["location"], "properties": {
				"location": {"type": "string", "description": "City"},
				"unit": {"type": "string", "enum": ["c", "f"]}}}}}]`)
	d, err := Compare(from, to)
	require.NoError(t, err)
	require.Equal(t, []JSONChange{
		{Pointer: "/0", Op: JSONAdd, Old: jsonNull, New: json.RawMessage(`{"function":{"name":"search_faq","parameters":{"type":"object"}},"type":"function"}`)},
		{Pointer: "/1/function/parameters/properties/location/description", Op: JSONReplace, Old: json.RawMessage(`"City name"`), New: json.RawMessage(`"City"`)},
	}, d.Tools.Changes)

	t.Run("Reordered", func(t *testing.T) {
		t.Parallel()
		a := json.RawMessage(`[{"function": {"name": "a"}}, {"function": {"name": "b"}}]`)
		b := json.RawMessage(`[{"function": {"name": "b"}}, {"function": {"name": "a"}}]`)
		back, err := Compare(Version{Tools: a}, Version{Tools: b})
		require.NoError(t, err)
		require.Equal(t, []JSONChange{{Pointer: "/1", Op: JSONMove, From: "/0", Old: jsonNull, New: jsonNull}}, back.Tools.Changes)
	})
	t.Run("UnnamedToolsAsJSON", func(t *testing.T) {
		t.Parallel()
		d, err := Compare(Version{Tools: json.RawMessage(`[{"a": 1}]`)}, Version{Tools: json.RawMessage(`[{"a": 2}]`)})
		require.NoError(t, err)
		require.Equal(t, []JSONChange{{Pointer: "/0/a", Op: JSONReplace, Old: json.RawMessage(`1`), New: json.RawMessage(`2`)}}, d.Tools.Changes)
	})
}

func TestCompareListsEachChangeOnce(t *testing.T) {
	t.Parallel()

	t.Run("ConversationWithoutLegacyViews", func(t *testing.T) {
		t.Parallel()
		from, to := fewShot(), fewShot()
		to[3].Content = "Ticket: {{ticket}}"
		d, err := Compare(Version{Messages: from, SystemPrompt: from[0].Content, UserTemplate: from[3].Content},
			Version{Messages: to, SystemPrompt: to[0].Content, UserTemplate: to[3].Content})
		require.NoError(t, err)
		require.Nil(t, d.SystemPrompt)
		require.Nil(t, d.UserTemplate)
		require.True(t, d.Messages.Changed)
		raw, err := json.Marshal(d)
		require.NoError(t, err)
		require.NotContains(t, string(raw), "userTemplate")
	})
	t.Run("ReferenceVersionWithoutMessages", func(t *testing.T) {
		t.Parallel()
		from, to := reference(), clone(reference())
		to.Messages[0].Content, to.SystemPrompt = "Be kind.", "Be kind."
		d, err := Compare(from, to)
		require.NoError(t, err)
		require.Nil(t, d.Messages)
		require.True(t, d.SystemPrompt.Changed)
		require.False(t, d.UserTemplate.Changed)
	})
}
