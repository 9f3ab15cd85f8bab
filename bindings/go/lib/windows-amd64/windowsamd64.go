// Package windowsamd64 holds liboo_jwt.a, the static archive of the Rust core for windows/amd64.
// It has no Go code: package oojwt imports it so that `go mod vendor`, which copies only the
// directories of imported packages, keeps the file.
package windowsamd64
