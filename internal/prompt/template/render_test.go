package template

import (
	"encoding/json"
	"errors"
	"math"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// decode decodes JSON values as the API does.
func decode(t testing.TB, src string) map[string]any {
	t.Helper()
	var values map[string]any
	require.NoError(t, json.Unmarshal([]byte(src), &values))
	return values
}

func TestRender(t *testing.T) {
	t.Parallel()

	for name, tc := range map[string]struct {
		src, values, rendered string
		missing               []string
	}{
		// Values as placeholders write them.
		"Number":          {src: "{{n}}", values: `{"n": 36.5}`, rendered: "36.5"},
		"WholeNumber":     {src: "{{n}}", values: `{"n": 3.0}`, rendered: "3"},
		"HugeNumber":      {src: "{{n}}", values: `{"n": 1e21}`, rendered: "1000000000000000000000"},
		"NegativeNumber":  {src: "{{n}}", values: `{"n": -0.25}`, rendered: "-0.25"},
		"WholeNumbers":    {src: "{{a}} {{b}} {{c}} {{d}} {{e}}", values: `{"a": -0, "b": -12, "c": 999999999999999, "d": 1e15, "e": 12345678.5}`, rendered: "-0 -12 999999999999999 1000000000000000 12345678.5"},
		"Booleans":        {src: "{{t}} {{f}}", values: `{"t": true, "f": false}`, rendered: "true false"},
		"Null":            {src: "[{{n}}]", values: `{"n": null}`, rendered: "[]"},
		"ObjectAsJSON":    {src: "{{u}}", values: `{"u": {"tags": ["a<b"], "name": "Ada"}}`, rendered: `{"name":"Ada","tags":["a<b"]}`},
		"ListAsJSON":      {src: "{{l}}", values: `{"l": [1, "x", null]}`, rendered: `[1,"x",null]`},
		"AllValuesAsJSON": {src: "{{.}}", values: `{"b": "&", "a": 1}`, rendered: `{"a":1,"b":"&"}`},
		"NoValuesAsJSON":  {src: "{{.}}", values: `null`, rendered: `{}`},

		// Dotted names: the flat key first, then nested objects.
		"FlatKeyFirst":   {src: "{{a.b}}", values: `{"a.b": "flat", "a": {"b": "nested"}}`, rendered: "flat"},
		"NestedObjects":  {src: "{{a.b}}", values: `{"a": {"b": "nested"}}`, rendered: "nested"},
		"DeepNested":     {src: "{{a.b.c}}", values: `{"a": {"b": {"c": 7}}}`, rendered: "7"},
		"NestedThenFlat": {src: "{{a.b.c}}", values: `{"a": {"b.c": 7}}`, missing: []string{"a.b.c"}},
		"BrokenChain":    {src: "{{a.b}}", values: `{"a": {"c": 1}}`, missing: []string{"a.b"}},
		"NotAnObject":    {src: "{{a.b}}", values: `{"a": "text"}`, missing: []string{"a.b"}},
		"EmptySegment":   {src: "{{a..b}}", values: `{"a": {"": {"b": 1}}}`, rendered: "1"},
		"TrailingDot":    {src: "{{a.}}", values: `{"a": 1}`, missing: []string{"a."}},

		// Sections: truthy once, lists once per item, falsy never.
		"TruthyString":   {src: "{{#name}}Hi {{name}}{{/name}}", values: `{"name": "Ada"}`, rendered: "Hi Ada"},
		"TruthyNumber":   {src: "{{#n}}[{{.}}]{{/n}}", values: `{"n": 2}`, rendered: "[2]"},
		"TruthyTrue":     {src: "{{#ok}}yes{{/ok}}", values: `{"ok": true}`, rendered: "yes"},
		"TruthyObject":   {src: "{{#user}}{{first}} {{last}}{{/user}}", values: `{"user": {"first": "Ada", "last": "L"}}`, rendered: "Ada L"},
		"FalsyEmpty":     {src: "a{{#s}}x{{/s}}b", values: `{"s": ""}`, rendered: "ab"},
		"FalsyZero":      {src: "a{{#s}}x{{/s}}b", values: `{"s": 0}`, rendered: "ab"},
		"FalsyFalse":     {src: "a{{#s}}x{{/s}}b", values: `{"s": false}`, rendered: "ab"},
		"FalsyNull":      {src: "a{{#s}}x{{/s}}b", values: `{"s": null}`, rendered: "ab"},
		"FalsyObject":    {src: "a{{#s}}x{{/s}}b", values: `{"s": {}}`, rendered: "ab"},
		"FalsyList":      {src: "a{{#s}}x{{/s}}b", values: `{"s": []}`, rendered: "ab"},
		"MissingIsFalsy": {src: "a{{#s}}{{x}}{{/s}}b", values: `{}`, rendered: "ab"},
		"ListOfObjects":  {src: "{{#items}}- {{name}}: {{qty}}\n{{/items}}", values: `{"items": [{"name": "tea", "qty": 2}, {"name": "jam", "qty": 1}]}`, rendered: "- tea: 2\n- jam: 1\n"},
		"ListOfStrings":  {src: "{{#tags}}[{{.}}]{{/tags}}", values: `{"tags": ["a", "b"]}`, rendered: "[a][b]"},
		"ListOfNumbers":  {src: "{{#n}}{{.}};{{/n}}", values: `{"n": [1.5, 2, 0]}`, rendered: "1.5;2;0;"},
		"ListOfLists":    {src: "{{#m}}[{{#.}}{{.}}{{/.}}]{{/m}}", values: `{"m": [[1, 2], [3]]}`, rendered: "[12][3]"},
		"ItemAsJSON":     {src: "{{#user}}{{.}}{{/user}}", values: `{"user": {"a": 1}}`, rendered: `{"a":1}`},
		"DottedSection":  {src: "{{#user.orders}}#{{id}} {{/user.orders}}", values: `{"user": {"orders": [{"id": 1}, {"id": 2}]}}`, rendered: "#1 #2 "},
		"SpacesInTags":   {src: "{{ # ok }}yes{{ / ok }}", values: `{"ok": true}`, rendered: "yes"},

		// Inverted sections: when falsy, missing or an empty list.
		"InvertedEmptyList": {src: "{{^items}}none{{/items}}", values: `{"items": []}`, rendered: "none"},
		"InvertedMissing":   {src: "{{^items}}none{{/items}}", values: `{}`, rendered: "none"},
		"InvertedFalse":     {src: "{{^vip}}upgrade, {{name}}{{/vip}}", values: `{"vip": false, "name": "Ada"}`, rendered: "upgrade, Ada"},
		"InvertedTruthy":    {src: "{{^items}}none{{/items}}", values: `{"items": ["x"]}`, rendered: ""},
		"InvertedInList":    {src: "{{#items}}{{name}}{{^last}}, {{/last}}{{/items}}", values: `{"items": [{"name": "a"}, {"name": "b", "last": true}]}`, rendered: "a, b"},

		// Nested sections and the context stack.
		"NestedSections": {
			src:      "{{#orders}}{{id}}:{{#lines}} {{sku}}x{{qty}}{{/lines}};{{/orders}}",
			values:   `{"orders": [{"id": 1, "lines": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 1}]}, {"id": 2, "lines": []}]}`,
			rendered: "1: ax2 bx1;2:;",
		},
		"OuterName":         {src: "{{#items}}{{name}} for {{customer}}; {{/items}}", values: `{"customer": "Ada", "items": [{"name": "tea"}, {"name": "jam"}]}`, rendered: "tea for Ada; jam for Ada; "},
		"ItemShadowsOuter":  {src: "{{#items}}{{name}} {{/items}}{{name}}", values: `{"name": "outer", "items": [{"name": "inner"}, {}]}`, rendered: "inner outer outer"},
		"OuterOfOuter":      {src: "{{#a}}{{#b}}{{x}}{{/b}}{{/a}}", values: `{"x": "top", "a": {"b": {"y": 1}}}`, rendered: "top"},
		"OuterDotted":       {src: "{{#items}}{{user.name}}{{/items}}", values: `{"user": {"name": "Ada"}, "items": [{}]}`, rendered: "Ada"},
		"BrokenChainInItem": {src: "{{#items}}{{user.name}}{{/items}}", values: `{"user": {"name": "Ada"}, "items": [{"user": {}}]}`, missing: []string{"user.name"}},
		"ScalarItemOuter":   {src: "{{#tags}}{{.}}@{{site}} {{/tags}}", values: `{"site": "x", "tags": ["a", "b"]}`, rendered: "a@x b@x "},

		// Missing names: placeholders that render with no value anywhere.
		"MissingInItems":       {src: "{{#items}}[{{name}}]{{/items}}", values: `{"items": [{"x": 1}, {"name": "b"}]}`, rendered: "[][b]", missing: []string{"name"}},
		"MissingSectionIsFine": {src: "{{#a}}x{{/a}}{{b}}", values: `{}`, missing: []string{"b"}},
		"MissingInInverted":    {src: "{{^a}}{{b}}{{/a}}{{c}}", values: `{}`, missing: []string{"b", "c"}},
		"NotRenderedNotMissed": {src: "{{#a}}{{b}}{{/a}}", values: `{"a": false}`},

		// Section tags alone on their line take it with them.
		"StandaloneLines":      {src: "Items:\n{{#items}}\n- {{.}}\n{{/items}}\nEnd", values: `{"items": ["a", "b"]}`, rendered: "Items:\n- a\n- b\nEnd"},
		"StandaloneIndented":   {src: "  {{#a}}  \r\nx\r\n\t{{/a}}\r\n", values: `{"a": true}`, rendered: "x\r\n"},
		"StandaloneAtEnd":      {src: "x\n{{^a}}\nnone\n{{/a}}", values: `{}`, rendered: "x\nnone\n"},
		"StandaloneFalsy":      {src: "a\n{{#no}}\nhidden\n{{/no}}\nb", values: `{}`, rendered: "a\nb"},
		"InlineNotStandalone":  {src: " {{#a}}yes{{/a}}\n", values: `{"a": true}`, rendered: " yes\n"},
		"TwoTagsNotStandalone": {src: "{{#a}}{{/a}}\nx", values: `{"a": true}`, rendered: "\nx"},
		"PlaceholderKeepsLine": {src: "a\n{{x}}\nb", values: `{"x": ""}`, rendered: "a\n\nb"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tpl, err := Parse(tc.src)
			require.NoError(t, err)
			out, missing, err := tpl.Render(decode(t, tc.values), RenderOptions{})
			require.NoError(t, err)
			require.Equal(t, tc.missing, missing)
			require.Equal(t, tc.rendered, out)
		})
	}
}

