// Package openapi embeds the OpenAPI document as written, so the server routes, validates
// and serves the very document it was built from.
package openapi

import (
	_ "embed"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// YAML is openapi.yaml.
//
//go:embed openapi.yaml
var YAML []byte

// Load parses and checks the document. (The copy oapi-codegen embeds in gen/api lacks the
// operations it was told not to generate, such as the WebSocket, so this one is the truth.)
func Load() (*openapi3.T, error) {
	RegisterFormats() // validating the document's examples reads the formats
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(YAML)
	if err != nil {
		return nil, err
	}
	return doc, doc.Validate(loader.Context)
}

var registerOnce sync.Once

// RegisterFormats teaches kin-openapi the string formats the document uses that it does
// not check by default. The registry is global to kin-openapi and read by every
// validation, so it is written once, before the first Load validates anything: a write
// while another goroutine validates would race.
func RegisterFormats() {
	registerOnce.Do(func() {
		openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562))
	})
}
