package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

// releaseControl serves the part of the relay's control endpoint that the SDK tests in
// other languages use to roll a release out, since the releases API is not theirs to test:
//
//   - POST /release {"projectId", "changes": {promptId: versionId}, "percent"} starts a
//     split release of the changes in production (testfactory.RollingRelease, no event)
//     and answers {"id", "salt"};
//   - POST /advance?release=ID&percent=N sets its share (testfactory.AdvanceRelease), then
//     records release.advanced naming its slugs, as the releases engine announces a step.
func releaseControl(t *testing.T, env *apitest.Env) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /release", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			ProjectID uuid.UUID               `json:"projectId"`
			Changes   map[uuid.UUID]uuid.UUID `json:"changes"`
			Percent   float64                 `json:"percent"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		changes := make([]testfactory.RollingChange, 0, len(req.Changes))
		for prompt, candidate := range req.Changes {
			changes = append(changes, testfactory.RollingChange{PromptID: prompt, CandidateVersionID: candidate})
		}
		id, salt := testfactory.RollingRelease(r.Context(), t, env.Pool, &testfactory.RollingReleaseOpts{
			ProjectID: req.ProjectID, Environment: "production", Changes: changes, Percent: &req.Percent,
		})
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"id": id.String(), "salt": salt})
	})
	mux.HandleFunc("POST /advance", func(w http.ResponseWriter, r *http.Request) {
		id, err := uuid.Parse(r.URL.Query().Get("release"))
		if err != nil {
			http.Error(w, "release must be a release's id", http.StatusBadRequest)
			return
		}
		percent, err := strconv.ParseFloat(r.URL.Query().Get("percent"), 64)
		if err != nil {
			http.Error(w, "percent must be a number", http.StatusBadRequest)
			return
		}
		testfactory.AdvanceRelease(r.Context(), t, env.Pool, id, percent)
		if err := announceRelease(r, env, id, "release.advanced"); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}

// announceRelease records a release event of release id with what readers act on: its
// environment and the sorted slugs of its prompts.
func announceRelease(r *http.Request, env *apitest.Env, id uuid.UUID, kind string) error {
	ctx := r.Context()
	return pgx.BeginFunc(ctx, env.Pool, func(tx pgx.Tx) error {
		var project uuid.UUID
		var environment string
		var slugs []string
		err := tx.QueryRow(ctx, `SELECT r.project_id, r.environment, array_agg(p.slug ORDER BY p.slug)
			FROM releases r JOIN release_changes c ON c.release_id = r.id JOIN prompts p ON p.id = c.prompt_id
			WHERE r.id = $1 GROUP BY r.project_id, r.environment`, id).Scan(&project, &environment, &slugs)
		if err != nil {
			return err
		}
		_, err = events.NewRecorder(env.Hooks).Record(ctx, tx, events.Event{ProjectID: project, Type: kind,
			Data: map[string]any{"id": id, "environment": environment, "slugs": slugs}})
		return err
	})
}