func TestVariables(t *testing.T) {
	t.Parallel()

	for name, tc := range map[string]struct {
		src       string
		variables []string
	}{
		"SectionNamesNotItsItems": {"{{#items}}{{name}}{{/items}} {{user.first_name2}}", []string{"items", "user.first_name2"}},
		"InvertedBodyListed":      {"{{^vip}}upgrade, {{name}}{{/vip}}", []string{"vip", "name"}},
		"NestedSectionNotListed":  {"{{#a}}{{#b}}{{c}}{{/b}}{{/a}}", []string{"a"}},
		"InvertedInSection":       {"{{#a}}{{^b}}{{c}}{{/b}}{{/a}}", []string{"a"}},
		"SectionInInverted":       {"{{^a}}{{#b}}{{c}}{{/b}}{{d}}{{/a}}", []string{"a", "b", "d"}},
		"OnceEach":                {"{{a}}{{#a}}{{/a}}{{^a}}{{/a}}{{b}}{{a}}", []string{"a", "b"}},
		"ContextNotAName":         {"{{.}} {{#.}}{{/.}}", nil},
		"PartialsNotNames":        {"{{> intro}}{{x}}", []string{"x"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tpl, err := Parse(tc.src)
			require.NoError(t, err)
			require.Equal(t, tc.variables, tpl.Variables())
		})
	}
}

