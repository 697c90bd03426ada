package promptfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// chat is a chat prompt file as a person writes it: comments, a block scalar, flow lists,
// a schema in its own key order, numbers as written.
const chat = `# The weather assistant.
name: Weather
description: Answers weather questions
tags: [support, weather]
model: gpt-4o
temperature: 0.20
maxTokens: 300
messages:
  - role: system
    content: |
      You answer weather questions in one sentence.
      Never guess: call the tool.
  - content: "Weather in {{city}}?"
    role: user
tools:
  - type: function
    function:
      name: get_weather
      parameters:
        type: object
        properties:
          city: {type: string, minLength: 2}
        required: [city]
toolChoice: auto
responseFormat:
  type: json_schema
  jsonSchema:
    name: answer
    schema: {type: object, properties: {summary: {type: string}}, required: [summary]}
variablesSchema:
  type: object
  properties: {city: {type: string}}
metadata: {owner: team-ai, reviewed: true}
`

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	f, err := Parse("weather.prompt.yaml", []byte(chat))
	require.NoError(t, err)
	require.Equal(t, "Weather", f.Name)
	require.Len(t, f.Messages, 2)
	require.Equal(t, "You answer weather questions in one sentence.\nNever guess: call the tool.\n", f.Messages[0].Content)
	require.JSONEq(t, `{"type":"object","properties":{"city":{"type":"string","minLength":2}},"required":["city"]}`, string(*f.Tools[0].Function.Parameters))

	out, err := Marshal(f)
	require.NoError(t, err)
	t.Logf("\n%s", out)
	again, err := Parse("weather.prompt.yaml", out)
	require.NoError(t, err)
	out2, err := Marshal(again)
	require.NoError(t, err)
	require.Equal(t, string(out), string(out2))
	h1, err := f.ContentHash()
	require.NoError(t, err)
	h2, err := again.ContentHash()
	require.NoError(t, err)
	require.Equal(t, h1, h2)
}

// TestStrings: every kind of text comes back as it was, through Marshal and Parse.
func TestStrings(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"", "plain", "a\n", "a\nb", "a\nb\n", "a\n\n", "\n", "\nlead", "  indented\nnext", "trailing  \nspace",
		"tab\there\n", "{{city}}", "{{> header}}\nHi", "123", "0.7", "true", "null", "~", "- item", "# hash",
		"key: value", "'quoted'", "\"dq\"", "é ü 漢字 🙂", "cr\r\nlf", "a\u2028b", "x\x00y"[:1], "ends with colon:",
		"@at", "`tick`", "*star", "&amp", "!bang", "%pct", "| pipe", "> gt", "---", "...", "a\n---\nb",
	} {
		sys, user := "S", s
		f := &File{Name: "N", SystemPrompt: &sys, UserTemplate: &user}
		out, err := Marshal(f)
		require.NoError(t, err, "%q", s)
		back, err := Parse("x.prompt.yaml", out)
		require.NoError(t, err, "%q:\n%s", s, out)
		require.Equal(t, s, *back.UserTemplate, "%q:\n%s", s, out)
		again, err := Marshal(back)
		require.NoError(t, err)
		require.Equal(t, string(out), string(again))
	}
}

func TestParseProblems(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, file, want string
	}{
		{"NotYAML", "name: [", "bad.prompt.yaml: line 1: did not find expected node content"},
		{"Empty", "", "bad.prompt.yaml: the file is empty"},
		{"NotObject", "- a\n", "bad.prompt.yaml:1: got array, want object"},
		{"NoName", "systemPrompt: S\nuserTemplate: U\n", "bad.prompt.yaml:1: missing property 'name'"},
		{"NoContent", "name: N\n", "bad.prompt.yaml:1: the content is missing: give messages, or systemPrompt and userTemplate"},
		{"BothShapes", "name: N\nsystemPrompt: S\nuserTemplate: U\nmessages:\n  - {role: user, content: U}\n",
			"bad.prompt.yaml:4: /messages: give messages, or systemPrompt and userTemplate, not both"},
		{"HalfClassic", "name: N\nsystemPrompt: S\n", "bad.prompt.yaml:2: /systemPrompt: userTemplate is needed with systemPrompt"},
		{"Unknown", "name: N\nsystemPrompt: S\nuserTemplate: U\ntemprature: 1\n", "bad.prompt.yaml:1: additional properties 'temprature' not allowed"},
		{"BadRole", "name: N\nmessages:\n  - role: robot\n    content: hi\n", "bad.prompt.yaml:3: /messages/0/role: value must be one of 'system', 'developer', 'user', 'assistant'"},
		{"BadTemperature", "name: N\nsystemPrompt: S\nuserTemplate: U\ntemperature: 3\n", "bad.prompt.yaml:4: /temperature: maximum: got 3, want 2"},
		{"ToolName", "name: N\nsystemPrompt: S\nuserTemplate: U\ntools:\n  - type: function\n    function:\n      name: no spaces\n",
			"bad.prompt.yaml:7: /tools/0/function/name: 'no spaces' does not match pattern '^[a-zA-Z0-9_-]{1,64}$'"},
		{"DuplicateKey", "name: N\nname: M\n", "bad.prompt.yaml:2: the key \"name\" is given twice"},
		{"NumberKey", "name: N\n1: x\n", "bad.prompt.yaml:2: a key must be a string, not int"},
		{"Infinity", "name: N\nsystemPrompt: S\nuserTemplate: U\ntemperature: .inf\n", "bad.prompt.yaml:4: .inf is not a number JSON can hold"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("bad.prompt.yaml", []byte(tt.file))
			require.Error(t, err)
			require.Equal(t, tt.want, err.Error())
		})
	}
}

func TestReadDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	write("a.prompt.yaml", "name: A\nsystemPrompt: S\nuserTemplate: U\n")
	write("README.md", "not a prompt")
	write("Bad_Slug.prompt.yaml", "name: B\nsystemPrompt: S\nuserTemplate: U\n")
	write("c.prompt.yaml", "name: C\n")
	locals, err := ReadDir(dir)
	require.Len(t, locals, 1)
	require.Equal(t, "a", locals[0].Slug)
	require.ErrorContains(t, err, "Bad_Slug.prompt.yaml: \"Bad_Slug\" is not a slug")
	require.ErrorContains(t, err, "c.prompt.yaml:1: the content is missing")
}

// FuzzParse: no input makes Parse panic, and what it accepts, Marshal writes in a form that
// reads back to the same file.
func FuzzParse(f *testing.F) {
	f.Add([]byte(chat))
	f.Add([]byte("name: N\nsystemPrompt: |\n  a\n  b\nuserTemplate: \"x\\ty\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("f.prompt.yaml", data)
		if err != nil {
			return
		}
		out, err := Marshal(file)
		require.NoError(t, err)
		back, err := Parse("f.prompt.yaml", out)
		require.NoError(t, err, "%s", out)
		again, err := Marshal(back)
		require.NoError(t, err)
		require.Equal(t, string(out), string(again))
	})
}
