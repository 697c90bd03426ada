package template

import (
	"errors"
	"math"
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
			values := map[string]string{}
			for _, v := range tc.variables {
				values[v] = strings.ToUpper(v)
			}
			out, missing, err := tpl.Render(values, math.MaxInt)
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
	out, missing, err := tpl.Render(map[string]string{"b": "B", "unused": "x"}, math.MaxInt)
	require.NoError(t, err)
	require.Equal(t, []string{"a", "c"}, missing)
	require.Equal(t, " B  ", out)
}

func TestRenderBudget(t *testing.T) {
	t.Parallel()
	tpl, err := Parse("ab {{x}} {{x}}")
	require.NoError(t, err)
	values := map[string]string{"x": "12345"}

	out, _, err := tpl.Render(values, 14)
	require.NoError(t, err, "a text of exactly the budget is rendered")
	require.Equal(t, "ab 12345 12345", out)

	out, missing, err := tpl.Render(values, 13)
	require.ErrorIs(t, err, ErrTooLong)
	require.Empty(t, out)
	require.Empty(t, missing)

	// Missing variables count as empty: what is there still has to fit.
	_, missing, err = tpl.Render(map[string]string{}, 5)
	require.NoError(t, err)
	require.Equal(t, []string{"x"}, missing)
}

// TestRenderBudgetStopsEarly renders a template that would be 100 MB: refusing it must
// not build (nor allocate) the text. Not parallel: AllocsPerRun counts the allocations of
// the whole process.
func TestRenderBudgetStopsEarly(t *testing.T) {
	tpl, err := Parse(strings.Repeat("{{a}}", 20_000))
	require.NoError(t, err)
	values := map[string]string{"a": strings.Repeat("x", 5_000)}
	allocs := testing.AllocsPerRun(10, func() {
		if _, _, err := tpl.Render(values, 1<<20); !errors.Is(err, ErrTooLong) {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs)
}

func TestPlaceholders(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]int{"": 0, "plain {x}": 0, "{{a}}": 1, "{{a}} {{b}} {{a}}": 3, "{{{a}}}}": 1} {
		tpl, err := Parse(src)
		require.NoError(t, err)
		require.Equal(t, want, tpl.Placeholders(), src)
	}
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
		values := map[string]string{}
		for _, v := range tpl.Variables() {
			if seen[v] || !validName(v) {
				t.Fatalf("variables of %q: %q", src, tpl.Variables())
			}
			seen[v] = true
			values[v] = ""
		}
		if _, missing, err := tpl.Render(values, math.MaxInt); err != nil || len(missing) > 0 {
			t.Fatalf("missing %q (%v) with every variable set", missing, err)
		}
		out, _, err := tpl.Render(map[string]string{}, math.MaxInt)
		if err != nil || len(out) > len(src) {
			t.Fatalf("rendering %q without values grew it to %q (%v)", src, out, err)
		}
		if _, _, err := tpl.Render(map[string]string{}, len(out)-1); len(out) > 0 && !errors.Is(err, ErrTooLong) {
			t.Fatalf("rendering %q into one byte less than %d: %v", src, len(out), err)
		}
	})
}
