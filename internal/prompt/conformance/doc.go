// Package conformance holds the conformance vectors of the prompt rules: what the Go
// implementation (template, rendering, providers, contenthash) computes for the cases of
// testdata/cases.json, written to gen/conformance/vectors.json. The Python SDK's tests
// (gen/python) render, convert and hash every case and must get the same; the TypeScript
// resolver is to do the same.
//
// The vectors are written by a test, not by a program, so that the code that writes them
// is the code that checks them and no subcommand lives outside cmd/promptops:
//
//	go test ./internal/prompt/conformance -run '^TestVectors$' -update   (make generate/vectors)
//
// The file's lists (with the release assignments), each case with its inputs and what Go gave:
//
//   - templates: template, values (JSON), partials (text by reference, "slug" or "slug@3"),
//     limit (the budget's bytes, with MaxSteps steps; absent: no budget) → variables,
//     partialRefs, suspects (snippet, byte offset, line, column, hint), then text and missing,
//     or error: kind "syntax" (offset in bytes, line, column, problem, message) or a render's
//     "tooLarge", "tooMuchWork", "tooDeep", "include" (message).
//   - renders: entry (a version as GET /api/v1/snapshot gives it, its partials' text
//     included), variables, renderLimit → results by format ("messages", "openai-chat",
//     "openai-responses", "anthropic"): rendered (the render response's data, request
//     included) or the 400's message, problems and details (its other details: the
//     problems are its details' fields); schemaProblems marks problems worded by the JSON
//     Schema library, of which only the fields are to be compared. Variables the gateway
//     refuses get, in every format, the 400 of its own check of the render's body
//     (gateway.Checker), which the server runs before the render: text no string may hold
//     (a NUL, a lone surrogate escape: the first such string), then the spec's schema (a
//     null value, a string of more than 65,536 characters, a null item of a list: each, by
//     JSON pointer, in pointer order).
//   - contentHashes: request (a POST …/versions body) → contentHash.
//   - subjects: subject, and variables for a render → refused: the 400 (message, problems)
//     of the gateway's check of a resolve (GET …/resolve?subject=) or render, absent when it
//     lets the request through. An empty subject is refused, not taken for none: the
//     assignments' "" (package assign's none) is never a subject a request gives. A subject
//     is kept as the case writes it, so it may hold a lone surrogate escape ("\ud800"): the
//     string JavaScript and Python SDKs then hold, which no client can encode as UTF-8. The
//     gateway is sent for it the nearest thing a client could send, its bytes in WTF-8
//     (?subject=%ED%A0%80), and refuses them (subject: is not valid UTF-8): an SDK refuses
//     the lone surrogate with that answer.
//   - requests: slug, and a subject, variables or a format when given, for a resolve (GET
//     …/prompts/{slug}/resolve?subject=) or, with variables or a format, a render → refused:
//     the 400 of the gateway's check, which the server makes before it looks the prompt up
//     (its text: the body's, then the slug's and subject's together; then the spec's
//     problems together: the slug's, the subject's, the body's), absent when it lets the
//     request through (the server then looks the prompt up: nothing live is a 404). A slug
//     holding a lone surrogate is sent as its bytes in WTF-8, as a subject is.
//   - tracks: event, an analytics event as an SDK's track() sends it alone (in the spec's
//     order of fields) → refused: the 400 of the gateway's check of POST
//     /api/v1/analytics/track with it as the body (its text first: a NUL or a lone surrogate
//     escape, the first such string, by a pointer with no event index), absent when it lets
//     it through (the handler then looks its slug, version and environment up).
//
// Without -update, TestVectors fails when the file differs from what the Go rules give
// now: a rule changed without the vectors regenerated fails make test, and so, once they
// are regenerated, does every SDK that does not follow.
package conformance
