package gateway

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

func TestBadString(t *testing.T) {
	t.Parallel()

	for name, tc := range map[string]struct {
		body, field, problem string
	}{
		"Clean":            {`{"a":"x","b":[1,"y",{"c":null}]}`, "", ""},
		"EscapedSlash":     {`{"a":"\\u0000"}`, "", ""},
		"Top":              {`{"a":"x\u0000"}`, "/a", problemNUL},
		"SecondMember":     {`{"a":"x","b":"\u0000"}`, "/b", problemNUL},
		"ArrayElement":     {`{"a":[{"b":1},"ok",["\u0000"]]}`, "/a/2/0", problemNUL},
		"AfterContainers":  {`{"a":{"b":[1,2]},"c":[],"d":"\u0000"}`, "/d", problemNUL},
		"MemberName":       {`{"a":{"b\u0000":1}}`, "/a/b\x00", problemNUL},
		"EscapedName":      {`{"a/b~c":"\u0000"}`, "/a~1b~0c", problemNUL},
		"WholeBody":        {`"\u0000"`, "body", problemNUL},
		"InvalidUTF8":      {"{\"a\":[\"ok\",\"\xff\"]}", "/a/1", problemUTF8},
		"InvalidName":      {"{\"\xff\":1}", "/\uFFFD", problemUTF8},
		"OutsideStrings":   {"{\"a\":1}\xff", "body", problemUTF8},
		"NotJSON":          {`{"a":`, "", ""},
		"LoneHigh":         {`{"a":["x","y\ud800z"]}`, "/a/1", problemSurrogate},
		"LoneLow":          {`{"a":"\uDC00"}`, "/a", problemSurrogate},
		"HighAtEnd":        {`{"a":"\ud83d"}`, "/a", problemSurrogate},
		"TwoHighs":         {`{"a":"\ud83d\ud83d"}`, "/a", problemSurrogate},
		"LoneInName":       {`{"\ud800":1}`, "/\uFFFD", problemSurrogate},
		"Pair":             {`{"a":"\ud83d\ude00","b":"\u00e9"}`, "", ""},
		"EscapedBackslash": {`{"a":"\\ud800"}`, "", ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			field, problem := badString([]byte(tc.body))
			require.Equal(t, tc.field, field)
			require.Equal(t, tc.problem, problem)
		})
	}
}

// FuzzBadString checks that any body is walked without a panic, and that a body badString
// finds nothing wrong with holds no NUL and no invalid UTF-8 in what it decodes to.
func FuzzBadString(f *testing.F) {
	for _, seed := range []string{`{"a":"\u0000"}`, `{"a":[1,{"b":"\\u0000"}]}`, "{\"\xff\":1}", `[[],{},"x"]`, `{"a":`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		field, problem := badString(body)
		if problem != "" {
			require.NotEmpty(t, field)
			return
		}
		var v any
		if !utf8.Valid(body) || json.Unmarshal(body, &v) != nil {
			return
		}
		require.False(t, holdsNUL(v), "a NUL went unnoticed in %q", body)
	})
}

// holdsNUL reports whether a decoded JSON value has a NUL in a string or a member name.
func holdsNUL(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.ContainsRune(v, 0)
	case []any:
		return slices.ContainsFunc(v, holdsNUL)
	case map[string]any:
		for k, e := range v {
			if strings.ContainsRune(k, 0) || holdsNUL(e) {
				return true
			}
		}
	}
	return false
}
