// Package floor calls the C ABI directly through cgo, without the wrapper, for the bench's FFI floor:
// the bare round trip and oo_sign / oo_verify on arguments prepared beforehand. Test-only: nothing in
// package oojwt imports it (the test binary links the core through package oojwt).
package floor

/*
#cgo CFLAGS: -I${SRCDIR}/../../lib/include
#include "oo_jwt.h"
*/
import "C"

import "unsafe"

// RoundTrip is two crossings with no work: oo_abi_version() then oo_free(NULL).
//
//	floor.RoundTrip()
func RoundTrip() uint32 {
	v := C.oo_abi_version()
	C.oo_free(nil)
	return uint32(v)
}

// Sign is oo_sign on a payload already JSON text and no options, the token read out (C.GoString)
// and freed; ok is false when the core refused.
//
//	tok, ok := floor.Sign([]byte(`{"key":"k"}`), secret)
func Sign(payload, secret []byte) (string, bool) {
	var tok, msg *C.char
	rc := C.oo_sign((*C.uint8_t)(unsafe.Pointer(&payload[0])), C.size_t(len(payload)),
		(*C.uint8_t)(unsafe.Pointer(&secret[0])), C.size_t(len(secret)), nil, &tok, &msg)
	if rc != C.OO_OK {
		C.oo_free(msg)
		return "", false
	}
	s := C.GoString(tok)
	C.oo_free(tok)
	return s, true
}

// Verify is oo_verify on a token already in bytes and no options, the claims read out (C.GoString)
// and freed; ok is false when the core refused.
//
//	claims, ok := floor.Verify([]byte(tok), secret)
func Verify(token, secret []byte) (string, bool) {
	var claims, msg *C.char
	rc := C.oo_verify((*C.uint8_t)(unsafe.Pointer(&token[0])), C.size_t(len(token)),
		(*C.uint8_t)(unsafe.Pointer(&secret[0])), C.size_t(len(secret)), nil, &claims, &msg)
	if rc != C.OO_OK {
		C.oo_free(msg)
		return "", false
	}
	s := C.GoString(claims)
	C.oo_free(claims)
	return s, true
}