func TestPartials(t *testing.T) {
	t.Parallel()

	type testBundle struct {
		templates map[string]*Template // by reference as written
		asked     []Partial
	}
	setup := func(t *testing.T, sources map[string]string) *testBundle {
		t.Helper()
		b := &testBundle{templates: map[string]*Template{}}
		for ref, src := range sources {
			tpl, err := Parse(src)
			require.NoError(t, err, ref)
			b.templates[ref] = tpl
		}
		return b
	}
	include := func(b *testBundle) IncludeFunc {
		return func(ref Partial) (*Template, error) {
			b.asked = append(b.asked, ref)
			if tpl, ok := b.templates[ref.String()]; ok {
				return tpl, nil
			}
			return nil, errNoSuchPartial
		}
	}

	t.Run("ReferencesListedOnceWithPositions", func(t *testing.T) {
		t.Parallel()
		tpl, err := Parse("{{> intro}} {{>outro@3}}\n  é{{ >  intro }} {{> intro@12}}")
		require.NoError(t, err)
		require.Equal(t, []Partial{
			{Slug: "intro", Offset: 0, Line: 1, Column: 1},
			{Slug: "outro", Version: 3, Offset: 12, Line: 1, Column: 13},
			{Slug: "intro", Version: 12, Offset: 44, Line: 2, Column: 19},
		}, tpl.Partials())
		require.Equal(t, "outro@3", tpl.Partials()[1].String())
	})

	t.Run("ValidReferences", func(t *testing.T) {
		t.Parallel()
		long := strings.Repeat("a", 100)
		tpl, err := Parse("{{>a}}{{> 0}}{{> a.b-c_d9}}{{> " + long + "}}{{> a@2147483647}}{{> a@10}}")
		require.NoError(t, err)
		var refs []string
		for _, p := range tpl.Partials() {
			refs = append(refs, p.String())
		}
		require.Equal(t, []string{"a", "0", "a.b-c_d9", long, "a@2147483647", "a@10"}, refs)
	})

	t.Run("NoneListed", func(t *testing.T) {
		t.Parallel()
		tpl, err := Parse("{{a}}")
		require.NoError(t, err)
		require.Empty(t, tpl.Partials())
	})

	t.Run("RendersInPlaceWithTheContextStack", func(t *testing.T) {
		t.Parallel()
		b := setup(t, map[string]string{
			"main":   "Team {{team}}:\n{{#users}}\n{{> card@2}}\n{{/users}}\n{{> footer}}",
			"card@2": "- {{name}} of {{team}}{{^admin}} (member){{/admin}}",
			"footer": "Bye.",
		})
		out, missing, err := b.templates["main"].Render(decode(t, `{"team": "core", "users": [{"name": "Ada", "admin": true}, {"name": "Bo"}]}`),
			RenderOptions{IncludeFunc: include(b)})
		require.NoError(t, err)
		require.Empty(t, missing)
		require.Equal(t, "Team core:\n- Ada of core\n- Bo of core (member)\nBye.", out)
		// Each reference is asked for once per render, pinned version included.
		require.Equal(t, []Partial{{Slug: "card", Version: 2, Offset: 26, Line: 3, Column: 1}, {Slug: "footer", Offset: 50, Line: 5, Column: 1}}, b.asked)
	})

	t.Run("MissingInPartial", func(t *testing.T) {
		t.Parallel()
		b := setup(t, map[string]string{"main": "{{a}}{{> p}}", "p": "{{b}}{{a}}{{c}}"})
		_, missing, err := b.templates["main"].Render(decode(t, `{"b": 1}`), RenderOptions{IncludeFunc: include(b)})
		require.NoError(t, err)
		require.Equal(t, []string{"a", "c"}, missing)
	})

	t.Run("FiveLevelsDeep", func(t *testing.T) {
		t.Parallel()
		b := setup(t, map[string]string{"main": "0{{> p1}}", "p1": "1{{> p2}}", "p2": "2{{> p3}}", "p3": "3{{> p4}}", "p4": "4{{> p5}}", "p5": "5"})
		out, _, err := b.templates["main"].Render(nil, RenderOptions{IncludeFunc: include(b)})
		require.NoError(t, err)
		require.Equal(t, "012345", out)
	})

	t.Run("SixLevelsTooDeep", func(t *testing.T) {
		t.Parallel()
		b := setup(t, map[string]string{"main": "0{{> p1}}", "p1": "1{{> p2}}", "p2": "2{{> p3}}", "p3": "3{{> p4@7}}", "p4@7": "4{{> p5}}", "p5": "5{{> p6}}", "p6": "6"})
		out, _, err := b.templates["main"].Render(nil, RenderOptions{IncludeFunc: include(b)})
		require.ErrorIs(t, err, ErrTooDeep)
		require.Contains(t, err.Error(), "p1 > p2 > p3 > p4@7 > p5 > p6")
		require.Empty(t, out)
		require.Len(t, b.asked, 5, "p6 is never looked up")
	})

	t.Run("SelfInclusion", func(t *testing.T) {
		t.Parallel()
		b := setup(t, map[string]string{"loop": "again {{> loop}}"})
		_, _, err := b.templates["loop"].Render(nil, RenderOptions{IncludeFunc: include(b)})
		require.ErrorIs(t, err, ErrTooDeep)
		require.Contains(t, err.Error(), "loop > loop > loop > loop > loop > loop")
	})

	t.Run("MutualInclusion", func(t *testing.T) {
		t.Parallel()
		b := setup(t, map[string]string{"a": "{{#x}}{{> b}}{{/x}}", "b": "{{> a}}"})
		_, _, err := b.templates["a"].Render(decode(t, `{"x": true}`), RenderOptions{IncludeFunc: include(b)})
		require.ErrorIs(t, err, ErrTooDeep)
		require.Contains(t, err.Error(), "b > a > b > a > b > a")
	})

	t.Run("IncludeErrorWithPosition", func(t *testing.T) {
		t.Parallel()
		b := setup(t, map[string]string{"main": "x\n  {{> p}}", "p": "{{> absent@4}}"})
		_, _, err := b.templates["main"].Render(nil, RenderOptions{IncludeFunc: include(b)})
		require.ErrorIs(t, err, errNoSuchPartial)
		require.Contains(t, err.Error(), "partial absent@4 at line 1, column 1 in p")
	})

	t.Run("NoIncludeFunc", func(t *testing.T) {
		t.Parallel()
		tpl, err := Parse("x\n  {{> p}}")
		require.NoError(t, err)
		_, _, err = tpl.Render(nil, RenderOptions{})
		require.ErrorContains(t, err, "partial p at line 2, column 3: no IncludeFunc")
	})

	t.Run("NotRenderedNotLookedUp", func(t *testing.T) {
		t.Parallel()
		b := setup(t, map[string]string{"main": "{{#no}}{{> p}}{{/no}}"})
		out, _, err := b.templates["main"].Render(nil, RenderOptions{IncludeFunc: include(b)})
		require.NoError(t, err)
		require.Empty(t, out)
		require.Empty(t, b.asked)
	})
}

