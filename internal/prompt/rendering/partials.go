package rendering

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/template"
)

// Partials is what a version's templates include, followed to the end, in one
// environment: each reference with the version it names there. A partial's text is that
// version's user template. Whoever builds it (the server from the database, the edge from
// a snapshot) has already refused cycles and chains that nest too deep.
type Partials struct {
	// refs are the references in order of first inclusion, each once.
	refs []api.PartialRef
	// keys are the references as templates write them ("slug" or "slug@3"), in order.
	keys []string
	// templates and texts are each reference's template, parsed and as written, by key.
	templates map[string]*template.Template
	texts     map[string]string
	// versionIDs name exactly what was included, for the ETag.
	versionIDs []uuid.UUID
}

// NewPartials returns an empty set.
func NewPartials() Partials {
	return Partials{refs: []api.PartialRef{}, templates: map[string]*template.Template{}, texts: map[string]string{}}
}

// Has reports whether ref is in the set already.
func (set Partials) Has(ref template.Partial) bool {
	_, ok := set.templates[ref.String()]
	return ok
}

// Add puts ref in the set, as the version versionID (number) whose user template is text,
// parsed as t.
func (set *Partials) Add(ref template.Partial, versionID uuid.UUID, number int, text string, t *template.Template) {
	key := ref.String()
	set.templates[key], set.texts[key] = t, text
	set.keys = append(set.keys, key)
	set.refs = append(set.refs, api.PartialRef{Slug: ref.Slug, VersionNumber: number})
	set.versionIDs = append(set.versionIDs, versionID)
}

// Included is one member of a set, as Each visits it.
type Included struct {
	// Ref is the reference as templates write it ("slug" or "slug@3").
	Ref           string
	Slug          string
	VersionNumber int
	VersionID     uuid.UUID
	Text          string
}

// Each lists the set's members in order of first inclusion.
func (set Partials) Each() []Included {
	out := make([]Included, len(set.keys))
	for i, key := range set.keys {
		out[i] = Included{Ref: key, Slug: set.refs[i].Slug, VersionNumber: set.refs[i].VersionNumber,
			VersionID: set.versionIDs[i], Text: set.texts[key]}
	}
	return out
}

// include is the IncludeFunc of a render: the set holds every template it can ask for.
func (set Partials) include(ref template.Partial) (*template.Template, error) {
	if t, ok := set.templates[ref.String()]; ok {
		return t, nil
	}
	return nil, fmt.Errorf("partial %s was not resolved", ref)
}

// etagSuffix distinguishes resolves of one version whose partials resolve differently.
func (set Partials) etagSuffix() string {
	if len(set.versionIDs) == 0 {
		return ""
	}
	h := sha256.New()
	for _, id := range set.versionIDs {
		h.Write(id[:])
	}
	return "-" + hex.EncodeToString(h.Sum(nil)[:8])
}

// Includes lists the partial references of templates, each once, in order.
func Includes(templates []*template.Template) []template.Partial {
	var out []template.Partial
	seen := map[string]bool{}
	for _, t := range templates {
		for _, p := range t.Partials() {
			if !seen[p.String()] {
				seen[p.String()] = true
				out = append(out, p)
			}
		}
	}
	return out
}
