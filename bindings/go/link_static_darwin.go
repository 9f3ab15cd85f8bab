//go:build !oojwt_shared

package oojwt

// macOS (GOOS=darwin, from the file name; amd64 or arm64): no archive is shipped for macOS. Put the
// one `make release` builds there (or a universal one made with lipo) at lib/darwin/liboo_jwt.a.

// #cgo LDFLAGS: ${SRCDIR}/lib/darwin/liboo_jwt.a -lSystem -lc -lm
import "C"

// Linkage says how the core was linked into this binary: "static" or "shared".
const Linkage = "static"
