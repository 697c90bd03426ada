// Package release holds what every reader of a release agrees on: assign, the sticky
// split of subjects between a release's current and candidate versions, and guard, the
// thresholds a rolling release is judged by.
package release
