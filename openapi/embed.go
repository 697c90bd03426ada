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

// PromptFileSchema is prompt-file.schema.json: the JSON Schema of a prompt file of the
// prompts-as-code commands (<slug>.prompt.yaml), which the server serves for editors and
// the command line checks files against.
//
//go:embed prompt-file.schema.json
var PromptFileSchema []byte

// Load parses and checks the document. (The copy oapi-codegen embeds in gen/api lacks the
// operations it was told not to generate, such as the WebSocket, so this one is the truth.)
// It first teaches kin-openapi the string formats the document uses that it does not check
// by default (uuid), so that request validation checks them too.
func Load() (*openapi3.T, error) {
	defineFormats()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(YAML)
	if err != nil {
		return nil, err
	}
	return doc, doc.Validate(loader.Context)
}

// defineFormats writes kin-openapi's registry of formats, a global that checking any
// document reads: once, and before any Load checks its document, so that no read races the
// write.
var defineFormats = sync.OnceFunc(func() {
	openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562))
})
