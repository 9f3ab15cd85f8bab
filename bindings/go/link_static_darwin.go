//go:build !oojwt_shared

package oojwt

// macOS (GOOS=darwin, from the file name; amd64 or arm64): the archive `make release` builds there.

// #cgo LDFLAGS: ${SRCDIR}/../../target/release/liboo_jwt.a -lSystem -lc -lm
import "C"

// Linkage says how the core was linked into this binary: "static" or "shared".
const Linkage = "static"