var errNoSuchPartial = errors.New("no such partial")

func TestRenderConcurrently(t *testing.T) {
	t.Parallel()
	tpl, err := Parse("{{#items}}{{> p}}{{/items}}{{^none}}{{name}}{{/none}}")
	require.NoError(t, err)
	p, err := Parse("[{{.}} {{name}}]")
	require.NoError(t, err)
	values := decode(t, `{"items": [1, 2], "name": "Ada"}`)
	done := make(chan string)
	for range 8 {
		go func() {
			out, _, err := tpl.Render(values, RenderOptions{IncludeFunc: func(Partial) (*Template, error) { return p, nil }})
			if err != nil {
				out = err.Error()
			}
			done <- out
		}()
	}
	for range 8 {
		require.Equal(t, "[1 Ada][2 Ada]Ada", <-done)
	}
}

func TestRenderLimit(t *testing.T) {
	t.Parallel()

	t.Run("AtTheLimit", func(t *testing.T) {
		t.Parallel()
		tpl, err := Parse("{{#l}}ab{{/l}}")
		require.NoError(t, err)
		out, _, err := tpl.Render(decode(t, `{"l": [1, 2, 3]}`), RenderOptions{Budget: NewBudget(6)})
		require.NoError(t, err)
		require.Equal(t, "ababab", out)
	})

	t.Run("OneByteOver", func(t *testing.T) {
		t.Parallel()
		tpl, err := Parse("{{#l}}ab{{/l}}")
		require.NoError(t, err)
		out, missing, err := tpl.Render(decode(t, `{"l": [1, 2, 3]}`), RenderOptions{Budget: NewBudget(5)})
		require.ErrorIs(t, err, ErrTooLarge)
		require.ErrorContains(t, err, "limit of 5 bytes")
		require.Empty(t, out)
		require.Empty(t, missing)
	})

	t.Run("InPartials", func(t *testing.T) {
		t.Parallel()
		tpl, err := Parse("{{> p}}{{> p}}")
		require.NoError(t, err)
		p, err := Parse("0123456789")
		require.NoError(t, err)
		_, _, err = tpl.Render(nil, RenderOptions{Budget: NewBudget(15), IncludeFunc: func(Partial) (*Template, error) { return p, nil }})
		require.ErrorIs(t, err, ErrTooLarge)
	})

	t.Run("WorkThatWritesNothing", func(t *testing.T) {
		t.Parallel()
		// 100⁵ iterations writing nothing: only the budget's steps stop them.
		tpl, err := Parse("{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}")
		require.NoError(t, err)
		_, _, err = tpl.Render(listOf(100), RenderOptions{Budget: NewBudget(1000)})
		require.ErrorIs(t, err, ErrTooMuchWork)
		require.ErrorContains(t, err, "more than the budget of 131072 steps")
	})
}

