package schemas

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCompile(t *testing.T) {
	t.Parallel()
	t.Run("Valid", func(t *testing.T) {
		t.Parallel()
		sch, problems := Compile([]byte(`{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}`))
		require.Empty(t, problems)
		require.NotNil(t, sch)
	})
	t.Run("InvalidKeywordValue", func(t *testing.T) {
		t.Parallel()
		_, problems := Compile([]byte(`{"type":"object","properties":{"city":{"type":"strin"}}}`))
		require.NotEmpty(t, problems)
		require.Equal(t, "/properties/city/type", problems[0].Pointer)
	})
	t.Run("NotJSON", func(t *testing.T) {
		t.Parallel()
		_, problems := Compile([]byte(`{"type":`))
		require.Len(t, problems, 1)
		require.Contains(t, problems[0].Problem, "not valid JSON")
	})
	t.Run("NoFilesOrNetwork", func(t *testing.T) {
		t.Parallel()
		for _, ref := range []string{"file:///etc/passwd", "http://127.0.0.1:1/x.json"} {
			_, problems := Compile([]byte(`{"$ref":"` + ref + `"}`))
			require.NotEmpty(t, problems, ref)
			require.NotContains(t, problems[0].Problem, "root:", "a file was read")
		}
	})
	t.Run("InternalRef", func(t *testing.T) {
		t.Parallel()
		_, problems := Compile([]byte(`{"$defs":{"n":{"type":"number"}},"properties":{"x":{"$ref":"#/$defs/n"}}}`))
		require.Empty(t, problems)
	})
}

func TestValidate(t *testing.T) {
	t.Parallel()
	sch, problems := Compile([]byte(`{"type":"object","properties":{"age":{"type":"integer","minimum":0},"name":{"type":"string"}},"required":["name"]}`))
	require.Empty(t, problems)
	var ok, bad any
	require.NoError(t, json.Unmarshal([]byte(`{"name":"Ada","age":36}`), &ok))
	require.Empty(t, Validate(sch, ok))
	require.NoError(t, json.Unmarshal([]byte(`{"age":-1}`), &bad))
	got := Validate(sch, bad)
	pointers := []string{}
	for _, p := range got {
		pointers = append(pointers, p.Pointer)
	}
	require.Contains(t, pointers, "/age")
	require.Contains(t, pointers, "")
}
