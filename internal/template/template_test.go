package template

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	t.Parallel()

	for name, tc := range map[string]struct {
		src       string
		variables []string
		rendered  string // with every variable set to its name in capitals
	}{
		"Plain":            {"Hello there", nil, "Hello there"},
		"Empty":            {"", nil, ""},
		"One":              {"Hello {{userName}}!", []string{"userName"}, "Hello USERNAME!"},
		"Spaces":           {"Hi {{  plan }} and {{plan}}", []string{"plan"}, "Hi PLAN and PLAN"},
		"DotsAndDigits":    {"{{user.first_name2}}", []string{"user.first_name2"}, "USER.FIRST_NAME2"},
		"OrderOfFirstUse":  {"{{b}} {{a}} {{b}} {{c}}", []string{"b", "a", "c"}, "B A B C"},
		"JSONStaysText":    {`Reply as {"a": {"b": 1}} please`, nil, `Reply as {"a": {"b": 1}} please`},
		"LoneClosing":      {"done }} here", nil, "done }} here"},
		"SingleBraces":     {"{x} and {y}", nil, "{x} and {y}"},
		"TripleBraces":     {"{{{name}}}", []string{"name"}, "{NAME}"},
		"JSONAroundVar":    {`{"user": "{{name}}"}`, []string{"name"}, `{"user": "NAME"}`},
		"Adjacent":         {"{{a}}{{b}}", []string{"a", "b"}, "AB"},
		"UnicodeAround":    {"héllo {{x}} wörld", []string{"x"}, "héllo X wörld"},
		"ClosingThenOpen":  {"}} {{x}}", []string{"x"}, "}} X"},
		"MultilineVars":    {"line1\n{{a}}\nline3 {{b}}", []string{"a", "b"}, "line1\nA\nline3 B"},
		"BracesAfterClose": {"{{a}}}", []string{"a"}, "A}"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tpl, err := Parse(tc.src)
			require.NoError(t, err)
			require.Equal(t, tc.variables, tpl.Variables())
			values := map[string]any{}
			for _, v := range tc.variables {
				values[v] = strings.ToUpper(v)
			}
			out, missing, err := tpl.Render(values, RenderOptions{})
			require.NoError(t, err)
			require.Empty(t, missing)
			require.Equal(t, tc.rendered, out)
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()

	for name, tc := range map[string]struct {
		src                  string
		offset, line, column int
		says                 string
	}{
		"Unclosed":        {"Hello {{name", 6, 1, 7, "never closed"},
		"Empty":           {"Hi {{}}", 3, 1, 4, "does not enclose"},
		"OnlySpaces":      {"Hi {{   }}", 3, 1, 4, "does not enclose"},
		"BadName":         {"{{first name}}", 0, 1, 1, "does not enclose"},
		"JSONInDouble":    {`{{"a": 1}}`, 0, 1, 1, "does not enclose"},
		"SecondLine":      {"ok {{a}}\n  é {{", 14, 2, 5, "never closed"},
		"UnclosedAfterOk": {"{{a}} {{b", 6, 1, 7, "never closed"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tc.src)
			var syntaxErr *SyntaxError
			require.True(t, errors.As(err, &syntaxErr), "%v", err)
			require.Equal(t, tc.offset, syntaxErr.Offset)
			require.Equal(t, tc.line, syntaxErr.Line)
			require.Equal(t, tc.column, syntaxErr.Column)
			require.Contains(t, syntaxErr.Error(), tc.says)
		})
	}
}

func TestRenderMissing(t *testing.T) {
	t.Parallel()
	tpl, err := Parse("{{a}} {{b}} {{a}} {{c}}")
	require.NoError(t, err)
	out, missing, err := tpl.Render(map[string]any{"b": "B", "unused": "x"}, RenderOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"a", "c"}, missing)
	require.Equal(t, " B  ", out)
}

// FuzzParse checks that any input either fails with an error positioned inside it, or
// parses into a template whose variables are unique valid names, which renders with no
// variable missing once each has a value, and never grows when placeholders render empty.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{"", "Hello {{name}}", "{{", "}}", "{{}}", `{"a": {"b": 1}}`, "{{{x}}}", "{{ a.b_c }} {{a.b_c}}", "é{{x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		tpl, err := Parse(src)
		if err != nil {
			var syntaxErr *SyntaxError
			if !errors.As(err, &syntaxErr) || syntaxErr.Offset < 0 || syntaxErr.Offset >= len(src) || syntaxErr.Line < 1 || syntaxErr.Column < 1 {
				t.Fatalf("bad error for %q: %v", src, err)
			}
			return
		}
		seen := map[string]bool{}
		values := map[string]any{}
		for _, v := range tpl.Variables() {
			if seen[v] || !validName(v) {
				t.Fatalf("variables of %q: %q", src, tpl.Variables())
			}
			seen[v] = true
			values[v] = ""
		}
		if _, missing, err := tpl.Render(values, RenderOptions{}); err != nil || len(missing) > 0 {
			t.Fatalf("missing %q with every variable set (%v)", missing, err)
		}
		if out, _, _ := tpl.Render(nil, RenderOptions{}); len(out) > len(src) {
			t.Fatalf("rendering %q without values grew it to %q", src, out)
		}
	})
}
