// Package http groups what answers a request: the pipeline built from the spec that every
// API request goes through (gateway), the handlers of the API's operations (httpapi), the
// web console (console), the API explorer (explorer), and creating a project with its
// first key (projects), the one write that sign-up over the API and the operator's command
// line share.
//
// Its packages may import every floor below: change (a write records its events), store,
// prompt, the generated code and the shared packages at the top of internal/. They must not
// import the client floor, the test kits outside tests, or the server, which assembles them.
package http
