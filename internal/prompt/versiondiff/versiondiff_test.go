package versiondiff

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// longTemplate is a 20-line user template, "line a" to "line t", without a final newline.
func longTemplate() string {
	lines := make([]string, 20)
	for i := range lines {
		lines[i] = "line " + string(rune('a'+i))
	}
	return strings.Join(lines, "\n")
}

// reference is a reference-style version: its messages are [system, user].
func reference() Version {
	maxTokens, provider := 512, "openai"
	return Version{
		Messages: []Message{
			{Role: "system", Content: "You are a helpful assistant.\nAnswer briefly."},
			{Role: "user", Content: longTemplate()},
		},
		SystemPrompt: "You are a helpful assistant.\nAnswer briefly.",
		UserTemplate: longTemplate(),
		Model:        "gpt-4o",
		Temperature:  0.7,
		MaxTokens:    &maxTokens,
		Provider:     &provider,
		Tools: json.RawMessage(`[{"type": "function", "function": {"name": "get_weather",
			"parameters": {"type": "object", "required": ["location"], "properties": {
				"location": {"type": "string", "description": "City name"},
				"unit": {"type": "string", "enum": ["c", "f"]}}}}}]`),
		ToolChoice:      json.RawMessage(`"auto"`),
		ResponseFormat:  json.RawMessage(`{"type": "json_object"}`),
		ModelParameters: json.RawMessage(`{"top_p": 0.9, "seed": 42}`),
		VariablesSchema: json.RawMessage(`{"type": "object", "properties": {"name": {"type": "string"}}}`),
		Metadata:        json.RawMessage(`{"team": "support", "tags": ["faq", "v2"]}`),
	}
}

// clone copies the slices and pointers that mutations change, so cases never share them.
func clone(v Version) Version {
	v.Messages = append([]Message(nil), v.Messages...)
	if v.MaxTokens != nil {
		n := *v.MaxTokens
		v.MaxTokens = &n
	}
	if v.Provider != nil {
		p := *v.Provider
		v.Provider = &p
	}
	return v
}

