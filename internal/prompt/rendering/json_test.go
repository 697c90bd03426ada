package rendering

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAppendJSONString checks the render encoder's strings against encoding/json's, as a
// JSON parser reads them back.
func TestAppendJSONString(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "plain", `quote " and \ backslash`, "lines\nand\ttabs\r", "\x00\x01\x1f",
		"<html> & ünïcödé ✓ 🎉", "bad \xff utf-8", "\u2028\u2029"} {
		var got string
		require.NoError(t, json.Unmarshal(appendJSONString(nil, s), &got), "%q", s)
		want, _ := json.Marshal(s)
		var wantBack string
		require.NoError(t, json.Unmarshal(want, &wantBack))
		require.Equal(t, wantBack, got, "%q", s)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("hello \"world\"\n")
	f.Add("\xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		var got, want string
		require.NoError(t, json.Unmarshal(appendJSONString(nil, s), &got))
		raw, _ := json.Marshal(s)
		require.NoError(t, json.Unmarshal(raw, &want))
		require.Equal(t, want, got)
	})
}
