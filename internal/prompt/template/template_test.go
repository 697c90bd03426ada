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

		"UnclosedSection":     {"Hi {{#a}} there", 3, 1, 4, "{{#a}} is never closed with {{/a}}"},
		"UnclosedInverted":    {"x\n {{^ a }}", 3, 2, 2, "{{^ a }} is never closed with {{/a}}"},
		"UnclosedInnermost":   {"{{#a}}\n  {{^b}}x", 9, 2, 3, "{{^b}} is never closed"},
		"MismatchedClose":     {"{{#a}}x\n{{/b}}", 8, 2, 1, "{{/b}} closes a section, but the one open is {{#a}} (line 1, column 1)"},
		"ClosesOuterFirst":    {"{{#a}}{{#b}}{{/a}}{{/b}}", 12, 1, 13, "the one open is {{#b}} (line 1, column 7)"},
		"CloseNothingOpen":    {"x {{/a}}", 2, 1, 3, "{{/a}} closes a section, but none is open"},
		"CloseAfterClosed":    {"{{#a}}{{/a}}{{/a}}", 12, 1, 13, "none is open"},
		"EmptySection":        {"a{{#}}", 1, 1, 2, "{{#}} does not enclose a section name"},
		"SpacesSection":       {"{{#  }}", 0, 1, 1, "does not enclose a section name"},
		"EmptyInverted":       {"{{^}}", 0, 1, 1, "{{^}} does not enclose a section name"},
		"BadSectionName":      {"{{#first name}}{{/first name}}", 0, 1, 1, "does not enclose a section name"},
		"EmptyClose":          {"{{#a}}{{/}}", 6, 1, 7, "{{/}} does not enclose the name of the section it closes"},
		"BadCloseName":        {"{{#a}}{{/a-b}}", 6, 1, 7, "does not enclose the name"},
		"EmptyPartial":        {"{{>}}", 0, 1, 1, "{{>}} does not enclose a partial reference"},
		"SpacesPartial":       {"{{>  }}", 0, 1, 1, "does not enclose a partial reference"},
		"PartialUpperCase":    {"{{> Intro}}", 0, 1, 1, "does not enclose a partial reference"},
		"PartialEdgeDash":     {"{{> intro-}}", 0, 1, 1, "does not enclose a partial reference"},
		"PartialEdgeDot":      {"{{> .intro}}", 0, 1, 1, "does not enclose a partial reference"},
		"PartialSpaceInside":  {"{{> a b}}", 0, 1, 1, "does not enclose a partial reference"},
		"PartialTooLong":      {"{{> " + strings.Repeat("a", 101) + "}}", 0, 1, 1, "does not enclose a partial reference"},
		"PartialNoVersion":    {"{{> a@}}", 0, 1, 1, "does not enclose a partial reference"},
		"PartialVersionZero":  {"{{> a@0}}", 0, 1, 1, "does not enclose a partial reference"},
		"PartialLeadingZero":  {"{{> a@01}}", 0, 1, 1, "does not enclose a partial reference"},
		"PartialSignedVer":    {"{{> a@+1}}", 0, 1, 1, "does not enclose a partial reference"},
		"PartialHugeVersion":  {"{{> a@2147483648}}", 0, 1, 1, "does not enclose a partial reference"},
		"PartialTwoVersions":  {"{{> a@1@2}}", 0, 1, 1, "does not enclose a partial reference"},
		"SectionNeverClosed2": {"{{#a}}\n\n  é {{#b}}{{/b}}", 0, 1, 1, "{{#a}} is never closed"},
		"UnicodeColumn":       {"é\n  ü{{/x}}", 7, 2, 4, "none is open"},
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
// variable missing once each has a value, never grows when placeholders render empty,
// and renders within its limit, or fails with one of Render's errors, with any values.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"", "Hello {{name}}", "{{", "}}", "{{}}", `{"a": {"b": 1}}`, "{{{x}}}", "{{ a.b_c }} {{a.b_c}}", "é{{x",
		"{{#items}}\n- {{name}} {{.}}\n{{/items}}", "{{^a}}{{b}}{{/a}}", "{{#a}}{{#b}}{{c.d}}{{/b}}{{/a}}", "{{#a}}{{/b}}",
		"{{/a}}", "{{#}}", "{{> intro}}", "{{> intro@3}}{{#a}}{{> x}}{{/a}}", "{{> A}}", "{{>a@0}}", "  {{#a}}  \r\n{{/a}}",
		"{{#.}}{{.}}{{/.}}", "{{#a.b}}{{^c}}{{> p}}{{/c}}{{/a.b}}",
	} {
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
		// Every partial is the template itself, included until the depth bound stops it.
		self := func(Partial) (*Template, error) { return tpl, nil }
		renderErr := func(err error) bool {
			return err == nil || errors.Is(err, ErrTooDeep) || errors.Is(err, ErrTooLarge) || errors.Is(err, ErrTooMuchWork)
		}
		const limit = 1 << 12

		seen := map[string]bool{}
		values := map[string]any{}
		for _, v := range tpl.Variables() {
			if seen[v] || !validName(v) {
				t.Fatalf("variables of %q: %q", src, tpl.Variables())
			}
			seen[v] = true
			values[v] = ""
		}
		if _, missing, err := tpl.Render(values, RenderOptions{Budget: NewBudget(limit), IncludeFunc: self}); !renderErr(err) || err == nil && len(missing) > 0 {
			t.Fatalf("missing %q with every variable set (%v)", missing, err)
		}
		if out, _, err := tpl.Render(nil, RenderOptions{}); err == nil && len(out) > len(src) {
			t.Fatalf("rendering %q without values grew it to %q", src, out)
		} else if err != nil && len(tpl.Partials()) == 0 {
			t.Fatalf("rendering %q without values or partials: %v", src, err)
		}
		for shift := range 3 {
			out, _, err := tpl.Render(fuzzValues(tpl.Variables(), len(src)+shift), RenderOptions{Budget: NewBudget(limit), IncludeFunc: self})
			if !renderErr(err) || len(out) > limit {
				t.Fatalf("rendering %q: %d bytes, %v", src, len(out), err)
			}
		}
	})
}

