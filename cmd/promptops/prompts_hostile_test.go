package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
)

// hostileServer answers the prompts commands as a broken or hostile server might: list
// answers page by page, and every prompt's detail from detailFunc. It counts the requests.
type hostileServer struct {
	listFunc   func(page int) api.PromptListResponse
	detailFunc func(slug string) api.PromptDetail
	requests   atomic.Int64
}

func (h *hostileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.requests.Add(1)
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/api/v1/prompts" {
		var page int
		_, _ = fmt.Sscan(r.URL.Query().Get("page"), &page)
		_ = json.NewEncoder(w).Encode(h.listFunc(page))
		return
	}
	slug := strings.TrimPrefix(r.URL.Path, "/api/v1/prompts/") // decoded: "..%2Fevil" is "../evil"
	_ = json.NewEncoder(w).Encode(api.PromptDetailResponse{Data: h.detailFunc(slug)})
}

// listOf is a one-page list of slugs.
func listOf(slugs ...string) func(int) api.PromptListResponse {
	return func(page int) api.PromptListResponse {
		return pageOf(page, len(slugs), slugs...)
	}
}

// pageOf is page of a list of total prompts holding slugs, its figures consistent.
func pageOf(page, total int, slugs ...string) api.PromptListResponse {
	items := make([]api.Prompt, len(slugs))
	for i, s := range slugs {
		items[i] = api.Prompt{Slug: s, Name: s}
	}
	return api.PromptListResponse{Data: items, Meta: api.ListMeta{Pagination: api.Pagination{
		Page: page, Limit: 100, Total: total, Pages: (total + 99) / 100,
	}}}
}

// detailOf is a prompt of slug with one version.
func detailOf(slug string) api.PromptDetail {
	return api.PromptDetail{Slug: slug, Name: slug, VersionCount: 1, Versions: []api.Version{{
		VersionNumber: 1, Model: "gpt-4o",
		Messages: []api.Message{{Role: api.MessageRoleSystem, Content: "S"}, {Role: api.MessageRoleUser, Content: "U"}},
	}}}
}

