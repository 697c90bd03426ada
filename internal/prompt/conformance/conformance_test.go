package conformance

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
)

var update = flag.Bool("update", false, "rewrite gen/conformance/vectors.json from the cases and the Go rules")

// TestVectors checks that gen/conformance/vectors.json is what the Go rules give for the
// cases now, or rewrites it with -update (make generate/vectors).
func TestVectors(t *testing.T) {
	t.Parallel()
	raw, err := readCases()
	require.NoError(t, err)
	v, err := build(raw)
	require.NoError(t, err)
	want, err := encode(v)
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(vectorsFile), 0o755))
		require.NoError(t, os.WriteFile(vectorsFile, want, 0o644))
		return
	}
	got, err := os.ReadFile(vectorsFile)
	require.NoError(t, err, "run make generate/vectors")
	if string(got) != string(want) {
		t.Fatalf("%s is stale: the Go rules give other vectors than it holds (run make generate/vectors, "+
			"then make the SDKs pass them); first difference at %s", vectorsFile, firstDifference(string(got), string(want)))
	}
}

// TestVectorsCoverEveryOutcome keeps the cases honest: each kind of answer the SDKs must
// reproduce is among them.
func TestVectorsCoverEveryOutcome(t *testing.T) {
	t.Parallel()
	raw, err := readCases()
	require.NoError(t, err)
	v, err := build(raw)
	require.NoError(t, err)
	kinds := map[string]bool{}
	for _, tv := range v.Templates {
		if tv.Error != nil {
			kinds[tv.Error.Kind] = true
		}
		if len(tv.Suspects) > 0 {
			kinds["suspects"] = true
		}
		if len(tv.Missing) > 0 {
			kinds["missing"] = true
		}
	}
	var c cases
	require.NoError(t, json.Unmarshal(raw, &c))
	for _, rc := range c.Renders {
		if textRefusal(rc.Variables) != nil {
			kinds["text"] = true
		} else if refused, err := gatewayRefusal(rc.Variables); err == nil && refused != nil {
			kinds["spec"] = true
		}
	}
	for _, rv := range v.Renders {
		for format, result := range rv.Results {
			kinds[format] = true
			if string(result) != "" && !containsRendered(result) {
				kinds["problems"] = true
			}
		}
	}
	for _, kind := range []string{"syntax", "tooLarge", "tooMuchWork", "tooDeep", "include", "suspects", "missing",
		"messages", "openai-chat", "openai-responses", "anthropic", "problems", "text", "spec"} {
		require.True(t, kinds[kind], "no case gives %s", kind)
	}
	require.NotEmpty(t, v.ContentHashes)
	for _, sv := range v.Subjects {
		switch {
		case sv.Refused == nil:
			kinds["subject taken"] = true
		case string(sv.Subject) == `""`:
			kinds["empty subject refused"] = true
		case sv.Refused.Problems[0] == api.FieldProblem{Field: "subject", Problem: "is not valid UTF-8"}:
			kinds["lone surrogate refused"] = true
		}
	}
	require.True(t, kinds["subject taken"], "no subject case is let through")
	require.True(t, kinds["empty subject refused"], "no case refuses an empty subject")
	require.True(t, kinds["lone surrogate refused"], "no case refuses a subject holding a lone surrogate")
	for _, rv := range v.Requests {
		switch {
		case rv.Refused == nil:
			kinds["request taken"] = true
		case rv.Refused.Problems[0] == api.FieldProblem{Field: "slug", Problem: "is not valid UTF-8"}:
			kinds["slug lone surrogate refused"] = true
		}
	}
	require.True(t, kinds["request taken"], "no request case is let through")
	require.True(t, kinds["slug lone surrogate refused"], "no case refuses a slug holding a lone surrogate")
}

func containsRendered(result []byte) bool {
	return len(result) > 12 && string(result[:12]) == `{"rendered":`
}
