package promptfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/promptops/promptops/internal/prompt/schemas"
	"github.com/promptops/promptops/openapi"
)

// Problem is one thing wrong in a file: at Line (0 when unknown), in the field at Pointer
// (an RFC 6901 JSON pointer, "" for the whole file).
type Problem struct {
	Line    int
	Pointer string
	Problem string
}

func (p *Problem) Error() string { return p.Problem }

// Error is what is wrong with one file.
type Error struct {
	Path     string
	Problems []Problem
}

// Error lists the problems one a line each, as path:line: field: problem.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		var b strings.Builder
		b.WriteString(e.Path)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		if p.Pointer != "" {
			b.WriteString(": " + p.Pointer)
		}
		b.WriteString(": " + p.Problem)
		lines[i] = b.String()
	}
	return strings.Join(lines, "\n")
}

// fileSchema is the schema files are checked against, compiled once.
var fileSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	sch, problems := schemas.Compile(openapi.PromptFileSchema)
	if problems != nil {
		return nil, fmt.Errorf("the prompt file schema does not compile: %v", problems)
	}
	return sch, nil
})

// Parse reads the prompt file data, found at path (which names it in errors). What is
// wrong is an *Error listing every problem found.
func Parse(path string, data []byte) (*File, error) {
	fail := func(problems ...Problem) (*File, error) { return nil, &Error{Path: path, Problems: problems} }
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fail(Problem{Problem: strings.TrimPrefix(err.Error(), "yaml: ")})
	}
	if len(doc.Content) == 0 {
		return fail(Problem{Problem: "the file is empty"})
	}
	var buf bytes.Buffer
	if err := toJSON(&buf, &doc); err != nil {
		var p *Problem
		if errors.As(err, &p) {
			return fail(*p)
		}
		return fail(Problem{Problem: err.Error()})
	}
	sch, err := fileSchema()
	if err != nil {
		return nil, err
	}
	value, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		return fail(Problem{Problem: err.Error()})
	}
	if problems := checkFile(&doc, sch, value); problems != nil {
		return fail(problems...)
	}
	var f File
	if err := json.Unmarshal(buf.Bytes(), &f); err != nil {
		return fail(Problem{Problem: err.Error()})
	}
	return &f, nil
}

// checkFile checks a file's value against the schema, and says plainly what the schema
// says with anyOf: which of the two shapes of content to give.
func checkFile(doc *yaml.Node, sch *jsonschema.Schema, value any) []Problem {
	shape := shapeProblem(value)
	var problems []Problem
	for _, p := range schemas.Validate(sch, value) {
		if shape != nil && (p.Pointer == "" || p.Pointer == "/systemPrompt" || p.Pointer == "/userTemplate") {
			continue // the shape's objection, said better below
		}
		problems = append(problems, Problem{Line: lineAt(doc, p.Pointer), Pointer: p.Pointer, Problem: p.Problem})
	}
	if shape != nil {
		shape.Line = lineAt(doc, shape.Pointer)
		problems = append(problems, *shape)
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	return problems
}

func shapeProblem(value any) *Problem {
	obj, ok := value.(map[string]any)
	if !ok {
		return nil // the schema says it must be an object
	}
	_, messages := obj["messages"]
	_, system := obj["systemPrompt"]
	_, user := obj["userTemplate"]
	switch {
	case messages && (system || user):
		return &Problem{Pointer: "/messages", Problem: "give messages, or systemPrompt and userTemplate, not both"}
	case system && !user:
		return &Problem{Pointer: "/systemPrompt", Problem: "userTemplate is needed with systemPrompt"}
	case user && !system:
		return &Problem{Pointer: "/userTemplate", Problem: "systemPrompt is needed with userTemplate"}
	case !messages && !system:
		return &Problem{Problem: "the content is missing: give messages, or systemPrompt and userTemplate"}
	}
	return nil
}

// Local is a prompt file read from a folder.
type Local struct {
	Path string
	Slug string
	File *File
}

// ReadDir reads every prompt file in dir (not its subfolders), in the order of their
// names. Every file's problems are reported, each an *Error, joined.
func ReadDir(dir string) ([]Local, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var locals []Local
	var errs []error
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), Ext) {
			continue
		}
		l, err := readFile(filepath.Join(dir, e.Name()))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		locals = append(locals, l)
	}
	return locals, errors.Join(errs...)
}

func readFile(path string) (Local, error) {
	slug, err := SlugOf(path)
	if err != nil {
		return Local{}, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Local{}, err
	}
	f, err := Parse(path, data)
	if err != nil {
		return Local{}, err
	}
	return Local{Path: path, Slug: slug, File: f}, nil
}