// listOf is the values {"l": [{"x": 1}, …]} with n items.
func listOf(n int) map[string]any {
	items := make([]any, n)
	for i := range items {
		items[i] = map[string]any{"x": 1.0}
	}
	return map[string]any{"l": items}
}

// TestBudget: one budget for a whole render, every template of it and their partials,
// and the steps of work no output shows.
func TestBudget(t *testing.T) {
	t.Parallel()

	// render renders each of sources in turn with one budget; it returns the error of the
	// first that fails, and the budget.
	render := func(t *testing.T, budget *Budget, values map[string]any, sources ...string) error {
		t.Helper()
		for _, src := range sources {
			tpl, err := Parse(src)
			require.NoError(t, err)
			if _, _, err := tpl.Render(values, RenderOptions{Budget: budget}); err != nil {
				return err
			}
		}
		return nil
	}

	t.Run("StepsSharedByTemplates", func(t *testing.T) {
		t.Parallel()
		// Each template takes 2 + 4 × 30,000 steps (the section and its lookup, then per item
		// the item, its text, its placeholder and its lookup): one fits the budget, two do not.
		const each = "{{#l}}.{{x}}{{/l}}"
		values := listOf(30_000)
		budget := NewBudget(1 << 20)
		require.NoError(t, render(t, budget, values, each))
		require.Equal(t, 2+4*30_000, budget.took)
		err := render(t, budget, values, each)
		require.ErrorIs(t, err, ErrTooMuchWork, "the second template has what the first left")
		require.NoError(t, render(t, NewBudget(1<<20), values, each), "alone it fits")
	})

	t.Run("BytesSharedByTemplates", func(t *testing.T) {
		t.Parallel()
		budget := NewBudget(10)
		require.NoError(t, render(t, budget, nil, "123456"))
		err := render(t, budget, nil, "12345")
		require.ErrorIs(t, err, ErrTooLarge)
		require.ErrorContains(t, err, "limit of 10 bytes")
		require.NoError(t, render(t, budget, nil, "1234"), "exactly what is left")
	})

	t.Run("PartialsCharged", func(t *testing.T) {
		t.Parallel()
		tpl, err := Parse("{{> p}}{{> p}}")
		require.NoError(t, err)
		p, err := Parse("{{#l}}{{x}}{{/l}}")
		require.NoError(t, err)
		budget := NewBudget(1 << 20)
		_, _, err = tpl.Render(listOf(1000), RenderOptions{Budget: budget, IncludeFunc: func(Partial) (*Template, error) { return p, nil }})
		require.NoError(t, err)
		// Per partial: its tag, its section and its lookup, and per item the item, its
		// placeholder and its lookup (found in the item).
		require.Equal(t, 2*(1+1+1+1000*3), budget.took)
	})

	t.Run("DeepSectionsChargeTheirLookups", func(t *testing.T) {
		t.Parallel()
		// 500 nested sections: each section's name is looked up in every value of the
		// context stack above it (about 500²/2 values in all: the steps say so, not the
		// 1,001 nodes); four times as deep is sixteen times the work, past the budget.
		const depth = 500
		src := strings.Repeat("{{#a}}", depth) + "{{x}}" + strings.Repeat("{{/a}}", depth)
		budget := NewBudget(1 << 20)
		require.NoError(t, render(t, budget, map[string]any{"a": true, "x": "y"}, src))
		require.Greater(t, budget.took, depth*depth/2)

		deeper := strings.Repeat("{{#a}}", 4*depth) + "{{x}}" + strings.Repeat("{{/a}}", 4*depth)
		require.ErrorIs(t, render(t, NewBudget(1<<20), map[string]any{"a": true, "x": "y"}, deeper), ErrTooMuchWork)
	})

	t.Run("LongNamesCharged", func(t *testing.T) {
		t.Parallel()
		long := strings.Repeat("n", 64_000)
		budget := NewBudget(1 << 20)
		require.NoError(t, render(t, budget, map[string]any{long: "v"}, "{{"+long+"}}"))
		require.Equal(t, 1+1000, budget.took, "a step, and one per 64 bytes of the name")
	})

	t.Run("DottedNamesChargeTheirFields", func(t *testing.T) {
		t.Parallel()
		budget := NewBudget(1 << 20)
		require.NoError(t, render(t, budget, decode(t, `{"a": {"b": {"c": {"d": 1}}}}`), "{{a.b.c.d}}"))
		require.Equal(t, 1+1+3*fieldSteps, budget.took, "the node, its lookup, three fields")
	})

	t.Run("JSONCharged", func(t *testing.T) {
		t.Parallel()
		tpl, err := Parse("{{#l}}{{o}}{{/l}}")
		require.NoError(t, err)
		values := listOf(3)
		values["o"] = map[string]any{"key": []any{"a", 1.0}}
		budget := NewBudget(1 << 20)
		out, _, err := tpl.Render(values, RenderOptions{Budget: budget})
		require.NoError(t, err)
		require.Equal(t, strings.Repeat(`{"key":["a",1]}`, 3), out, "the building pass writes what the measuring pass encoded")
		// The section and its lookup; per item the item, the placeholder, its lookup (in the
		// item, then the values) and a step per byte of JSON.
		require.Equal(t, 2+3*(1+1+2+len(`{"key":["a",1]}`)/jsonBytesPerStep), budget.took)
	})

	t.Run("ManyMissingNames", func(t *testing.T) {
		t.Parallel()
		var src strings.Builder
		src.WriteString("{{#l}}")
		for i := range 1000 {
			src.WriteString("{{m" + strconv.Itoa(i) + "}}")
		}
		src.WriteString("{{/l}}")
		tpl, err := Parse(src.String())
		require.NoError(t, err)
		_, missing, err := tpl.Render(listOf(40), RenderOptions{Budget: NewBudget(1 << 20)})
		require.NoError(t, err)
		require.Len(t, missing, 1000, "each once")
		require.Equal(t, "m999", missing[999])
	})
}

