//go:build !oojwt_shared

package oojwt

// Windows x64 (GOOS=windows GOARCH=amd64, from the file name; cgo with mingw-w64's gcc): the
// archive `make dist-libs` builds, shipped in this module, and the Windows libraries the Rust
// standard library needs.

// #cgo LDFLAGS: ${SRCDIR}/lib/windows-amd64/liboo_jwt.a -lws2_32 -luserenv -lbcrypt -lntdll -ladvapi32
import "C"

// The archive's directory, imported so that `go mod vendor` keeps it.
import _ "github.com/oo-jwt/oo-jwt-go/lib/windows-amd64"

// Linkage says how the core was linked into this binary: "static" or "shared".
const Linkage = "static"
