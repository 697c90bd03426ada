package versiondiff

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCompareNullSpellings(t *testing.T) {
	t.Parallel()

	spellings := map[string]json.RawMessage{
		"Nil": nil, "Empty": {}, "Blank": json.RawMessage(" \t\n"), "Null": json.RawMessage("null"), "PaddedNull": json.RawMessage(" null "),
	}
	for fromName, from := range spellings {
		for toName, to := range spellings {
			t.Run(fromName+"To"+toName, func(t *testing.T) {
				t.Parallel()
				d, err := Compare(Version{Tools: from, Metadata: from}, Version{Tools: to, Metadata: to})
				require.NoError(t, err)
				require.False(t, d.Changed)
				require.Equal(t, JSONDiff{Changes: []JSONChange{}}, d.Tools)
			})
		}
	}

	t.Run("AbsentToEmptyObject", func(t *testing.T) {
		t.Parallel()
		d, err := Compare(Version{Metadata: json.RawMessage("null")}, Version{Metadata: json.RawMessage("{}")})
		require.NoError(t, err)
		require.True(t, d.Changed)
		require.Equal(t, []JSONChange{{Pointer: "", Op: JSONAdd, Old: json.RawMessage("null"), New: json.RawMessage("{}")}}, d.Metadata.Changes)
	})
}

func TestCompareInvalidJSON(t *testing.T) {
	t.Parallel()

	for name, tc := range map[string]struct {
		from, to Version
		says     string
	}{
		"OldTools":        {Version{Tools: json.RawMessage(`[{"a":`)}, Version{}, "tools: old version"},
		"NewMetadata":     {Version{}, Version{Metadata: json.RawMessage(`{'a': 1}`)}, "metadata: new version"},
		"TrailingData":    {Version{}, Version{ToolChoice: json.RawMessage(`"auto" "none"`)}, "toolChoice: new version"},
		"TrailingGarbage": {Version{ModelParameters: json.RawMessage(`{} x`)}, Version{}, "modelParameters: old version"},
		"VariablesSchema": {Version{}, Version{VariablesSchema: json.RawMessage(`nul`)}, "variablesSchema"},
		"ResponseFormat":  {Version{ResponseFormat: json.RawMessage(`{"a":1,}`)}, Version{}, "responseFormat"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := Compare(tc.from, tc.to)
			require.ErrorContains(t, err, "versiondiff: "+tc.says)
		})
	}
}

func TestCompareDeterministic(t *testing.T) {
	t.Parallel()

	// Maps iterate in random order: many keys on both sides would show any leak of it.
	var from, to strings.Builder
	from.WriteString("{")
	to.WriteString("{")
	for i := range 50 {
		if i > 0 {
			from.WriteString(",")
			to.WriteString(",")
		}
		k := fmt.Sprintf("k%02d", i)
		from.WriteString(`"` + k + `": {"v": 1, "w": [1, 2]}`)
		to.WriteString(`"` + k + `": {"v": 2, "w": [1]}`)
	}
	from.WriteString("}")
	to.WriteString("}")
	a, b := Version{Metadata: json.RawMessage(from.String())}, Version{Metadata: json.RawMessage(to.String())}

	first, err := Compare(a, b)
	require.NoError(t, err)
	require.Len(t, first.Metadata.Changes, 100)
	want, err := json.Marshal(first)
	require.NoError(t, err)
	for range 20 {
		d, err := Compare(a, b)
		require.NoError(t, err)
		got, err := json.Marshal(d)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
	}
	require.Equal(t, "/k00/v", first.Metadata.Changes[0].Pointer)
	require.Equal(t, "/k00/w/1", first.Metadata.Changes[1].Pointer)
}

func TestNumbersEqual(t *testing.T) {
	t.Parallel()

	for name, tc := range map[string]struct {
		a, b  string
		equal bool
	}{
		"Same":             {"42", "42", true},
		"TrailingZeros":    {"1", "1.000", true},
		"Exponent":         {"1", "10e-1", true},
		"UpperExponent":    {"1500", "1.5E3", true},
		"PlusExponent":     {"1500", "15e+2", true},
		"Fraction":         {"0.9", "9e-1", true},
		"SmallFraction":    {"0.001", "1e-3", true},
		"Zeros":            {"0", "0.0e10", true},
		"NegativeZero":     {"-0", "0", true},
		"Different":        {"0.9", "0.91", false},
		"Sign":             {"-1", "1", false},
		"PastFloatPrecise": {"9007199254740993", "9007199254740992", false},
		"TenTimes":         {"1e2", "1e3", false},
		"HugeExponent":     {"1e999999999", "10e999999998", true},
		"HugeDifferent":    {"1e999999999", "1e999999998", false},
		"ExponentTooBig":   {"1e99999999999", "10e99999999998", false},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.equal, numbersEqual(json.Number(tc.a), json.Number(tc.b)))
			require.Equal(t, tc.equal, numbersEqual(json.Number(tc.b), json.Number(tc.a)))
		})
	}
}