// TestRenderAllocations measures allocations, which are counted for the whole process, so
// it does not run in parallel (parallel tests wait until the sequential ones are done).
func TestRenderAllocations(t *testing.T) {
	t.Run("PlainTemplateOnce", func(t *testing.T) {
		tpl, err := Parse(benchSource)
		require.NoError(t, err)
		values := decode(t, `{"company": "Acme", "userName": "Ada", "plan": 3, "order.id": "42", "when": true}`)
		budget := NewBudget(1 << 20) // the caller's, and fresh for each render
		allocs := testing.AllocsPerRun(100, func() {
			*budget = Budget{Bytes: 1 << 20, Steps: MaxSteps}
			if _, _, err := tpl.Render(values, RenderOptions{Budget: budget}); err != nil {
				t.Fatal(err)
			}
		})
		require.Equal(t, 1.0, allocs)
	})

	t.Run("HugeRenderStopsEarly", func(t *testing.T) {
		// 10,000 items of 10 KB would be 100 MB; the limit is 64 KB.
		tpl, err := Parse("{{#items}}{{text}}{{/items}}")
		require.NoError(t, err)
		items := make([]any, 10_000)
		for i := range items {
			items[i] = map[string]any{}
		}
		values := map[string]any{"items": items, "text": strings.Repeat("x", 10_000)}
		const limit = 64 << 10
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		out, _, err := tpl.Render(values, RenderOptions{Budget: NewBudget(limit)})
		runtime.ReadMemStats(&after)
		require.ErrorIs(t, err, ErrTooLarge)
		require.Empty(t, out)
		require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(limit), "allocated for the output")
	})
}

