// Package explorer holds the interactive API explorer: Swagger UI (from npm's
// swagger-ui-dist, copied into dist/ by `make generate/explorer`) and the page that starts
// it, all embedded so the explorer works without internet.
package explorer

import (
	"embed"
	"path"
)

//go:embed index.html explorer.js dist/swagger-ui-bundle.js dist/swagger-ui.css
var files embed.FS

// ContentSecurityPolicy is the page's: it loads only its own scripts and styles from this
// server (no inline script, nothing from elsewhere), fetches only this server's API, and
// no other site may frame it, so that a page holding a pasted API key cannot be made to
// run foreign code or be clickjacked. Swagger UI's icons are data: images.
const ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Page is the explorer's HTML page.
func Page() []byte {
	b, _ := files.ReadFile("index.html") // embedded: cannot fail
	return b
}

// Asset returns a script or style sheet of the explorer with its content type, or false
// when there is no such file.
func Asset(name string) (content []byte, contentType string, ok bool) {
	file := name
	if name != "explorer.js" {
		file = path.Join("dist", name)
	}
	b, err := files.ReadFile(file)
	if err != nil || name == "" || path.Base(name) != name {
		return nil, "", false
	}
	switch path.Ext(name) {
	case ".js":
		return b, "application/javascript", true
	case ".css":
		return b, "text/css", true
	}
	return nil, "", false
}
