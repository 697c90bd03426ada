package console

import (
	"embed"
	"net/http"
	"path"
)

// assets are the console's script and style sheet, htmx (from npm's htmx.org, copied
// into assets/ by `make generate/console`) and the JSON editor (CodeMirror 6, bundled from
// js/ by the same target) with its packages' licences.
//
//go:embed assets/console.css assets/console.js assets/htmx.min.js assets/jsoneditor.js assets/jsoneditor-LICENSES.txt
var assets embed.FS

// asset serves a file of assets/. They are cached for an hour only: their names carry no
// version, and a new binary may change them.
func (c *Console) asset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	b, err := assets.ReadFile("assets/" + name)
	if err != nil || path.Base(name) != name {
		c.notFound(w, r)
		return
	}
	switch path.Ext(name) {
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(b)
}
