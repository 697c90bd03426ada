package console

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/api"
)

// pathID parses the uuid path value name; an id that is not one is a page that does not
// exist (it has answered the request).
func (c *Console) pathID(w http.ResponseWriter, r *http.Request, s *session, name string) (uuid.UUID, bool) {
	id, err := uuid.Parse(r.PathValue(name))
	if err != nil {
		c.refused(w, r, s, &api.Error{Error: api.ErrorBody{Code: api.ErrorCodeRESOURCENOTFOUND, Message: "There is no such page: " + r.PathValue(name) + " is not an id."}})
		return uuid.Nil, false
	}
	return id, true
}

// invalidField is a validation error about one form field, for input the console cannot
// even turn into a request (a number that is not one, JSON that does not parse).
func invalidField(field, problem string) *api.Error {
	problems := []api.FieldProblem{{Field: "/" + field, Problem: problem}}
	return &api.Error{Error: api.ErrorBody{Code: api.ErrorCodeVALIDATIONERROR,
		Message: "The request is not valid: /" + field + ": " + problem, Details: &api.ErrorDetails{Fields: &problems}}}
}

// splitList splits a comma-separated field into its trimmed, non-empty items.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func itoa(n int) string { return strconv.Itoa(n) }
