package rendering

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/template"
)

// partialTag matches a partial tag as the template parser reads it.
var partialTag = regexp.MustCompile(`\{\{>\s*([a-z0-9](?:[a-z0-9._-]*[a-z0-9])?(?:@[1-9][0-9]*)?)\s*\}\}`)

// composer writes templates with their partial tags replaced by the partials' text,
// itself composed, each partial's once: the work is that of the texts and of the result,
// never of the tags' multiplications (a partial of 100 tags of a partial of 100 tags of
// an empty one composes to nothing). The set is free of cycles and bounded in depth, and
// CheckComposition has bounded the result.
type composer struct {
	set  Partials
	done map[string]string // each reference's text composed
}

func (c *composer) compose(src string) string {
	return partialTag.ReplaceAllStringFunc(src, func(tag string) string {
		ref := partialTag.FindStringSubmatch(tag)[1]
		text, ok := c.set.texts[ref]
		if !ok {
			return tag
		}
		out, ok := c.done[ref]
		if !ok {
			out = c.compose(text)
			c.done[ref] = out
		}
		return out
	})
}

// composeResolved is a resolve response's data with its templates composed.
func (set Partials) composeResolved(data api.ResolvedPrompt) api.ResolvedPrompt {
	c := composer{set: set, done: map[string]string{}}
	data.SystemPrompt, data.UserTemplate = c.compose(data.SystemPrompt), c.compose(data.UserTemplate)
	messages := make([]api.Message, len(data.Messages))
	for i, m := range data.Messages {
		messages[i] = api.Message{Role: m.Role, Content: c.compose(m.Content)}
	}
	data.Messages = messages
	return data
}

// Bounds are what a prompt's composition with its partials may reach.
type Bounds struct {
	// Bytes is the most its messages may hold together with their partials composed (and
	// so its systemPrompt and userTemplate, views of them): the render limit, under which
	// a composed resolve then stays (about twice that), and the text of any render.
	Bytes int
	// Placeholders is the most placeholders and partial tags one message may hold with
	// its partials expanded (0: not checked).
	Placeholders int
}

// ComposeError is a prompt whose composition with its partials would go past its Bounds.
type ComposeError struct {
	Slug string
	// Bytes is the size of its messages composed (at most math.MaxInt), when past Limit.
	Bytes int
	// Placeholders is what message Message holds expanded, when past Limit.
	Placeholders, Message int
	Limit                 int
	// Chain is the prompt and the partials through which the most bytes come, outermost
	// first; Tags how many tags of each one's includer include it (Tags[0] is 1).
	Chain []string
	Tags  []int
}

func (e *ComposeError) Error() string {
	if e.Placeholders > 0 {
		return fmt.Sprintf("message %d of %s holds %d placeholders and partial tags with its partials expanded, more than the %d a template may hold",
			e.Message, e.Slug, e.Placeholders, e.Limit)
	}
	path := make([]string, len(e.Chain))
	for i, ref := range e.Chain {
		path[i] = ref
		if i > 0 {
			path[i] += " (" + strconv.Itoa(e.Tags[i]) + " tags)"
		}
	}
	return fmt.Sprintf("%s composed with its partials is %d bytes, more than the render limit of %d bytes; the most comes through %s",
		e.Slug, e.Bytes, e.Limit, strings.Join(path, " > "))
}

// Refusal is the message and details of the 409 refusing e: what cannot be done, then
// why, with the limit and, for bytes, the composed size and the chain they come through.
func (e *ComposeError) Refusal(what string) (string, api.ErrorDetails) {
	details := api.ErrorDetails{Limit: &e.Limit}
	if e.Placeholders == 0 {
		details.ComposedBytes, details.Chain = new(int64(e.Bytes)), &e.Chain
	}
	return what + ": " + e.Error() + ".", details
}

// NotServed is what a resolve or render of slug in env refused for its composition cannot
// do, the start of its Refusal.
func NotServed(slug, env string) string { return slug + " cannot be served in " + env }

