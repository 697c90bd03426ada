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
// Without -update, TestVectors fails when the file differs from what the Go rules give
// now: a rule changed without the vectors regenerated fails make test, and so, once they
// are regenerated, does every SDK that does not follow.
package conformance
