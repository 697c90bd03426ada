package console

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
)

// page is what every template is given.
type page struct {
	Title string
	// Section names the navigation entry that is current.
	Section string
	// Error is a refusal to show (at the top, and at its fields through Fields).
	Error *api.Error
	// Notice is a line of good news ("Promoted v3 to production").
	Notice string
	// Warnings are what the API pointed out without refusing (a created version's).
	Warnings []string
	Data     any

	session *session
	console *Console
	// ctx is the request's, for what a template asks the API for (Environments).
	ctx          context.Context
	environments []string
}

// Environments are the project's environments in the order the API lists them, read once
// a page; without a project (or when the API refuses) the three every project has.
func (p *page) Environments() []string {
	if p.environments != nil {
		return p.environments
	}
	p.environments = auth.ReferenceEnvironments
	if p.Key() == nil {
		return p.environments
	}
	params := api.ListEnvironmentsParams{Limit: new(100)}
	resp, _, err := call(p.ctx, p.console, p.session, request(api.NewListEnvironmentsRequest("", &params)), func(ctx context.Context) (api.ListEnvironmentsResponseObject, error) {
		return p.console.o.API.ListEnvironments(ctx, api.ListEnvironmentsRequestObject{Params: params})
	})
	if list, ok := resp.(api.ListEnvironments200JSONResponse); ok && err == nil {
		p.environments = make([]string, len(list.Data))
		for i, e := range list.Data {
			p.environments[i] = e.Name
		}
	}
	return p.environments
}

// Key is the signed-in key (nil on the sign-in page).
func (p *page) Key() *auth.Key {
	if p.session == nil {
		return nil
	}
	return p.session.key
}

// Person is the signed-in user, as a key of no project (nil for a key's session).
func (p *page) Person() *auth.Key {
	if p.session == nil {
		return nil
	}
	return p.session.person
}

// ProjectName names the project a person acts in ("" when none is picked).
func (p *page) ProjectName() string {
	if p.session == nil {
		return ""
	}
	return p.session.projectName
}

// CSRF is the token every form of the session sends back.
func (p *page) CSRF() string {
	if p.session == nil {
		return ""
	}
	return p.session.csrf
}

// Can reports whether the key may call the API operation op (its scope, from the spec):
// a page offers only what the key can do; the server decides each call anyway.
func (p *page) Can(op string) bool {
	return p.Key() != nil && p.console.o.Gateway.Allows(op, p.session.key)
}

// CanDeploy reports whether the key may promote or roll back in env.
func (p *page) CanDeploy(env api.Environment) bool {
	return p.Can("PromotePrompt") && p.session.key.MayDeploy(string(env))
}

// FieldErrors are the problems the error names for a form field: the first segment of
// each problem's JSON pointer ("/messages/0/content" is the messages field's).
func (p *page) FieldErrors(field string) []string {
	if p.Error == nil || p.Error.Error.Details == nil || p.Error.Error.Details.Fields == nil {
		return nil
	}
	var out []string
	for _, f := range *p.Error.Error.Details.Fields {
		if fieldOf(f.Field) == field {
			out = append(out, f.Problem)
		}
	}
	return out
}

// fieldOf is the form field a problem's pointer (or parameter name) is about.
func fieldOf(pointer string) string {
	name, _, _ := strings.Cut(strings.TrimPrefix(pointer, "/"), "/")
	return name
}

var funcs = template.FuncMap{
	"errorTitle": errorTitle,
	"when":       func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
	"json":       prettyJSON,
	"str":        func(v any) string { return fmt.Sprint(v) },
	"nullstr": func(v interface {
		Get() (string, error)
	}) string {
		s, _ := v.Get()
		return s
	},
	"opt":         optional,
	"percent":     func(rate float64) string { return strconv.FormatFloat(rate*100, 'f', 1, 64) + " %" },
	"lineRows":    lineRows,
	"textField":   textField,
	"changeRows":  changeRows,
	"fieldLabel":  fieldLabel,
	"fieldStatus": fieldStatus,
	"svg":         func(s string) template.HTML { return template.HTML(s) }, // charts.go builds it from escaped parts
}

// optional is the value of a nullable.Nullable (or anything with Get() (T, error)), or
// nil when it has none: templates cannot call Get themselves, since its error would stop
// them.
func optional(v any) any {
	m := reflect.ValueOf(v).MethodByName("Get")
	if !m.IsValid() || m.Type().NumIn() != 0 || m.Type().NumOut() != 2 {
		return nil
	}
	out := m.Call(nil)
	if !out[1].IsNil() {
		return nil
	}
	return out[0].Interface()
}

// prettyJSON indents any JSON value for reading.
func prettyJSON(v any) string {
	var raw []byte
	switch x := v.(type) {
	case json.RawMessage:
		raw = x
	case *json.RawMessage:
		if x == nil {
			return ""
		}
		raw = *x
	default:
		var err error
		if raw, err = json.Marshal(v); err != nil {
			return fmt.Sprint(v)
		}
	}
	var out bytes.Buffer
	if json.Indent(&out, raw, "", "  ") != nil {
		return string(raw)
	}
	return out.String()
}

// parsePages parses each page's template with the layout and the shared fragments
// (parts.html).
func parsePages() (map[string]*template.Template, error) {
	files, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || name == "parts" {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/parts.html", f)
		if err != nil {
			return nil, fmt.Errorf("parse console page %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render writes a whole page.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	c.execute(w, r, status, name, "layout", p)
}

// fragment writes one template of a page (for htmx, which swaps it into the page).
func (c *Console) fragment(w http.ResponseWriter, r *http.Request, status int, name, block string, p *page) {
	c.execute(w, r, status, name, block, p)
}

func (c *Console) execute(w http.ResponseWriter, r *http.Request, status int, name, block string, p *page) {
	p.console, p.ctx = c, r.Context()
	var buf bytes.Buffer
	if err := c.pages[name].ExecuteTemplate(&buf, block, p); err != nil {
		c.o.Logger.ErrorContext(r.Context(), "console: render", slog.String("page", name), slog.String("error", err.Error()))
		http.Error(w, "The page could not be drawn; the server's log says why.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// errorStatus is the HTTP status the API answers an error code with.
func errorStatus(code api.ErrorCode) int {
	switch code {
	case api.ErrorCodeAUTHINVALID:
		return http.StatusUnauthorized
	case api.ErrorCodeFORBIDDEN:
		return http.StatusForbidden
	case api.ErrorCodeRESOURCENOTFOUND:
		return http.StatusNotFound
	case api.ErrorCodeCONFLICT, api.ErrorCodeQUOTAEXCEEDED, api.ErrorCodeVERSIONCONFLICT:
		return http.StatusConflict
	case api.ErrorCodeRATELIMITEXCEEDED:
		return http.StatusTooManyRequests
	case api.ErrorCodePAYLOADTOOLARGE:
		return http.StatusRequestEntityTooLarge
	case api.ErrorCodeUNSUPPORTEDMEDIATYPE:
		return http.StatusUnsupportedMediaType
	case api.ErrorCodeVALIDATIONERROR:
		return http.StatusBadRequest
	case api.ErrorCodeSERVICEUNAVAILABLE:
		return http.StatusServiceUnavailable
	case api.ErrorCodePROVIDERERROR:
		return http.StatusBadGateway
	}
	return http.StatusInternalServerError
}
