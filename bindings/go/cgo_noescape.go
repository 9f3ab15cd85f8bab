//go:build go1.22

package oojwt

// The core neither keeps a pointer it is given past the call nor calls back into Go: with these
// directives (Go 1.22 and later) the out-parameters and inputs of a call need not move to the heap,
// and the call skips the preparation for callbacks.

// #cgo noescape oo_sign
// #cgo nocallback oo_sign
// #cgo noescape oo_verify
// #cgo nocallback oo_verify
// #cgo noescape oo_decode_unverified
// #cgo nocallback oo_decode_unverified
// #cgo noescape oo_sign_request
// #cgo nocallback oo_sign_request
// #cgo noescape oo_verify_request
// #cgo nocallback oo_verify_request
// #cgo noescape oo_sign_config
// #cgo nocallback oo_sign_config
// #cgo noescape oo_sign_editor_method
// #cgo nocallback oo_sign_editor_method
// #cgo noescape oo_verify_download
// #cgo nocallback oo_verify_download
// #cgo noescape oo_load_config
// #cgo nocallback oo_load_config
// #cgo noescape oo_verify_request_with_config
// #cgo nocallback oo_verify_request_with_config
// #cgo noescape oo_verify_download_with_config
// #cgo nocallback oo_verify_download_with_config
// #cgo noescape oo_download_token_expected
// #cgo nocallback oo_download_token_expected
// #cgo nocallback oo_free
// #cgo nocallback oo_abi_version
// #cgo nocallback oo_version
// #cgo nocallback oo_status_name
// #include "oo_jwt.h"
import "C"