func TestCompare(t *testing.T) {
	t.Parallel()

	for name, tc := range map[string]struct {
		mutate func(v *Version)
		check  func(t *testing.T, d Diff)
	}{
		"Identical": {
			mutate: func(*Version) {},
			check: func(t *testing.T, d Diff) {
				requireChangedOnly(t, d)
				require.Nil(t, d.Messages, "a reference version's texts are its system prompt and user template")
				require.Equal(t, &TextDiff{}, d.SystemPrompt)
				require.Equal(t, &TextDiff{}, d.UserTemplate)
				require.Equal(t, ScalarDiff[string]{Old: "gpt-4o", New: "gpt-4o"}, d.Model)
			},
		},
		"OneLineOfALongTemplate": {
			mutate: func(v *Version) {
				v.UserTemplate = strings.Replace(v.UserTemplate, "line j", "line J, changed", 1)
			},
			check: func(t *testing.T, d Diff) {
				requireChangedOnly(t, d, "userTemplate")
				require.Equal(t, `--- a/userTemplate
+++ b/userTemplate
@@ -7,7 +7,7 @@
 line g
 line h
 line i
-line j
+line J, changed
 line k
 line l
 line m
`, d.UserTemplate.Unified)
				require.Len(t, d.UserTemplate.Lines, 7)
			},
		},
		"LastLineWithoutNewline": {
			mutate: func(v *Version) { v.SystemPrompt = "You are a helpful assistant.\nAnswer at length." },
			check: func(t *testing.T, d Diff) {
				requireChangedOnly(t, d, "systemPrompt")
				require.Equal(t, `--- a/systemPrompt
+++ b/systemPrompt
@@ -1,2 +1,2 @@
 You are a helpful assistant.
-Answer briefly.
\ No newline at end of file
+Answer at length.
\ No newline at end of file
`, d.SystemPrompt.Unified)
			},
		},
		"AddedMessage": {
			mutate: func(v *Version) {
				v.Messages = append(v.Messages, Message{Role: "assistant", Content: "Sure.\nWhat city?"})
			},
			check: func(t *testing.T, d Diff) {
				requireChangedOnly(t, d, "messages")
				require.Len(t, d.Messages.Items, 3)
				require.False(t, d.Messages.Items[0].Changed)
				require.False(t, d.Messages.Items[1].Changed)
				item := d.Messages.Items[2]
				require.Equal(t, MessageAdded, item.Status)
				require.True(t, item.Changed)
				require.Nil(t, item.OldIndex)
				require.Equal(t, new(2), item.NewIndex)
				require.Equal(t, ScalarDiff[*string]{Changed: true, Old: nil, New: new("assistant")}, item.Role)
				require.Equal(t, `--- /dev/null
+++ b/messages/2/content
@@ -0,0 +1,2 @@
+Sure.
+What city?
\ No newline at end of file
`, item.Content.Unified)
				require.Equal(t, []LineDiff{
					{Kind: LineAdded, NewLine: new(1), Old: []Span{}, New: []Span{{Text: "Sure.", Changed: true}}},
					{Kind: LineAdded, NewLine: new(2), Old: []Span{}, New: []Span{{Text: "What city?", Changed: true}}},
				}, item.Content.Lines)
			},
		},
		"RemovedMessage": {
			mutate: func(v *Version) { v.Messages = v.Messages[:1] },
			check: func(t *testing.T, d Diff) {
				requireChangedOnly(t, d, "messages")
				require.Len(t, d.Messages.Items, 2)
				item := d.Messages.Items[1]
				require.Equal(t, MessageRemoved, item.Status)
				require.Equal(t, ScalarDiff[*string]{Changed: true, Old: new("user"), New: nil}, item.Role)
				require.True(t, item.Content.Changed)
				require.True(t, strings.HasPrefix(item.Content.Unified,
					"--- a/messages/1/content\n+++ /dev/null\n@@ -1,20 +0,0 @@\n-line a\n"), item.Content.Unified)
			},
		},
		"MessageRoleOnly": {
			mutate: func(v *Version) { v.Messages[1].Role = "developer" },
			check: func(t *testing.T, d Diff) {
				requireChangedOnly(t, d, "messages")
				item := d.Messages.Items[1]
				require.Equal(t, MessageModified, item.Status)
				require.Equal(t, ScalarDiff[*string]{Changed: true, Old: new("user"), New: new("developer")}, item.Role)
				require.Equal(t, TextDiff{}, item.Content)
			},
		},
		"MessageContent": {
			mutate: func(v *Version) {
				v.Messages[0].Content = "You are a terse assistant.\nAnswer briefly."
				v.Messages = append(v.Messages, Message{Role: "assistant", Content: "OK."})
			},
			check: func(t *testing.T, d Diff) {
				requireChangedOnly(t, d, "messages")
				require.Equal(t, MessageModified, d.Messages.Items[0].Status)
				require.False(t, d.Messages.Items[0].Role.Changed)
				require.Equal(t, "--- a/messages/0/content\n+++ b/messages/0/content\n@@ -1,2 +1,2 @@\n"+
					"-You are a helpful assistant.\n+You are a terse assistant.\n Answer briefly.\n\\ No newline at end of file\n",
					d.Messages.Items[0].Content.Unified)
			},
		},
		"Scalars": {
			mutate: func(v *Version) {
				v.Model, v.Temperature, v.MaxTokens, v.Provider = "gpt-4o-mini", 0.2, nil, new("azure")
			},
			check: func(t *testing.T, d Diff) {
				requireChangedOnly(t, d, "model", "temperature", "maxTokens", "provider")
				require.Equal(t, ScalarDiff[string]{Changed: true, Old: "gpt-4o", New: "gpt-4o-mini"}, d.Model)
				require.Equal(t, ScalarDiff[float64]{Changed: true, Old: 0.7, New: 0.2}, d.Temperature)
				require.Equal(t, ScalarDiff[*int]{Changed: true, Old: new(512), New: nil}, d.MaxTokens)
				require.Equal(t, ScalarDiff[*string]{Changed: true, Old: new("openai"), New: new("azure")}, d.Provider)
			},
		},
		"EqualPointersAreUnchanged": {
			mutate: func(v *Version) { v.MaxTokens, v.Provider = new(512), new("openai") },
			check:  func(t *testing.T, d Diff) { requireChangedOnly(t, d) },
		},
		"DeepToolParameter": {
			mutate: func(v *Version) {
				v.Tools = json.RawMessage(strings.Replace(string(v.Tools), `"City name"`, `"City and country, e.g. Paris, FR"`, 1))
			},
			check: func(t *testing.T, d Diff) {
				requireChangedOnly(t, d, "tools")
				require.Equal(t, []JSONChange{{
					Pointer: "/0/function/parameters/properties/location/description",
					Op:      JSONReplace,
					Old:     json.RawMessage(`"City name"`),
					New:     json.RawMessage(`"City and country, e.g. Paris, FR"`),
				}}, d.Tools.Changes)
			},
		},
		"KeyOrderAndWhitespaceOnly": {
			mutate: func(v *Version) {
				v.Tools = json.RawMessage(`[ { "function" : { "parameters" : { "properties" : { "unit" : { "enum" : [ "c" , "f" ] ,
					"type" : "string" } , "location" : { "description" : "City name" , "type" : "string" } } ,
					"required" : [ "location" ] , "type" : "object" } , "name" : "get_weather" } , "type" : "function" } ]`)
				v.ModelParameters = json.RawMessage("{\n\t\"seed\": 42.0,\n\t\"top_p\": 9e-1\n}\n")
				v.Metadata = json.RawMessage(`{"tags":["faq","v2"],"team":"support"}`)
				v.ToolChoice = json.RawMessage(" \"auto\"\n")
			},
			check: func(t *testing.T, d Diff) { requireChangedOnly(t, d) },
		},
		"ArrayOrderCounts": {
			mutate: func(v *Version) { v.Metadata = json.RawMessage(`{"team": "support", "tags": ["v2", "faq"]}`) },
			check: func(t *testing.T, d Diff) {
				requireChangedOnly(t, d, "metadata")
				require.Equal(t, []JSONChange{
					{Pointer: "/tags/0", Op: JSONReplace, Old: json.RawMessage(`"faq"`), New: json.RawMessage(`"v2"`)},
					{Pointer: "/tags/1", Op: JSONReplace, Old: json.RawMessage(`"v2"`), New: json.RawMessage(`"faq"`)},
				}, d.Metadata.Changes)
			},
		},
		"AddedTool": {
			mutate: func(v *Version) {
				v.Tools = json.RawMessage(strings.TrimSuffix(string(v.Tools), "]") + `, {"type": "function", "function": {"name": "now"}}]`)
			},
			check: func(t *testing.T, d Diff) {
				requireChangedOnly(t, d, "tools")
				require.Equal(t, []JSONChange{{
					Pointer: "/1", Op: JSONAdd,
					Old: json.RawMessage(`null`), New: json.RawMessage(`{"function":{"name":"now"},"type":"function"}`),
				}}, d.Tools.Changes)
			},
		},
		"TypeChange": {
			mutate: func(v *Version) {
				v.ToolChoice = json.RawMessage(`{"type": "function", "function": {"name": "get_weather"}}`)
			},
			check: func(t *testing.T, d Diff) {
				requireChangedOnly(t, d, "toolChoice")
				require.Equal(t, []JSONChange{{
					Pointer: "", Op: JSONReplace,
					Old: json.RawMessage(`"auto"`), New: json.RawMessage(`{"function":{"name":"get_weather"},"type":"function"}`),
				}}, d.ToolChoice.Changes)
			},
		},
		"DocumentRemoved": {
			mutate: func(v *Version) { v.ResponseFormat = nil },
			check: func(t *testing.T, d Diff) {
				requireChangedOnly(t, d, "responseFormat")
				require.Equal(t, []JSONChange{{
					Pointer: "", Op: JSONRemove, Old: json.RawMessage(`{"type":"json_object"}`), New: json.RawMessage(`null`),
				}}, d.ResponseFormat.Changes)
			},
		},
		"EscapedPointers": {
			mutate: func(v *Version) {
				v.Metadata = json.RawMessage(`{"team": "support", "tags": ["faq", "v2"],
					"a/b": 1, "m~n": {"x/~y": true}, "~1": "tilde one", "": "empty key"}`)
			},
			check: func(t *testing.T, d Diff) {
				requireChangedOnly(t, d, "metadata")
				require.Equal(t, []JSONChange{
					{Pointer: "/", Op: JSONAdd, Old: json.RawMessage(`null`), New: json.RawMessage(`"empty key"`)},
					{Pointer: "/a~1b", Op: JSONAdd, Old: json.RawMessage(`null`), New: json.RawMessage(`1`)},
					{Pointer: "/m~0n", Op: JSONAdd, Old: json.RawMessage(`null`), New: json.RawMessage(`{"x/~y":true}`)},
					{Pointer: "/~01", Op: JSONAdd, Old: json.RawMessage(`null`), New: json.RawMessage(`"tilde one"`)},
				}, d.Metadata.Changes)
			},
		},
		"EscapedPointersDeep": {
			mutate: func(v *Version) {
				v.VariablesSchema = json.RawMessage(`{"type": "object", "properties": {"name": {"type": "string"}}, "$defs": {"a/b~c": {"x": 1}}}`)
			},
			check: func(t *testing.T, d Diff) {
				require.Equal(t, []JSONChange{{
					Pointer: "/$defs", Op: JSONAdd, Old: json.RawMessage(`null`), New: json.RawMessage(`{"a/b~c":{"x":1}}`),
				}}, d.VariablesSchema.Changes)
			},
		},
		"NullIsAbsentAtTheTop": {
			mutate: func(v *Version) {
				v.Tools, v.ToolChoice, v.ResponseFormat = json.RawMessage(`null`), nil, json.RawMessage(" \n")
			},
			check: func(t *testing.T, d Diff) {
				// From the base the three are removed; the case below compares the spellings.
				require.Equal(t, JSONRemove, d.Tools.Changes[0].Op)
				require.Equal(t, JSONRemove, d.ToolChoice.Changes[0].Op)
				require.Equal(t, JSONRemove, d.ResponseFormat.Changes[0].Op)
			},
		},
		"NullValueVersusAbsentKey": {
			mutate: func(v *Version) { v.ModelParameters = json.RawMessage(`{"top_p": 0.9, "seed": 42, "stop": null}`) },
			check: func(t *testing.T, d Diff) {
				requireChangedOnly(t, d, "modelParameters")
				require.Equal(t, []JSONChange{{
					Pointer: "/stop", Op: JSONAdd, Old: json.RawMessage(`null`), New: json.RawMessage(`null`),
				}}, d.ModelParameters.Changes)
			},
		},
		"NoHTMLEscaping": {
			mutate: func(v *Version) { v.Metadata = json.RawMessage(`{"team": "<support & sales>", "tags": ["faq", "v2"]}`) },
			check: func(t *testing.T, d Diff) {
				require.Equal(t, json.RawMessage(`"<support & sales>"`), d.Metadata.Changes[0].New)
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			to := clone(reference())
			tc.mutate(&to)
			d, err := Compare(reference(), to)
			require.NoError(t, err)
			tc.check(t, d)
		})
	}
}