func TestUnused(t *testing.T) {
	t.Parallel()

	for name, tc := range map[string]struct {
		sources []string
		values  string
		unused  []string
	}{
		"Sorted":            {[]string{"{{a}}"}, `{"z": 1, "a": 1, "b": 1}`, []string{"b", "z"}},
		"NoneGiven":         {[]string{"{{a}}"}, `{}`, nil},
		"DottedReadsFirst":  {[]string{"{{user.name}}"}, `{"user": {}, "user.name": 1, "user.age": 1}`, []string{"user.age"}},
		"FlatNotNested":     {[]string{"{{a.b.c}}"}, `{"a.b": 1}`, []string{"a.b"}},
		"InSections":        {[]string{"{{#items}}{{price}}{{/items}}{{^vip}}{{/vip}}"}, `{"items": [], "price": 1, "vip": 1, "x": 1}`, []string{"x"}},
		"EveryTemplate":     {[]string{"{{a}}", "{{#b}}{{/b}}"}, `{"a": 1, "b": 1, "c": 1}`, []string{"c"}},
		"AllWrittenAsJSON":  {[]string{"{{^x}}{{.}}{{/x}}"}, `{"a": 1, "b": 1}`, nil},
		"ItemIsNotAll":      {[]string{"{{#l}}{{.}}{{/l}}"}, `{"l": [], "b": 1}`, []string{"b"}},
		"PartialNotChecked": {[]string{"{{> p}}"}, `{"a": 1}`, []string{"a"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var templates []*Template
			for _, src := range tc.sources {
				tpl, err := Parse(src)
				require.NoError(t, err)
				templates = append(templates, tpl)
			}
			require.Equal(t, tc.unused, ReadsOf(templates...).Unused(decode(t, tc.values)))
		})
	}
}

// TestNumbers checks that numbers, whole ones written as integers too, print as
// strconv.FormatFloat(v, 'f', -1, 64) prints them.
func TestNumbers(t *testing.T) {
	t.Parallel()
	tpl, err := Parse("{{n}}")
	require.NoError(t, err)
	numbers := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1e15 - 1, 1e15, -1e15 + 1, -1e15, 1e21, 1 << 53, math.MaxInt64, math.MinInt64, math.MaxFloat64, math.SmallestNonzeroFloat64}
	for i := range 1000 {
		numbers = append(numbers, float64(i*i*i*7919), -float64(i)*1.25, math.Ldexp(1, i-500))
	}
	for _, n := range numbers {
		out, _, err := tpl.Render(map[string]any{"n": n}, RenderOptions{})
		require.NoError(t, err)
		require.Equal(t, strconv.FormatFloat(n, 'f', -1, 64), out)
	}
}
