// Package client groups the clients of the API written in Go: the edge, a read-only
// replica that follows a server's snapshot and feed and answers resolve and render near
// an application (edge), and the command line's sync of a folder of prompt files with a
// project (promptsync).
//
// A client talks to a server over HTTP only. Its packages may import the generated API
// (gen/api), the prompt floor (a client renders as the server does), the request
// pipeline's shared parts in internal/http (the edge answers requests as the API does),
// internal/change's realtime feed messages and the shared packages at the top of
// internal/. They must not import the store floor nor the server: a client holds no
// database.
package client
