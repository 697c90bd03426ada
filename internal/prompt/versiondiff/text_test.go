package versiondiff

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDiffTextHunks(t *testing.T) {
	t.Parallel()

	lines := make([]string, 30)
	for i := range lines {
		lines[i] = "l" + string(rune('A'+i))
	}
	from := strings.Join(lines, "\n") + "\n"

	t.Run("FarApartChangesMakeTwoHunks", func(t *testing.T) {
		t.Parallel()
		to := strings.Replace(strings.Replace(from, "lC\n", "lC2\n", 1), "lX\n", "lX2\n", 1)
		d, err := diffText("a/t", "b/t", from, to)
		require.NoError(t, err)
		require.Equal(t, 2, strings.Count(d.Unified, "\n@@ "))
		require.Contains(t, d.Unified, "@@ -1,6 +1,6 @@\n lA\n lB\n-lC\n+lC2\n lD\n lE\n lF\n")
		require.Contains(t, d.Unified, "@@ -21,7 +21,7 @@\n lU\n lV\n lW\n-lX\n+lX2\n lY\n lZ\n l[\n")
	})
	t.Run("CloseChangesShareAHunk", func(t *testing.T) {
		t.Parallel()
		to := strings.Replace(strings.Replace(from, "lJ\n", "lJ2\n", 1), "lP\n", "lP2\n", 1)
		d, err := diffText("a/t", "b/t", from, to)
		require.NoError(t, err)
		require.Equal(t, 1, strings.Count(d.Unified, "\n@@ "))
		require.Contains(t, d.Unified, "@@ -7,13 +7,13 @@\n")
	})
	t.Run("Equal", func(t *testing.T) {
		t.Parallel()
		d, err := diffText("a/t", "b/t", from, from)
		require.NoError(t, err)
		require.Equal(t, TextDiff{}, d)
	})
	t.Run("OnlyTheFinalNewline", func(t *testing.T) {
		t.Parallel()
		d, err := diffText("a/t", "b/t", "x\ny", "x\ny\n")
		require.NoError(t, err)
		require.Equal(t, "--- a/t\n+++ b/t\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+y\n", d.Unified)
	})
}

func TestApplyUnifiedIsStrict(t *testing.T) {
	t.Parallel()

	from, to := "a\nb\nc\nd\n", "a\nb\nC\nd\n"
	d, err := diffText("a/t", "b/t", from, to)
	require.NoError(t, err)
	got, err := applyUnified(d.Unified, from)
	require.NoError(t, err)
	require.Equal(t, to, got)
	for name, tampered := range map[string]string{
		"Count":   strings.Replace(d.Unified, "@@ -1,4 +1,4 @@", "@@ -1,4 +1,5 @@", 1),
		"Context": strings.Replace(d.Unified, " b\n", " B\n", 1),
		"Deleted": strings.Replace(d.Unified, "-c\n", "-x\n", 1),
		"Header":  strings.TrimPrefix(d.Unified, "--- a/t\n"),
	} {
		_, err := applyUnified(tampered, from)
		require.Error(t, err, name)
	}
}

// FuzzDiffText checks that every diff is a well-formed unified diff (hunk counts right, context
// lines matching the old text) and applies back: the old text patched with it is the new one.
func FuzzDiffText(f *testing.F) {
	f.Add("a\nb\nc", "a\nB\nc")
	f.Add("", "new\n")
	f.Add("gone\n", "")
	f.Add("x\r\ny\r\n", "x\ny\n")
	f.Add("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9")
	f.Fuzz(func(t *testing.T, from, to string) {
		d, err := diffText("a/t", "b/t", from, to)
		require.NoError(t, err)
		require.Equal(t, from != to, d.Changed)
		if !d.Changed {
			return
		}
		require.True(t, strings.HasPrefix(d.Unified, "--- a/t\n+++ b/t\n@@ -"), d.Unified)
		got, err := applyUnified(d.Unified, from)
		require.NoError(t, err)
		require.Equal(t, to, got)
	})
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n$`)

// applyUnified patches text with a unified diff of one file, strictly: every context and deleted
// line must match, every hunk's counts must add up, and hunks must come in order. (go-udiff's own
// ApplyUnified takes diffs without context only.)
func applyUnified(diff, text string) (string, error) {
	old := strings.SplitAfter(text, "\n")
	if old[len(old)-1] == "" {
		old = old[:len(old)-1]
	}
	lines := strings.SplitAfter(diff, "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "--- ") || !strings.HasPrefix(lines[1], "+++ ") || lines[len(lines)-1] != "" {
		return "", fmt.Errorf("bad headers or no final newline: %q", diff)
	}
	lines = lines[2 : len(lines)-1]
	var out strings.Builder
	left := 0 // old lines consumed
	for i := 0; i < len(lines); {
		m := hunkHeader.FindStringSubmatch(lines[i])
		if m == nil {
			return "", fmt.Errorf("line %d: want a hunk header, got %q", i, lines[i])
		}
		i++
		count := func(s string) int {
			if s == "" {
				return 1
			}
			n, _ := strconv.Atoi(s)
			return n
		}
		oldStart, oldCount, newCount := count(m[1]), count(m[2]), count(m[4])
		if oldCount > 0 {
			oldStart-- // 1-based first line; with no old lines, the line it follows
		}
		if oldStart < left || oldStart > len(old) {
			return "", fmt.Errorf("hunk %q out of order or range", m[0])
		}
		for ; left < oldStart; left++ {
			out.WriteString(old[left])
		}
		seenOld, seenNew := 0, 0
		for i < len(lines) && !strings.HasPrefix(lines[i], "@@ ") {
			kind, content := lines[i][0], lines[i][1:]
			i++
			if i < len(lines) && lines[i] == "\\ No newline at end of file\n" {
				content = strings.TrimSuffix(content, "\n")
				i++
			}
			switch kind {
			case ' ', '-':
				if left >= len(old) || old[left] != content {
					return "", fmt.Errorf("old line %d is not %q", left+1, content)
				}
				left++
				seenOld++
				if kind == ' ' {
					out.WriteString(content)
					seenNew++
				}
			case '+':
				out.WriteString(content)
				seenNew++
			default:
				return "", fmt.Errorf("bad line %q", kind)
			}
		}
		if seenOld != oldCount || seenNew != newCount {
			return "", fmt.Errorf("hunk %q has %d old and %d new lines", m[0], seenOld, seenNew)
		}
	}
	for ; left < len(old); left++ {
		out.WriteString(old[left])
	}
	return out.String(), nil
}
