package edge

// VersionsOf is the version numbers e serves for slugs to a request without a subject,
// all read from one state as one request reads it (0 for a slug with nothing live).
func VersionsOf(e *Edge, slugs ...string) []int {
	s := e.state.Load()
	out := make([]int, len(slugs))
	if s == nil {
		return out
	}
	for i, slug := range slugs {
		if en, ok := s.prompts[slug]; ok {
			out[i] = en.deployed.For("").VersionNumber()
		}
	}
	return out
}
