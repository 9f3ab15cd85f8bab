//go:build oojwt_shared

package oojwt

// With the build tag oojwt_shared the wrapper links liboo_jwt.so dynamically. The run-time search
// path points at the repository's target/release; set LD_LIBRARY_PATH (or CGO_LDFLAGS with another
// -L/-rpath, as the Makefile does from OO_JWT_LIB) to use a library installed elsewhere.

// #cgo LDFLAGS: -L${SRCDIR}/../../target/release -Wl,-rpath,${SRCDIR}/../../target/release -loo_jwt
import "C"

// Linkage says how the core was linked into this binary: "static" or "shared".
const Linkage = "shared"