// CheckComposition refuses, with a *ComposeError, a prompt whose messages composed with
// set would go past b. It measures without composing: each partial's composed size and
// count once, then times the tags that include it.
func (live *Live) CheckComposition(set Partials, b Bounds) error {
	m := measure{set: set, sizes: map[string]int{}, counts: map[string]int{}}
	sources := make([]string, len(live.data.Messages))
	for i, msg := range live.data.Messages {
		sources[i] = msg.Content
	}
	// The views are composed too: measured apart, in case a stored row's disagree.
	n := m.total(sources)
	if views := []string{live.data.SystemPrompt, live.data.UserTemplate}; m.total(views) > n {
		sources, n = views, m.total(views)
	}
	if n > b.Bytes {
		e := &ComposeError{Slug: live.data.Slug, Bytes: n, Limit: b.Bytes, Chain: []string{live.data.Slug}, Tags: []int{1}}
		// At most MaxDepth levels: a set that includes itself must not make this loop.
		for ref, tags := m.heaviest(sources); ref != "" && len(e.Chain) <= template.MaxDepth; ref, tags = m.heaviest([]string{set.texts[ref]}) {
			e.Chain, e.Tags = append(e.Chain, ref), append(e.Tags, tags)
		}
		return e
	}
	if b.Placeholders == 0 {
		return nil
	}
	for i, t := range live.templates {
		if n := m.expanded(t); n > b.Placeholders {
			return &ComposeError{Slug: live.data.Slug, Placeholders: n, Message: i, Limit: b.Placeholders}
		}
	}
	return nil
}

// measure sizes a composition, each partial once.
type measure struct {
	set Partials
	// sizes and counts are each reference's composed size and expanded placeholders
	// and partial tags; -1 while being computed.
	sizes, counts map[string]int
}

// total is the size of srcs together, composed.
func (m *measure) total(srcs []string) int {
	n := 0
	for _, src := range srcs {
		n = addCapped(n, m.size(src))
	}
	return n
}

// size is the length of src composed: its text without the tags compose replaces, plus
// what each replaces it with.
func (m *measure) size(src string) int {
	n := len(src)
	var included int
	for _, loc := range partialTag.FindAllStringSubmatchIndex(src, -1) {
		ref := src[loc[2]:loc[3]]
		if _, ok := m.set.texts[ref]; ok {
			n -= loc[1] - loc[0]
			included = addCapped(included, m.refSize(ref))
		}
	}
	return addCapped(n, included)
}

// refSize is the composed size of the partial ref names. A set that includes itself,
// which whoever built it should have refused, composes without end.
func (m *measure) refSize(ref string) int {
	if n, ok := m.sizes[ref]; ok {
		if n < 0 {
			return math.MaxInt
		}
		return n
	}
	m.sizes[ref] = -1
	n := m.size(m.set.texts[ref])
	m.sizes[ref] = n
	return n
}

// heaviest is the partial whose tags in srcs add the most bytes, and how many tags of
// srcs name it ("" when none does).
func (m *measure) heaviest(srcs []string) (string, int) {
	tags := map[string]int{}
	for _, src := range srcs {
		for _, match := range partialTag.FindAllStringSubmatch(src, -1) {
			if _, ok := m.set.texts[match[1]]; ok {
				tags[match[1]]++
			}
		}
	}
	best, bestBytes := "", -1
	for ref, n := range tags {
		if b := mulCapped(n, m.refSize(ref)); b > bestBytes || b == bestBytes && ref < best {
			best, bestBytes = ref, b
		}
	}
	return best, tags[best]
}

// expanded is the placeholders and partial tags of t with its partials expanded.
func (m *measure) expanded(t *template.Template) int {
	return t.Expanded(func(ref template.Partial) int {
		key := ref.String()
		if n, ok := m.counts[key]; ok {
			if n < 0 {
				return math.MaxInt
			}
			return n
		}
		included, ok := m.set.templates[key]
		if !ok {
			return 0 // not resolved here: the tag stays a tag
		}
		m.counts[key] = -1
		n := m.expanded(included)
		m.counts[key] = n
		return n
	})
}

// addCapped and mulCapped add and multiply sizes, stopping at math.MaxInt: a composition
// may be far larger than anything could hold, and is then refused all the same.
func addCapped(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

func mulCapped(a, b int) int {
	if a != 0 && b > math.MaxInt/a {
		return math.MaxInt
	}
	return a * b
}
