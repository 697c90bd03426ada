// Package build groups what makes the artifacts that ship, apart from the binary itself:
// the container image and its Kubernetes manifests (image).
//
// Its packages are commands run by make (go run), never imported: they may import the
// shared packages at the top of internal/, and nothing imports them.
package build
