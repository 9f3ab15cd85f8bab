//go:build go1.22

package floor

// As the wrapper declares them (cgo_noescape.go): the core keeps no pointer and calls no Go code.

// #cgo noescape oo_sign
// #cgo nocallback oo_sign
// #cgo noescape oo_verify
// #cgo nocallback oo_verify
// #cgo nocallback oo_free
// #cgo nocallback oo_abi_version
// #cgo CFLAGS: -I${SRCDIR}/../../lib/include
// #include "oo_jwt.h"
import "C"
