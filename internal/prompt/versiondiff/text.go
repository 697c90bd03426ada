package versiondiff

import (
	udiff "github.com/aymanbagabas/go-udiff"
)

// contextLines is the number of unchanged lines shown around each change, as diff -u and git do.
const contextLines = 3

// devNull labels the missing side of an added or removed message, as git does for files.
const devNull = "/dev/null"

// diffText returns the unified diff from one text to another, and its lines side by side.
//
// It uses github.com/aymanbagabas/go-udiff, a maintained port of the diff package inside gopls
// (golang.org/x/tools/internal/diff, which cannot be imported): it diffs by lines and writes
// standard unified diffs (---/+++ headers, @@ hunks, "\ No newline at end of file") with the
// number of context lines we ask for. github.com/sergi/go-diff, the alternative, is a
// character-level diff-match-patch port: its line mode needs the lines-to-runes trick, and its
// "patch" text is not a unified diff (no file headers, URL-escaped content), so we would have
// written the hunks ourselves.
func diffText(oldLabel, newLabel, from, to string) (TextDiff, error) {
	if from == to {
		return TextDiff{}, nil
	}
	// ToUnified rather than udiff.Unified, which calls log.Fatalf on edits it cannot apply.
	unified, err := udiff.ToUnified(oldLabel, newLabel, from, udiff.Lines(from, to), contextLines)
	if err != nil {
		return TextDiff{}, err
	}
	return TextDiff{Changed: true, Unified: unified, Lines: compareLines(from, to)}, nil
}
