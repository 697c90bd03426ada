// Package testkit groups the kits that tests use and the binary never does: a fresh
// migrated PostgreSQL database per test, cloned from a template (dbtest), a whole
// instance over HTTP with the generated client and a transport that checks every answer
// against the spec, one a package's tests share or one of a test's own (apitest), rows
// written straight to the database for fixtures that are not what a test is about
// (testfactory), several instances behind HAProxy driven through faults (cluster), one
// JSON request to a server from outside (apicall), and the pin of Jaeger, the OTLP
// receiver (jaeger, a module of its own).
//
// Its packages may import every floor, the server included, since they stand up what the
// binary stands up. Only _test.go files, other test kits and promptops-bench, which
// measures from outside as tests do, may import them.
package testkit
