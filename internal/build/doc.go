// Package build groups what makes the artifacts that ship, apart from the binary itself:
// the container image and its Kubernetes manifests (image).
//
// Its packages are commands run by make (go run): they may import the generated code and
// the shared packages at the top of internal/ (their tests, the test kits too), and
// nothing imports them.
package build
