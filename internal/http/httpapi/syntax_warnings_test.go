package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
)

// TestVersionSyntaxWarnings checks that a version whose text looks like tags of another
// template syntax is created, with warnings naming each, and that JSON is not taken for one.
func TestVersionSyntaxWarnings(t *testing.T) {
	t.Parallel()
	hint := `looks like a placeholder of another syntax; PromptOps placeholders are {{ `
	for name, c := range map[string]struct {
		user     string
		warnings []string
	}{
		"SingleBraces": {"Hello {userName}", []string{`/messages/1/content: line 1, column 7: "{userName}" ` + hint + `userName }}`}},
		"Dollar":       {"Total: ${x}", []string{`/messages/1/content: line 1, column 8: "${x}" ` + hint + `x }}`}},
		"Jinja": {"Hi\n{% if vip %}VIP{% endif %}", []string{
			`/messages/1/content: line 2, column 1: "{% if vip %}" looks like a tag of another syntax (Jinja); PromptOps sections are {{#name}}…{{/name}}`,
			`/messages/1/content: line 2, column 16: "{% endif %}" looks like a tag of another syntax (Jinja); PromptOps sections are {{#name}}…{{/name}}`,
		}},
		"JSONExample":       {`Answer as {"a": 1} or { "name": "x" }`, []string{}},
		"PromptOpsTemplate": {"Hello {{userName}}{{#vip}} (VIP){{/vip}}", []string{}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setupContent(t)
			resp := b.createRaw(t, `{"systemPrompt": "Be brief.", "userTemplate": `+strconv.Quote(c.user)+`}`)
			require.Equal(t, http.StatusCreated, resp.StatusCode)
			var out api.CreatedVersionResponse
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
			require.Equal(t, c.warnings, out.Warnings)
			require.Equal(t, 1, out.Data.VersionNumber, "created all the same")
		})
	}
}

// TestRenderSyntaxWarnings checks the warnings of a render: a variable written as JSON, and
// the version's text that looks like tags of another syntax.
func TestRenderSyntaxWarnings(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		user, variables string
		warnings        []string
	}{
		"Clean":   {"Weather in {{city}}?", `{"city": "Lyon"}`, []string{}},
		"Object":  {"Weather in {{city}}?", `{"city": {"name": "Lyon"}}`, []string{`variable "city" is rendered from an object as JSON`}},
		"List":    {"Weather in {{city}} and {{city}}?", `{"city": ["Lyon"]}`, []string{`variable "city" is rendered from a list as JSON`}},
		"Section": {"Weather in {{#city}}{{name}}{{/city}}?", `{"city": {"name": "Lyon"}}`, []string{}},
		"OtherSyntax": {"Weather in {city}?", `{}`, []string{
			`/messages/1/content: line 1, column 12: "{city}" looks like a placeholder of another syntax; PromptOps placeholders are {{ city }}`,
		}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setupContent(t)
			created := b.createRaw(t, `{"systemPrompt": "Be brief.", "userTemplate": `+strconv.Quote(c.user)+`}`)
			require.Equal(t, http.StatusCreated, created.StatusCode)
			r := b.render(t, `{"variables": `+c.variables+`}`)
			require.Equal(t, c.warnings, r.Warnings)
		})
	}
}