// fuzzValues gives names values of every shape: scalars, lists and objects, nested two
// levels, whose fields are the names again (so that sections find them in their items).
func fuzzValues(names []string, shift int) map[string]any {
	leaf, mid, values := map[string]any{}, map[string]any{}, map[string]any{}
	scalars := []any{"text", 2.5, true, false, nil, 0.0, "", []any{}, map[string]any{}}
	shapes := append(scalars, []any{"a", 1.0, leaf}, leaf)
	for i, name := range names {
		first, _, _ := strings.Cut(name, ".")
		leaf[name] = scalars[(i+shift)%len(scalars)]
		mid[name], mid[first] = shapes[(i+shift+1)%len(shapes)], leaf
		values[name], values[first] = append(shapes, mid, []any{mid, mid})[(i+shift)%(len(shapes)+2)], mid
	}
	return values
}

func TestExpanded(t *testing.T) {
	t.Parallel()
	// Each partial counts one, and what it holds expanded: p 10, q@2 100.
	expanded := func(ref Partial) int { return map[string]int{"p": 10, "q@2": 100}[ref.String()] }
	for src, want := range map[string]int{
		"": 0, "plain": 0, "{{a}} {{a}} {{b}}": 3, "{{#l}}{{x}}{{^y}}{{z}}{{/y}}{{/l}}": 2,
		"{{> p}}": 11, "{{#l}}{{> p}}{{> p}}{{/l}} {{> q@2}} {{> other}}": 11 + 11 + 101 + 1,
	} {
		tpl, err := Parse(src)
		require.NoError(t, err)
		require.Equal(t, want, tpl.Expanded(expanded), src)
	}
	tpl, err := Parse("{{> p}}{{> p}}")
	require.NoError(t, err)
	require.Equal(t, math.MaxInt, tpl.Expanded(func(Partial) int { return math.MaxInt - 1 }), "stops at math.MaxInt")
}

func TestVariablesWith(t *testing.T) {
	t.Parallel()

	partials := map[string]string{
		"footer": "The {{team}} team, {{name}}", "card": "<{{n}}>", "nested": "{{> footer}} {{deep}}",
		"loop": "{{again}} {{> loop}}",
	}
	include := func(ref Partial) (*Template, error) {
		src, ok := partials[ref.String()]
		if !ok {
			return nil, errors.New("no such partial")
		}
		return Parse(src)
	}
	for name, tc := range map[string]struct {
		src       string
		variables []string
	}{
		"OwnOnly":           {"Hi {{name}}", []string{"name"}},
		"PartialInPlace":    {"{{greeting}} {{> footer}} {{name}} {{sign}}", []string{"greeting", "team", "name", "sign"}},
		"Nested":            {"{{> nested}}", []string{"team", "name", "deep"}},
		"InsideSection":     {"{{#people}}{{> card}}{{/people}}", []string{"people"}},
		"InsideInverted":    {"{{^people}}{{> footer}}{{/people}}", []string{"people", "team", "name"}},
		"UnknownPartial":    {"{{a}} {{> nobody}}", []string{"a"}},
		"SelfIncludeStops":  {"{{> loop}}", []string{"again"}},
		"NoVariablesAtAll":  {"plain", []string{}},
		"DotIsNotAVariable": {"{{.}} {{> card}}", []string{"n"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tmpl, err := Parse(tc.src)
			require.NoError(t, err)
			require.Equal(t, tc.variables, tmpl.VariablesWith(include))
		})
	}
}
