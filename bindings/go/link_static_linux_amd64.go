//go:build !oojwt_shared

package oojwt

// Linux x86-64 (from the file name; each platform has its own link_static_<os>_<arch>.go, and its
// archive at lib/<os>-<arch>/liboo_jwt.a inside this module, as the packaged module ships it).
// The archive is named by full path (cgo would pick liboo_jwt.so over liboo_jwt.a if both were found
// through -L/-l), plus the system libraries the Rust standard library needs, as printed by
// `cargo rustc --release --lib --crate-type staticlib -- --print native-static-libs`. The resulting
// Go binary depends on no oo-jwt shared object.

// #cgo LDFLAGS: ${SRCDIR}/lib/linux-amd64/liboo_jwt.a -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
import "C"

// The archive's directory, imported so that `go mod vendor` keeps it.
import _ "github.com/oo-jwt/oo-jwt-go/lib/linux-amd64"

// Linkage says how the core was linked into this binary: "static" or "shared".
const Linkage = "static"
