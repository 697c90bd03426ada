package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/promptops/promptops/internal/client/promptsync"
)

// printPlan writes a plan for people: each change with its diff, then a summary line.
func printPlan(w io.Writer, plan *promptsync.Plan) {
	for _, ch := range plan.Changes {
		fmt.Fprintf(w, "%s %s (%s): %s\n", marker(ch), ch.Slug, ch.File, strings.Join(steps(ch, plan), ", "))
		printChecks(w, ch)
		if ch.Diff != "" {
			fmt.Fprint(w, indent(terminalText(ch.Diff)))
		}
		fmt.Fprintln(w)
	}
	for _, slug := range plan.ServerOnly {
		fmt.Fprintf(w, "? %s: only on the server (apply leaves it alone)\n", slug)
	}
	if !plan.HasChanges() {
		fmt.Fprintf(w, "No changes: the server holds what the %d files say.\n", len(plan.Unchanged))
		return
	}
	create, update := 0, 0
	for _, ch := range plan.Changes {
		if ch.CreatePrompt {
			create++
		} else {
			update++
		}
	}
	fmt.Fprintf(w, "Plan: %d to create, %d to change, %d unchanged, %d only on the server.\n",
		create, update, len(plan.Unchanged), len(plan.ServerOnly))
}

// printChecks writes what stands in the way of a change's version, or is worth knowing
// of it: the server's refusal, a drift, its warnings, or why the server did not check it.
func printChecks(w io.Writer, ch promptsync.Change) {
	if ch.Refusal != "" {
		fmt.Fprint(w, indent("error: "+terminalText(ch.Refusal)+"\n"))
	}
	if ch.Drift {
		fmt.Fprintf(w, "    drift: %s: apply refuses it (pull again and redo the edit, or apply --force to replace the server's)\n", ch.DriftText())
	}
	for _, warning := range ch.Warnings {
		fmt.Fprintf(w, "    warning: %s\n", terminalText(warning))
	}
	if ch.Unchecked != "" {
		fmt.Fprintf(w, "    not checked with the server yet: %s\n", terminalText(ch.Unchecked))
	}
	if len(ch.Includers) > 0 {
		names := make([]string, len(ch.Includers))
		for i, in := range ch.Includers {
			names[i] = terminalText(in.Slug) + " in " + terminalText(string(in.Environment))
		}
		fmt.Fprintf(w, "    also changes, as they include it: %s\n", strings.Join(names, ", "))
	}
}

func marker(ch promptsync.Change) string {
	switch {
	case ch.Refusal != "" || ch.Drift:
		return "!"
	case ch.CreatePrompt:
		return "+"
	}
	return "~"
}

// steps are the writes a change makes, in words.
func steps(ch promptsync.Change, plan *promptsync.Plan) []string {
	var out []string
	if ch.CreatePrompt {
		out = append(out, "create the prompt")
	}
	if ch.UpdatePrompt {
		out = append(out, "update name, description or tags")
	}
	if ch.CreateVersion {
		out = append(out, fmt.Sprintf("create version %d", ch.LatestVersion+1))
	}
	if ch.Promote {
		out = append(out, "promote to "+string(plan.Promote))
	}
	if ch.RecordBase {
		out = append(out, fmt.Sprintf("record baseVersion %d in the file (the server's newest version holds its content)", ch.LatestVersion))
	}
	return out
}

func indent(text string) string {
	lines := strings.SplitAfter(text, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString("    " + l)
		}
	}
	return b.String()
}

// printApplied writes what apply did, one line a write, then a summary line.
func printApplied(w io.Writer, plan *promptsync.Plan, applied []promptsync.Applied) {
	prompts, versions, promoted, pending := 0, 0, 0, 0
	for _, a := range applied {
		if a.CreatedPrompt {
			prompts++
			fmt.Fprintf(w, "%s: prompt created\n", a.Slug)
		}
		if a.UpdatedPrompt {
			fmt.Fprintf(w, "%s: name, description and tags updated\n", a.Slug)
		}
		if a.CreatedVersion > 0 {
			versions++
			fmt.Fprintf(w, "%s: version %d created\n", a.Slug, a.CreatedVersion)
		}
		if a.Promoted > 0 {
			promoted++
			fmt.Fprintf(w, "%s: version %d live in %s\n", a.Slug, a.Promoted, plan.Promote)
		}
		if a.Pending != nil {
			pending++
			fmt.Fprintln(w, pendingText(a.Pending))
		}
		if a.RecordedBase > 0 {
			fmt.Fprintf(w, "%s: the file records baseVersion %d\n", a.Slug, a.RecordedBase)
		}
	}
	if !plan.HasChanges() {
		fmt.Fprintf(w, "No changes: the server holds what the %d files say.\n", len(plan.Unchanged))
		return
	}
	fmt.Fprintf(w, "Apply: %d prompts created, %d versions created, %d promoted%s.\n", prompts, versions, promoted,
		map[bool]string{true: fmt.Sprintf(", %d waiting for approval", pending)}[pending > 0])
}

// terminalText is s as it may be written to a terminal: every character a terminal would
// not show as itself is written as a Go escape, as %q writes it (ESC, which starts the
// sequences that move the cursor, retitle the window or rewrite the screen, becomes \x1b;
// other control and format characters, such as a bidirectional override, become \u…;
// invalid UTF-8 becomes \x…). Line breaks and tabs stay. Text from the server (its error
// messages, the content in a plan's diffs) goes through it.
func terminalText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' || r == '\t' || strconv.IsPrint(r):
			b.WriteString(s[i : i+size])
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}