// requireChangedOnly checks that exactly the named fields (JSON names) changed, that Changed
// says whether any did, and that every unchanged field reports nothing.
func requireChangedOnly(t *testing.T, d Diff, fields ...string) {
	t.Helper()
	var byField map[string]json.RawMessage
	raw, err := json.Marshal(d)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &byField))
	var changed []string
	for field, v := range byField {
		if field == "changed" {
			continue
		}
		var f struct {
			Changed bool              `json:"changed"`
			Unified string            `json:"unified"`
			Changes []json.RawMessage `json:"changes"`
		}
		require.NoError(t, json.Unmarshal(v, &f))
		if f.Changed {
			changed = append(changed, field)
		} else {
			require.Empty(t, f.Unified, field)
			require.Empty(t, f.Changes, field)
		}
	}
	require.ElementsMatch(t, fields, changed)
	require.Equal(t, len(fields) > 0, d.Changed)
}

func TestCompareAddedEmptyMessage(t *testing.T) {
	t.Parallel()

	d, err := Compare(Version{}, Version{Messages: []Message{{Role: "user"}}})
	require.NoError(t, err)
	require.True(t, d.Changed)
	require.Equal(t, MessageDiff{
		Status: MessageAdded, Changed: true, NewIndex: new(0),
		Role:    ScalarDiff[*string]{Changed: true, New: new("user")},
		Content: TextDiff{Changed: true},
	}, d.Messages.Items[0])
}

