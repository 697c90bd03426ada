// Package openapi embeds the OpenAPI document as written, so the server routes, validates
// and serves the very document it was built from.
package openapi

import (
	_ "embed"

	"github.com/getkin/kin-openapi/openapi3"
)

// YAML is openapi.yaml.
//
//go:embed openapi.yaml
var YAML []byte

// Load parses and checks the document. (The copy oapi-codegen embeds in gen/api lacks the
// operations it was told not to generate, such as the WebSocket, so this one is the truth.)
func Load() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(YAML)
	if err != nil {
		return nil, err
	}
	return doc, doc.Validate(loader.Context)
}
