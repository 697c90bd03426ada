package rendering

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAppendJSONString checks the render encoder's strings against json.Marshal's bytes.
func TestAppendJSONString(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "plain", `quote " and \ backslash`, "lines\nand\ttabs\r\b\f", "\x00\x01\x1f\x7f",
		"<html> & ünïcödé ✓ 🎉", "bad \xff utf-8", "\u2028\u2029"} {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		require.Equal(t, string(want), string(appendJSONString(nil, s)), "%q", s)
	}
}

// FuzzAppendJSONString: the render encoder's strings are json.Marshal's, byte for byte.
func FuzzAppendJSONString(f *testing.F) {
	f.Add("hello \"world\"\n")
	f.Add("\xff\xfe")
	f.Add("<a href='x'>&amp;</a>\b\f\u2028\u2029\x7f")
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		require.Equal(t, string(want), string(appendJSONString(nil, s)))
	})
}