// TestPromptsPullHostileServer: nothing a server sends makes pull write outside its
// folder, print raw control characters or run without end; each case ends with an error.
func TestPromptsPullHostileServer(t *testing.T) {
	t.Parallel()

	type testBundle struct {
		url    string
		parent string // holds dir, to show that nothing lands beside it
		dir    string
	}
	setup := func(t *testing.T, h http.Handler) *testBundle {
		t.Helper()
		if hs, ok := h.(*hostileServer); ok && hs.detailFunc == nil {
			hs.detailFunc = detailOf
		}
		ts := httptest.NewServer(h)
		t.Cleanup(ts.Close)
		parent := t.TempDir()
		return &testBundle{url: ts.URL, parent: parent, dir: filepath.Join(parent, "prompts")}
	}
	// cli runs prompts command DIR against the bundle's server and returns its exit
	// status and everything it printed.
	cli := func(t *testing.T, b *testBundle, command string) (int, string) {
		t.Helper()
		vars := map[string]string{"PROMPTOPS_URL": b.url, "PROMPTOPS_API_KEY": "po_live_" + strings.Repeat("k", 40)}
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"prompts", command, b.dir}, func(k string) string { return vars[k] }, &stdout, &stderr)
		return code, stdout.String() + stderr.String()
	}
	pull := func(t *testing.T, b *testBundle) (int, string) {
		t.Helper()
		return cli(t, b, "pull")
	}
	// files lists every file under the parent folder, relative to it.
	files := func(t *testing.T, b *testBundle) []string {
		t.Helper()
		var out []string
		require.NoError(t, filepath.WalkDir(b.parent, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(b.parent, path)
				out = append(out, rel)
			}
			return err
		}))
		return out
	}

	t.Run("TraversalSlug", func(t *testing.T) {
		t.Parallel()
		h := &hostileServer{listFunc: listOf("fine", "../evil", "../../etc/evil")}
		b := setup(t, h)
		code, out := pull(t, b)
		require.Equal(t, 1, code, out)
		require.Contains(t, out, `"../evil" is not a slug`)
		require.Empty(t, files(t, b), "refused before anything is written")
	})

	t.Run("EscapeSequencesInSlug", func(t *testing.T) {
		t.Parallel()
		evil := "\x1b]0;owned\x07\x1b[2J\u202eevil"
		h := &hostileServer{listFunc: listOf(evil)}
		b := setup(t, h)
		code, out := pull(t, b)
		require.Equal(t, 1, code, out)
		require.NotContains(t, out, "\x1b")
		require.NotContains(t, out, "\u202e")
		require.Contains(t, out, `"\x1b]0;owned\a\x1b[2J\u202eevil" is not a slug`)
		require.Empty(t, files(t, b))
	})

	t.Run("PlanRefusesToo", func(t *testing.T) {
		t.Parallel()
		b := setup(t, &hostileServer{listFunc: listOf("../evil\x1b[2J")})
		require.NoError(t, os.MkdirAll(b.dir, 0o755))
		code, out := cli(t, b, "plan")
		require.Equal(t, 1, code, out)
		require.Contains(t, out, `"../evil\x1b[2J" is not a slug`)
		require.NotContains(t, out, "\x1b")
	})

	t.Run("DetailNamesAnotherSlug", func(t *testing.T) {
		t.Parallel()
		h := &hostileServer{listFunc: listOf("fine"), detailFunc: func(string) api.PromptDetail { return detailOf("../evil") }}
		b := setup(t, h)
		code, out := pull(t, b)
		require.Equal(t, 1, code, out)
		require.Contains(t, out, `get prompt fine: the server answered with the prompt "../evil"`)
		require.Empty(t, files(t, b))
	})

	t.Run("EscapeSequencesInErrors", func(t *testing.T) {
		t.Parallel()
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_ = json.NewEncoder(w).Encode(api.Error{Error: api.ErrorBody{
				Code: "\x1b[31mVALIDATION_ERROR", Message: "bad\x1b[2J\rhidden", RequestId: "r",
			}})
		})
		code, out := pull(t, setup(t, h))
		require.Equal(t, 1, code, out)
		require.NotContains(t, out, "\x1b")
		require.NotContains(t, out, "\r")
		require.Contains(t, out, `\x1b[31mVALIDATION_ERROR: bad\x1b[2J\rhidden`)
	})

	t.Run("EndlessPages", func(t *testing.T) {
		t.Parallel()
		// Every page brings a new prompt, its figures agree, and there is always one more.
		h := &hostileServer{listFunc: func(page int) api.PromptListResponse {
			return pageOf(page, (page+1)*100, fmt.Sprintf("p%d", page))
		}}
		b := setup(t, h)
		code, out := pull(t, b)
		require.Equal(t, 1, code, out)
		require.Contains(t, out, "more than the 100000 a command reads")
		require.EqualValues(t, 1000, h.requests.Load(), "the list, and no prompt read")
		require.Empty(t, files(t, b))
	})

	t.Run("RepeatedPage", func(t *testing.T) {
		t.Parallel()
		h := &hostileServer{listFunc: func(page int) api.PromptListResponse {
			return pageOf(page, 500, "same-a", "same-b")
		}}
		b := setup(t, h)
		code, out := pull(t, b)
		require.Equal(t, 1, code, out)
		require.Contains(t, out, "page 2 of 5: no prompt that earlier pages did not hold")
		require.EqualValues(t, 2, h.requests.Load())
	})

	t.Run("FiguresDoNotAddUp", func(t *testing.T) {
		t.Parallel()
		for name, answer := range map[string]api.PromptListResponse{
			"PagesBeyondTotal": {Meta: api.ListMeta{Pagination: api.Pagination{Page: 1, Limit: 100, Total: 1, Pages: 1 << 30}}},
			"OtherPage":        {Meta: api.ListMeta{Pagination: api.Pagination{Page: 7, Limit: 100, Total: 1000, Pages: 10}}},
			"TooManyItems":     pageOf(1, 150, make([]string, 150)...),
			"HugeTotal":        pageOf(1, 1<<40, "a"),
		} {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				h := &hostileServer{listFunc: func(int) api.PromptListResponse { return answer }}
				b := setup(t, h)
				code, out := pull(t, b)
				require.Equal(t, 1, code, out)
				require.Contains(t, out, "list prompts, page 1: the server")
				require.EqualValues(t, 1, h.requests.Load())
			})
		}
	})

	t.Run("HonestServer", func(t *testing.T) {
		t.Parallel()
		// Two pages, a prompt repeated across them as a concurrent create would shift it.
		h := &hostileServer{listFunc: func(page int) api.PromptListResponse {
			if page == 1 {
				slugs := make([]string, 100)
				for i := range slugs {
					slugs[i] = fmt.Sprintf("p%03d", i)
				}
				return pageOf(1, 101, slugs...)
			}
			return pageOf(2, 101, "p099", "p100")
		}}
		b := setup(t, h)
		code, out := pull(t, b)
		require.Equal(t, 0, code, out)
		got := files(t, b)
		require.Len(t, got, 101)
		require.Contains(t, got, filepath.Join("prompts", "p100.prompt.yaml"))
		require.EqualValues(t, 2+101, h.requests.Load(), "two pages, then each prompt once")
	})
}

// TestCappedTransport: an answer that never ends is cut off at the cap, with an error.
func TestCappedTransport(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte(`{"slug":"a"},`), 10_000)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(ts.Close)
	client := &http.Client{Transport: cappedTransport{next: http.DefaultTransport, max: 4 << 20}}
	resp, err := client.Get(ts.URL)
	require.NoError(t, err)
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	require.ErrorContains(t, err, "the server's answer is longer than 4 MiB")
	require.Less(t, n, int64(5<<20))
}

func TestTerminalText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"plain text, é and €":     "plain text, é and €",
		"lines\nand\ttabs stay":   "lines\nand\ttabs stay",
		"\x1b[2J\x1b]0;title\x07": `\x1b[2J\x1b]0;title\a`,
		"carriage\rreturn":        `carriage\rreturn`,
		"del\x7f c1\u009b":        `del\x7f c1\u009b`,
		"bidi \u202eoverride":     `bidi \u202eoverride`,
		"invalid \xff\xfe":        `invalid \xff\xfe`,
	} {
		require.Equal(t, want, terminalText(in), "%q", in)
	}
}
