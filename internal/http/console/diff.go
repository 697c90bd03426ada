package console

import (
	"strings"

	"github.com/promptops/promptops/gen/api"
)

// diffRow is one line of a side-by-side diff: Old on the left, New on the right. Kind is
// "same", "changed" (both sides differ), "removed" (left only), "added" (right only) or
// "hunk" (a hunk header, in Old).
type diffRow struct {
	Old, New string
	Kind     string
}

// sideBySide lays a unified diff out in two columns: a hunk's removed lines are paired
// with the added lines that follow them, row by row.
func sideBySide(unified string) []diffRow {
	var rows []diffRow
	var removed, added []string
	flush := func() {
		for i := 0; i < max(len(removed), len(added)); i++ {
			row := diffRow{Kind: "changed"}
			switch {
			case i >= len(added):
				row.Kind = "removed"
			case i >= len(removed):
				row.Kind = "added"
			}
			if i < len(removed) {
				row.Old = removed[i]
			}
			if i < len(added) {
				row.New = added[i]
			}
			rows = append(rows, row)
		}
		removed, added = nil, nil
	}
	for _, line := range strings.Split(strings.TrimSuffix(unified, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "--- "), strings.HasPrefix(line, "+++ "), strings.HasPrefix(line, `\ `):
		case strings.HasPrefix(line, "@@"):
			flush()
			rows = append(rows, diffRow{Old: line, Kind: "hunk"})
		case strings.HasPrefix(line, "-"):
			removed = append(removed, line[1:])
		case strings.HasPrefix(line, "+"):
			added = append(added, line[1:])
		default:
			flush()
			text := strings.TrimPrefix(line, " ")
			rows = append(rows, diffRow{Old: text, New: text, Kind: "same"})
		}
	}
	flush()
	return rows
}

// fieldRows is a field's diff side by side: its unified diff when it has one, else its old
// and new values as indented JSON.
func fieldRows(f api.FieldDiff) []diffRow {
	if f.Diff != nil && *f.Diff != "" {
		return sideBySide(*f.Diff)
	}
	if !f.Changed {
		return nil
	}
	old, new := "", ""
	if f.Old != nil {
		old = prettyJSON(*f.Old)
	}
	if f.New != nil {
		new = prettyJSON(*f.New)
	}
	return []diffRow{{Old: old, New: new, Kind: "changed"}}
}
