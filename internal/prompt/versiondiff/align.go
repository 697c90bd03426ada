package versiondiff

// maxAlignCells bounds the table align fills (about 16 MB): past it, what differs between
// the common prefix and suffix is reported as removed then added, rather than aligned.
const maxAlignCells = 4 << 20

// step is one step of an alignment: a pair of equal items (both indices set), an item only
// in the old list (b is -1) or an item only in the new list (a is -1).
type step struct{ a, b int }

// align aligns a with b on a longest common subsequence of items that eq says are equal, in
// order. Within each stretch of differences, the old items come before the new ones.
func align[T any](a, b []T, eq func(x, y T) bool) []step {
	prefix := 0
	for prefix < len(a) && prefix < len(b) && eq(a[prefix], b[prefix]) {
		prefix++
	}
	suffix := 0
	for suffix < len(a)-prefix && suffix < len(b)-prefix && eq(a[len(a)-1-suffix], b[len(b)-1-suffix]) {
		suffix++
	}
	steps := make([]step, 0, max(len(a), len(b)))
	for i := range prefix {
		steps = append(steps, step{i, i})
	}
	steps = append(steps, alignMiddle(a[prefix:len(a)-suffix], b[prefix:len(b)-suffix], prefix, eq)...)
	for k := range suffix {
		steps = append(steps, step{len(a) - suffix + k, len(b) - suffix + k})
	}
	return steps
}

// alignMiddle aligns what lies between the common prefix (offset items long) and suffix, by
// the classic longest-common-subsequence table, lcs[i][j] being that of a[i:] and b[j:].
func alignMiddle[T any](a, b []T, offset int, eq func(x, y T) bool) []step {
	n, m := len(a), len(b)
	var steps []step
	if n*m > maxAlignCells {
		for i := range n {
			steps = append(steps, step{offset + i, -1})
		}
		for j := range m {
			steps = append(steps, step{-1, offset + j})
		}
		return steps
	}
	lcs := make([]int32, (n+1)*(m+1))
	at := func(i, j int) int32 { return lcs[i*(m+1)+j] }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if eq(a[i], b[j]) {
				lcs[i*(m+1)+j] = at(i+1, j+1) + 1
			} else {
				lcs[i*(m+1)+j] = max(at(i+1, j), at(i, j+1))
			}
		}
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && eq(a[i], b[j]):
			steps = append(steps, step{offset + i, offset + j})
			i, j = i+1, j+1
		case j == m || i < n && at(i+1, j) >= at(i, j+1):
			steps = append(steps, step{offset + i, -1})
			i++
		default:
			steps = append(steps, step{-1, offset + j})
			j++
		}
	}
	return steps
}
