// Package config holds the tests that render the kustomize bases under config/ the way
// `kubectl apply -k` does and check the objects they install.
package config
