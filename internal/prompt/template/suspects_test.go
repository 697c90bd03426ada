package template

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSuspects(t *testing.T) {
	t.Parallel()
	const placeholder = "looks like a placeholder of another syntax; PromptOps placeholders are {{ "
	const jinja = "looks like a tag of another syntax (Jinja); PromptOps sections are {{#name}}…{{/name}}"
	for name, tc := range map[string]struct {
		src  string
		want []string
	}{
		"None":           {"Hello {{ userName }}", nil},
		"SingleBraces":   {"Hello {userName}", []string{`line 1, column 7: "{userName}" ` + placeholder + "userName }}"}},
		"SpacesInside":   {"Hi { user.name }", []string{`line 1, column 4: "{ user.name }" ` + placeholder + "user.name }}"}},
		"Dollar":         {"é ${x}", []string{`line 1, column 3: "${x}" ` + placeholder + "x }}"}},
		"TripleBraces":   {"a\n{{{name}}}", []string{`line 2, column 1: "{{{name}}}" ` + placeholder + "name }}"}},
		"Jinja":          {"{% if vip %}VIP", []string{`line 1, column 1: "{% if vip %}" ` + jinja}},
		"JinjaTrim":      {"{%- for x in xs -%}", []string{`line 1, column 1: "{%- for x in xs -%}" ` + jinja}},
		"JinjaUnclosed":  {"{% if vip\n %}", nil},
		"InSection":      {"{{#a}}\n {b}\n{{/a}}", []string{`line 2, column 2: "{b}" ` + placeholder + "b }}"}},
		"JSONObject":     {`{"a": 1}`, nil},
		"JSONSpaced":     {`{ "name": "x" }`, nil},
		"JSONNested":     {`{"a": {"b": {"c": 1}}}`, nil},
		"JSONAroundTag":  {`{"user": "{{name}}"}`, nil},
		"Code":           {"if (x) { return y; }", nil},
		"EmptyBraces":    {"{} and { }", nil},
		"DoubleClosing":  {"{a}}", nil},
		"LoneBraces":     {"{ {{x}} }", nil},
		"UnclosedBraces": {"{ { { a", nil},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tpl, err := Parse(tc.src)
			require.NoError(t, err)
			var got []string
			for _, s := range tpl.Suspects() {
				got = append(got, s.String())
			}
			require.Equal(t, tc.want, got)
		})
	}
}
