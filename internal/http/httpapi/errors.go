package httpapi

import (
	"context"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/http/gateway"
)

// errorBody builds the envelope of an error response to the request in ctx.
func errorBody(ctx context.Context, code api.ErrorCode, message string, details *api.ErrorDetails) api.Error {
	return gateway.Body(ctx, code, message, details)
}

// notFound, conflict and invalid build the bodies of the typed 404, 409 and 400 responses
// handlers return.
func notFound(ctx context.Context, message string) api.NotFoundJSONResponse {
	return api.NotFoundJSONResponse{Body: errorBody(ctx, api.ErrorCodeRESOURCENOTFOUND, message, nil)}
}

func conflict(ctx context.Context, message string) api.ConflictJSONResponse {
	return api.ConflictJSONResponse{Body: errorBody(ctx, api.ErrorCodeCONFLICT, message, nil)}
}

func invalid(ctx context.Context, details api.ErrorDetails, problems ...api.FieldProblem) api.BadRequestJSONResponse {
	if len(problems) > 0 {
		details.Fields = &problems
	}
	return api.BadRequestJSONResponse{Body: errorBody(ctx, api.ErrorCodeVALIDATIONERROR, gateway.ProblemsMessage(problems), &details)}
}
