//go:build !oojwt_shared

package oojwt

// Linux ARM64 (GOOS=linux GOARCH=arm64, from the file name): the archive `make dist-libs` builds
// (glibc 2.28 floor), shipped in this module.

// #cgo LDFLAGS: ${SRCDIR}/lib/linux-arm64/liboo_jwt.a -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
import "C"

// The archive's directory, imported so that `go mod vendor` keeps it.
import _ "github.com/oo-jwt/oo-jwt-go/lib/linux-arm64"

// Linkage says how the core was linked into this binary: "static" or "shared".
const Linkage = "static"
