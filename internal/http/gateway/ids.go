package gateway

import "regexp"

// uuidShaped matches what a path or header reads as an id rather than a slug or a number.
var uuidShaped = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// UUIDShaped reports whether s reads as an id: a slug may not look like one, since the
// paths and headers that take either read such a value as an id.
func UUIDShaped(s string) bool {
	return uuidShaped.MatchString(s)
}
