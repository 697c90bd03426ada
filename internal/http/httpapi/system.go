package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/store/migrate"
	"github.com/promptops/promptops/openapi"
)

// GetHealth answers whether the server can reach its database.
func (s *Server) GetHealth(ctx context.Context, _ api.GetHealthRequestObject) (api.GetHealthResponseObject, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	now := s.nowFunc().UTC()
	if err := s.ping(ctx); err != nil {
		retry := gateway.RetryAfterUnavailable
		return api.GetHealth503JSONResponse{
			Body:    api.Health{Status: api.HealthStatusUnavailable, Timestamp: now},
			Headers: api.GetHealth503ResponseHeaders{RetryAfter: &retry},
		}, nil
	}
	return api.GetHealth200JSONResponse{Status: api.HealthStatusOk, Timestamp: now}, nil
}

// GetLiveness answers while the process serves requests; it reads nothing.
func (s *Server) GetLiveness(context.Context, api.GetLivenessRequestObject) (api.GetLivenessResponseObject, error) {
	return api.GetLiveness200JSONResponse{Status: api.HealthStatusOk, Timestamp: s.nowFunc().UTC()}, nil
}

// GetReadiness answers whether the instance should receive traffic: its database answers,
// has every migration of this binary, and its feed hears committed changes.
func (s *Server) GetReadiness(ctx context.Context, _ api.GetReadinessRequestObject) (api.GetReadinessResponseObject, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	checks := api.ReadinessChecks{Database: readiness(s.ping(ctx) == nil), Feed: readiness(s.feedConnected())}
	checks.Migrations = api.ReadinessCheckUnavailable
	if checks.Database == api.ReadinessCheckOk {
		current, err := migrate.Current(ctx, s.db)
		checks.Migrations = readiness(err == nil && current)
	}
	body := api.Readiness{Status: api.ReadinessStatusOk, Timestamp: s.nowFunc().UTC(), Checks: checks}
	if checks.Database == api.ReadinessCheckOk && checks.Migrations == api.ReadinessCheckOk && checks.Feed == api.ReadinessCheckOk {
		return api.GetReadiness200JSONResponse(body), nil
	}
	body.Status = api.ReadinessStatusUnavailable
	retry := gateway.RetryAfterUnavailable
	return api.GetReadiness503JSONResponse{Body: body, Headers: api.GetReadiness503ResponseHeaders{RetryAfter: &retry}}, nil
}

// readiness is a check's answer.
func readiness(ok bool) api.ReadinessCheck {
	if ok {
		return api.ReadinessCheckOk
	}
	return api.ReadinessCheckUnavailable
}

// ping checks the database. A pooled connection that died with a restarted database fails
// its ping and is dropped; one more ping gets a fresh connection, so that health is ok as
// soon as the database is back.
func (s *Server) ping(ctx context.Context) error {
	if err := s.db.Ping(ctx); err == nil {
		return nil
	}
	return s.db.Ping(ctx)
}

// GetOpenApiJson serves the spec the binary was built from, as JSON.
func (s *Server) GetOpenApiJson(_ context.Context, _ api.GetOpenApiJsonRequestObject) (api.GetOpenApiJsonResponseObject, error) {
	doc, err := specJSON()
	if err != nil {
		return nil, err
	}
	return api.GetOpenApiJson200JSONResponse(doc), nil
}

// specJSON is the shared spec (openapi.Shared) as the generic JSON value GetOpenApiJson
// answers with, made once per process like the spec itself.
var specJSON = sync.OnceValues(func() (map[string]any, error) {
	spec, err := openapi.Shared()
	if err != nil {
		return nil, fmt.Errorf("load embedded spec: %w", err)
	}
	raw, err := json.Marshal(spec)
	if err != nil {
		return nil, fmt.Errorf("encode spec: %w", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("decode spec: %w", err)
	}
	return doc, nil
})

// GetOpenApiYaml serves the spec the binary was built from, as written.
func (s *Server) GetOpenApiYaml(_ context.Context, _ api.GetOpenApiYamlRequestObject) (api.GetOpenApiYamlResponseObject, error) {
	return api.GetOpenApiYaml200ApplicationyamlResponse{Body: bytes.NewReader(openapi.YAML), ContentLength: int64(len(openapi.YAML))}, nil
}

// GetPromptFileSchema serves the JSON Schema of a prompt file.
func (s *Server) GetPromptFileSchema(_ context.Context, _ api.GetPromptFileSchemaRequestObject) (api.GetPromptFileSchemaResponseObject, error) {
	doc, err := promptFileSchema()
	if err != nil {
		return nil, err
	}
	return api.GetPromptFileSchema200JSONResponse(doc), nil
}

// promptFileSchema is the embedded schema decoded, once: the generated response is a map
// (a named json.RawMessage would lose its encoding and come out as base64).
var promptFileSchema = sync.OnceValues(func() (map[string]any, error) {
	var doc map[string]any
	if err := json.Unmarshal(openapi.PromptFileSchema, &doc); err != nil {
		return nil, fmt.Errorf("decode the prompt file schema: %w", err)
	}
	return doc, nil
})
