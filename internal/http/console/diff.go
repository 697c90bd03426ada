package console

import (
	"strings"

	"github.com/promptops/promptops/gen/api"
)

// lineRow is one row of a text's diff side by side, as the API aligned it: the line
// numbers as text ("" for a missing side), the spans of each side, and whether lines were
// left out before it (its numbers jump).
type lineRow struct {
	api.DiffLine
	OldNo, NewNo string
	Gap          bool
}

// lineRows lays a text field's lines out for the view.
func lineRows(f api.FieldDiff) []lineRow {
	if f.Lines == nil {
		return nil
	}
	rows := make([]lineRow, len(*f.Lines))
	lastOld, lastNew := 0, 0
	for i, l := range *f.Lines {
		r := lineRow{DiffLine: l}
		if l.OldLine != nil {
			r.OldNo, r.Gap, lastOld = itoa(*l.OldLine), r.Gap || *l.OldLine > lastOld+1, *l.OldLine
		}
		if l.NewLine != nil {
			r.NewNo, r.Gap, lastNew = itoa(*l.NewLine), r.Gap || *l.NewLine > lastNew+1, *l.NewLine
		}
		rows[i] = r
	}
	return rows
}

// textField reports whether f is a text (a message or a reference view): it is drawn as
// lines, where the others are rows of the settings table.
func textField(f api.FieldDiff) bool {
	return f.Status != nil || f.Field == "systemPrompt" || f.Field == "userTemplate"
}

// changeRow is one row of the table of settings, tools and schemas that changed: the
// field and JSON pointer, how it changed, and its values before and after (indented JSON).
type changeRow struct {
	Field, Op, Old, New string
}

// changeRows are the changed fields that are not texts, one row per scalar and one per
// changed JSON pointer.
func changeRows(fields []api.FieldDiff) []changeRow {
	var rows []changeRow
	for _, f := range fields {
		if !f.Changed || textField(f) {
			continue
		}
		if f.Changes == nil {
			rows = append(rows, changeRow{Field: f.Field, Op: "replace", Old: prettyJSON(f.Old), New: prettyJSON(f.New)})
			continue
		}
		for _, c := range *f.Changes {
			row := changeRow{Field: f.Field + c.Pointer, Old: prettyJSON(c.Old), New: prettyJSON(c.New)}
			if c.Op != nil {
				row.Op = string(*c.Op)
			}
			if c.From != nil {
				row.Op += " from " + f.Field + *c.From
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// fieldStatus is what happened to a text: a message's status, else modified or unchanged.
func fieldStatus(f api.FieldDiff) string {
	switch {
	case f.Status != nil:
		return string(*f.Status)
	case f.Changed:
		return "modified"
	default:
		return "unchanged"
	}
}

// fieldLabel names a text for its heading: a message by its position in each version
// (from 1) and its role ("message #2 → #3 user"), else the field.
func fieldLabel(f api.FieldDiff) string {
	if f.Status == nil {
		return f.Field
	}
	var b strings.Builder
	b.WriteString("message ")
	if f.OldIndex != nil {
		b.WriteString("#" + itoa(*f.OldIndex+1))
	}
	if f.OldIndex != nil && f.NewIndex != nil && *f.OldIndex != *f.NewIndex {
		b.WriteString(" → #" + itoa(*f.NewIndex+1))
	} else if f.OldIndex == nil {
		b.WriteString("#" + itoa(*f.NewIndex+1))
	}
	switch {
	case f.OldRole != nil && f.NewRole != nil && *f.OldRole != *f.NewRole:
		b.WriteString(" " + *f.OldRole + " → " + *f.NewRole)
	case f.NewRole != nil:
		b.WriteString(" " + *f.NewRole)
	case f.OldRole != nil:
		b.WriteString(" " + *f.OldRole)
	}
	return b.String()
}
