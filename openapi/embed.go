// Package openapi embeds the OpenAPI document as written, so the server can serve the very
// document it was built from.
package openapi

import _ "embed"

// YAML is openapi.yaml.
//
//go:embed openapi.yaml
var YAML []byte