func TestCompareCopiesItsInputs(t *testing.T) {
	t.Parallel()

	from, to := reference(), clone(reference())
	to.Messages[1].Role = "developer"
	d, err := Compare(from, to)
	require.NoError(t, err)
	*from.MaxTokens, *from.Provider, to.Messages[1].Role = 1, "changed", "changed"
	require.Equal(t, new(512), d.MaxTokens.Old)
	require.Equal(t, new("openai"), d.Provider.Old)
	require.Equal(t, new("developer"), d.Messages.Items[1].Role.New)
}

func TestCompareEmpty(t *testing.T) {
	t.Parallel()

	d, err := Compare(Version{}, Version{})
	require.NoError(t, err)
	require.False(t, d.Changed)
	raw, err := json.Marshal(d)
	require.NoError(t, err)
	// Empty lists are arrays, never null, and the keys come in the documented order.
	require.JSONEq(t, `{"changed":false,
		"systemPrompt":{"changed":false},"userTemplate":{"changed":false},
		"model":{"changed":false,"old":"","new":""},"temperature":{"changed":false,"old":0,"new":0},
		"maxTokens":{"changed":false,"old":null,"new":null},"provider":{"changed":false,"old":null,"new":null},
		"tools":{"changed":false,"changes":[]},"toolChoice":{"changed":false,"changes":[]},
		"responseFormat":{"changed":false,"changes":[]},"modelParameters":{"changed":false,"changes":[]},
		"variablesSchema":{"changed":false,"changes":[]},"metadata":{"changed":false,"changes":[]}}`, string(raw))
	keys := []string{"changed", "systemPrompt", "userTemplate", "model", "temperature", "maxTokens",
		"provider", "tools", "toolChoice", "responseFormat", "modelParameters", "variablesSchema", "metadata"}
	last := -1
	for _, k := range keys {
		i := strings.Index(string(raw), `"`+k+`":`)
		require.Greater(t, i, last, k)
		last = i
	}
}

func BenchmarkCompare(b *testing.B) {
	from := reference()
	to := clone(from)
	to.UserTemplate = strings.Replace(to.UserTemplate, "line j", "line J", 1)
	to.Messages[1].Content = to.UserTemplate
	to.Tools = json.RawMessage(strings.Replace(string(to.Tools), `"City name"`, `"City"`, 1))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compare(from, to); err != nil {
			b.Fatal(err)
		}
	}
}
