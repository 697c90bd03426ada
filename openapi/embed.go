// Package openapi embeds the OpenAPI document as written, so the server routes, validates
// and serves the very document it was built from.
package openapi

import (
	_ "embed"
	"errors"
	"sync"
	"time"

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

// Load parses and checks the document, returning a copy of the caller's own (a test may
// change it to see a broken spec refused). (The copy oapi-codegen embeds in gen/api lacks
// the operations it was told not to generate, such as the WebSocket, so this one is the
// truth.) It first teaches kin-openapi the string formats the document uses that it does
// not check by default (uuid), or not as the handlers read them (date-time), so that
// request validation checks them too.
func Load() (*openapi3.T, error) {
	defineFormats()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(YAML)
	if err != nil {
		return nil, err
	}
	return doc, doc.Validate(loader.Context)
}

// Shared is the document Load parses and checks, once per process, for every reader that
// never changes it: a server, an edge, and the many of each a test binary builds (a parse
// costs more CPU than the rest of an instance's start-up). It must not be changed.
var Shared = sync.OnceValues(Load)

// defineFormats writes kin-openapi's registry of formats, a global that checking any
// document reads: once, and before any Load checks its document, so that no read races the
// write.
var defineFormats = sync.OnceFunc(func() {
	openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562))
	openapi3.DefineStringFormatValidator("date-time", dateTime(openapi3.SchemaStringFormats["date-time"]))
})

// dateTime is kin-openapi's date-time check, then Go's: RFC 3339 allows a leap second
// (…T23:59:60Z), which kin-openapi accepts and time.Time cannot hold, so the generated
// decoders failed on it after validation had let it through (a 500, not a 400).
func dateTime(rfc3339 openapi3.StringFormatValidator) openapi3.StringFormatValidator {
	return openapi3.NewCallbackValidator(func(s string) error {
		if err := rfc3339.Validate(s); err != nil {
			return err
		}
		var t time.Time // parsed as the generated decoders parse it
		if err := t.UnmarshalText([]byte(s)); err != nil {
			return errors.New("not a time this server can hold (a leap second, :60, is not accepted)")
		}
		return nil
	})
}