func TestEscapePointerToken(t *testing.T) {
	t.Parallel()

	for in, want := range map[string]string{
		"": "", "plain": "plain", "a/b": "a~1b", "m~n": "m~0n", "~1": "~01", "/~": "~1~0", "~/": "~0~1",
	} {
		require.Equal(t, want, escapePointerToken(in), in)
		require.Equal(t, in, unescapePointerToken(want), want)
	}
}

// FuzzCompareJSON checks, for any two valid documents, that a document equals itself, that the
// diff the other way round is the mirror image, that pointers come sorted and once each, and
// that each pointer resolves in the documents to the values reported.
func FuzzCompareJSON(f *testing.F) {
	for _, seed := range [][2]string{
		{`{"a": 1}`, `{"a": 1.0}`},
		{`[1, 2, 3]`, `[1, 3]`},
		{`{"a/b": {"~": null}}`, `{"a/b": {}}`},
		{`{"k": [{"x": "y"}]}`, `{"k": [{"x": "z"}, true]}`},
		{`null`, `{}`},
		{`"auto"`, `{"type": "function"}`},
		{``, `[]`},
		{`{"a": 1, "a b": 2, "a/x": 3}`, `{"a": {"b": 1}}`},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !validOrBlank(a) || !validOrBlank(b) {
			return
		}
		same, err := compareJSON(json.RawMessage(a), json.RawMessage(a))
		require.NoError(t, err)
		require.False(t, same.Changed)
		require.Empty(t, same.Changes)

		forward, err := compareJSON(json.RawMessage(a), json.RawMessage(b))
		require.NoError(t, err)
		backward, err := compareJSON(json.RawMessage(b), json.RawMessage(a))
		require.NoError(t, err)
		require.Equal(t, len(forward.Changes) > 0, forward.Changed)
		require.Len(t, backward.Changes, len(forward.Changes))
		mirror := map[JSONOp]JSONOp{JSONAdd: JSONRemove, JSONRemove: JSONAdd, JSONReplace: JSONReplace}
		for i, c := range forward.Changes {
			require.Equal(t, JSONChange{Pointer: c.Pointer, Op: mirror[c.Op], Old: c.New, New: c.Old}, backward.Changes[i])
		}

		require.True(t, slices.IsSortedFunc(forward.Changes, func(x, y JSONChange) int {
			return slices.Compare(pointerTokens(x.Pointer), pointerTokens(y.Pointer))
		}))
		da, _, _ := decodeJSON(json.RawMessage(a))
		db, _, _ := decodeJSON(json.RawMessage(b))
		for i, c := range forward.Changes {
			if i > 0 {
				require.NotEqual(t, forward.Changes[i-1].Pointer, c.Pointer)
			}
			old, oldOK := resolve(t, da, c.Pointer)
			cur, curOK := resolve(t, db, c.Pointer)
			require.Equal(t, c.Op != JSONAdd, oldOK, c.Pointer)
			require.Equal(t, c.Op != JSONRemove, curOK, c.Pointer)
			require.Equal(t, string(old), string(c.Old), c.Pointer)
			require.Equal(t, string(cur), string(c.New), c.Pointer)
		}
	})
}

func validOrBlank(s string) bool {
	return strings.TrimSpace(s) == "" || json.Valid([]byte(s))
}

// pointerTokens splits a pointer into its unescaped tokens, array indices compared as numbers
// (zero-padded), so that slices.Compare orders them as compareJSON promises.
func pointerTokens(ptr string) []string {
	if ptr == "" {
		return nil
	}
	tokens := strings.Split(ptr[1:], "/")
	for i, tok := range tokens {
		if n, err := strconv.Atoi(tok); err == nil && n >= 0 && strconv.Itoa(n) == tok {
			tokens[i] = "\x00" + strings.Repeat("0", 20-len(tok)) + tok
		} else {
			tokens[i] = unescapePointerToken(tok)
		}
	}
	return tokens
}

// unescapePointerToken reverses escapePointerToken: ~1 first, then ~0 (RFC 6901 section 4).
func unescapePointerToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// resolve returns the compact value at ptr in a decoded document (absent: null and false).
func resolve(t *testing.T, doc any, ptr string) (json.RawMessage, bool) {
	t.Helper()
	if doc == nil {
		return jsonNull, false
	}
	v := doc
	if ptr != "" {
		for _, tok := range strings.Split(ptr[1:], "/") {
			switch node := v.(type) {
			case map[string]any:
				next, ok := node[unescapePointerToken(tok)]
				if !ok {
					return jsonNull, false
				}
				v = next
			case []any:
				i, err := strconv.Atoi(tok)
				require.NoError(t, err, ptr)
				if i >= len(node) {
					return jsonNull, false
				}
				v = node[i]
			default:
				t.Fatalf("pointer %q goes through a scalar", ptr)
			}
		}
	}
	raw, err := encodeJSON(v)
	require.NoError(t, err)
	return raw, true
}
