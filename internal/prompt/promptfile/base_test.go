package promptfile

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWithBaseVersion: apply records the version it created in a file and changes nothing
// else of its text, where the text allows; otherwise it writes the file as Marshal does.
func TestWithBaseVersion(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, file, want string
	}{
		{"Appended", "# A comment.\nname: N\nsystemPrompt: S\nuserTemplate: \"U\"\n",
			"# A comment.\nname: N\nsystemPrompt: S\nuserTemplate: \"U\"\nbaseVersion: 7\n"},
		{"AppendedAfterTheLastLine", "name: N\nsystemPrompt: S\nuserTemplate: U",
			"name: N\nsystemPrompt: S\nuserTemplate: U\nbaseVersion: 7\n"},
		{"Replaced", "name: N\nbaseVersion: 3 # pulled\nsystemPrompt: S\nuserTemplate: U\n",
			"name: N\nbaseVersion: 7\nsystemPrompt: S\nuserTemplate: U\n"},
		{"ReplacedCRLF", "name: N\r\nbaseVersion: 3\r\nsystemPrompt: S\r\nuserTemplate: U\r\n",
			"name: N\r\nbaseVersion: 7\r\nsystemPrompt: S\r\nuserTemplate: U\r\n"},
		{"FlowMappingRewritten", "{name: N, systemPrompt: S, userTemplate: U}\n",
			"name: N\nsystemPrompt: S\nuserTemplate: U\nbaseVersion: 7\n"},
		{"DocumentEndRewritten", "name: N\nsystemPrompt: S\nuserTemplate: U\n...\n",
			"name: N\nsystemPrompt: S\nuserTemplate: U\nbaseVersion: 7\n"},
		{"ValueOnItsOwnLineRewritten", "name: N\nbaseVersion:\n  3\nsystemPrompt: S\nuserTemplate: U\n",
			"name: N\nsystemPrompt: S\nuserTemplate: U\nbaseVersion: 7\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := WithBaseVersion("f.prompt.yaml", []byte(tt.file), 7)
			require.NoError(t, err)
			require.Equal(t, tt.want, string(out))
			f, err := Parse("f.prompt.yaml", out)
			require.NoError(t, err)
			require.Equal(t, 7, *f.BaseVersion)
		})
	}

	t.Run("BadFile", func(t *testing.T) {
		t.Parallel()
		_, err := WithBaseVersion("f.prompt.yaml", []byte("name: N\n"), 7)
		require.ErrorContains(t, err, "f.prompt.yaml:1: the content is missing")
	})
}

// TestIncludes: the prompts a file includes, from every template, once each.
func TestIncludes(t *testing.T) {
	t.Parallel()
	f, err := Parse("f.prompt.yaml", []byte("name: N\nmessages:\n  - {role: system, content: \"{{> rules}} {{> tone@2}}\"}\n"+
		"  - {role: user, content: \"{{> rules}} {{#x}}{{> footer}}{{/x}}\"}\n  - {role: assistant, content: \"{{ broken\"}\n"))
	require.NoError(t, err)
	require.Equal(t, []string{"rules", "tone", "footer"}, f.Includes())
}
