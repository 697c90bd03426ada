package versiondiff

import (
	"fmt"
	"strconv"
	"strings"
)

// similarity is how much of two messages' words must be common for a removed message and an
// added one to be shown as one modified message.
const similarity = 0.5

// compareMessages aligns the messages by role and content, then pairs what is left of each
// side: an identical message elsewhere is a move, a similar one in the same stretch of changes
// a modification (as is the one message replaced by one of the same role).
func compareMessages(from, to []Message) (MessagesDiff, error) {
	steps := align(from, to, func(x, y Message) bool { return x == y })
	partner, moved := pairMessages(from, to, steps)
	paired := make([]bool, len(from))
	for _, i := range partner {
		if i >= 0 {
			paired[i] = true
		}
	}
	d := MessagesDiff{Items: make([]MessageDiff, 0, len(steps))}
	for _, s := range steps {
		var a, b *int
		status := MessageUnchanged
		switch {
		case s.b < 0 && paired[s.a]:
			continue
		case s.b < 0:
			a, status = new(s.a), MessageRemoved
		case s.a < 0 && partner[s.b] >= 0:
			a, b, status = new(partner[s.b]), new(s.b), MessageModified
			if moved[s.b] {
				status = MessageMoved
			}
		case s.a < 0:
			b, status = new(s.b), MessageAdded
		default:
			a, b = new(s.a), new(s.b)
		}
		item, err := compareMessage(status, a, b, from, to)
		if err != nil {
			return MessagesDiff{}, err
		}
		d.Changed = d.Changed || item.Changed
		d.Items = append(d.Items, item)
	}
	return d, nil
}

// pairMessages finds, for each added message (by new index), the removed message it came from
// (partner, -1 for none) and whether it moved there unchanged.
func pairMessages(from, to []Message, steps []step) (partner []int, moved []bool) {
	partner, moved = make([]int, len(to)), make([]bool, len(to))
	for j := range partner {
		partner[j] = -1
	}
	used := make([]bool, len(from))
	var removed, added []int
	for _, s := range steps {
		switch {
		case s.b < 0:
			removed = append(removed, s.a)
		case s.a < 0:
			added = append(added, s.b)
		}
	}
	for _, j := range added {
		for _, i := range removed {
			if !used[i] && from[i] == to[j] {
				partner[j], moved[j], used[i] = i, true, true
				break
			}
		}
	}
	for _, gap := range gaps(steps) {
		pairSimilar(from, to, gap, partner, used)
	}
	return partner, moved
}

// gaps are the stretches of steps between two pairs of equal messages.
func gaps(steps []step) [][]step {
	var out [][]step
	start := -1
	for k, s := range steps {
		inGap := s.a < 0 || s.b < 0
		switch {
		case inGap && start < 0:
			start = k
		case !inGap && start >= 0:
			out, start = append(out, steps[start:k]), -1
		}
	}
	if start >= 0 {
		out = append(out, steps[start:])
	}
	return out
}

// pairSimilar pairs, in order, the removed and added messages of one gap that are similar;
// then a removed message left alone in its role with the added one left alone in it.
func pairSimilar(from, to []Message, gap []step, partner []int, used []bool) {
	var removed, added []int
	for _, s := range gap {
		switch {
		case s.b < 0 && !used[s.a]:
			removed = append(removed, s.a)
		case s.a < 0 && partner[s.b] < 0:
			added = append(added, s.b)
		}
	}
	next := 0
	for _, i := range removed {
		for k := next; k < len(added); k++ {
			if similar(from[i].Content, to[added[k]].Content) {
				partner[added[k]], used[i], next = i, true, k+1
				break
			}
		}
	}
	for _, i := range removed {
		if j, ok := onlyOfRole(to, added, from[i].Role, partner, nil); ok && !used[i] {
			if _, alone := onlyOfRole(from, removed, from[i].Role, nil, used); alone {
				partner[j], used[i] = i, true
			}
		}
	}
}

// onlyOfRole returns the one message of role among the unpaired ones of indices (those
// without a partner, or not used), if there is exactly one.
func onlyOfRole(messages []Message, indices []int, role string, partner []int, used []bool) (int, bool) {
	found, n := -1, 0
	for _, k := range indices {
		if messages[k].Role == role && (partner == nil || partner[k] < 0) && (used == nil || !used[k]) {
			found, n = k, n+1
		}
	}
	return found, n == 1
}

// similar reports whether at least half of two texts' words (spaces aside) are common.
func similar(x, y string) bool {
	a, b := strings.Fields(x), strings.Fields(y)
	if len(a)+len(b) == 0 {
		return true
	}
	common := 0
	for _, s := range align(a, b, func(p, q string) bool { return p == q }) {
		if s.a >= 0 && s.b >= 0 {
			common++
		}
	}
	return float64(2*common) >= similarity*float64(len(a)+len(b))
}

// compareMessage compares the message at old index a with the one at new index b, either of
// which may be absent (not both).
func compareMessage(status MessageStatus, a, b *int, from, to []Message) (MessageDiff, error) {
	d := MessageDiff{Status: status, OldIndex: a, NewIndex: b}
	oldLabel, newLabel := devNull, devNull
	var (
		oldText, newText string
		oldRole, newRole *string
	)
	if a != nil {
		oldLabel, oldRole, oldText = "a/messages/"+strconv.Itoa(*a)+"/content", &from[*a].Role, from[*a].Content
	}
	if b != nil {
		newLabel, newRole, newText = "b/messages/"+strconv.Itoa(*b)+"/content", &to[*b].Role, to[*b].Content
	}
	d.Role = comparePointers(oldRole, newRole)
	var err error
	if d.Content, err = diffText(oldLabel, newLabel, oldText, newText); err != nil {
		return MessageDiff{}, fmt.Errorf("versiondiff: %s and %s: %w", oldLabel, newLabel, err)
	}
	// An added or removed message changes even when its text is empty.
	d.Content.Changed = d.Content.Changed || a == nil || b == nil
	d.Changed = d.Status != MessageUnchanged
	return d, nil
}
