//go:build oojwt_shared

package oojwt

// With the build tag oojwt_shared the wrapper links liboo_jwt.so (oo_jwt.dll on Windows) dynamically,
// found the system's way: install it where the linker and the loader look (/usr/local/lib, then
// ldconfig), or name its directory in CGO_LDFLAGS="-L/dir -Wl,-rpath,/dir" (the Makefile does this
// from OO_JWT_LIB).

// #cgo LDFLAGS: -loo_jwt
import "C"

// Linkage says how the core was linked into this binary: "static" or "shared".
const Linkage = "shared"
