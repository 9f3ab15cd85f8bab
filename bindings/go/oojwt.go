// Package oojwt is a thin cgo wrapper over the oo-jwt core (include/oo_jwt.h): JWT signing and
// verification for ONLYOFFICE Docs integrations. Every decision (parsing, algorithms, signatures,
// claim checks, limits) is made by the Rust core; this package converts Go values to the C ABI,
// copies and frees the returned strings, and turns status codes into *Error values.
//
// By default the Rust static library is linked in, so a program is one self-contained binary; build
// with -tags oojwt_shared to link liboo_jwt.so instead. See README.md.
package oojwt

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#include <stdlib.h>
#include <string.h>
#include "oo_jwt.h"

// Glue only. Go may move a goroutine to another OS thread between two cgo calls, and the core's last
// error message is thread-local, so each call copies the message (strdup) in the same C call that
// failed. The Go side passes the numeric options by value in `in` (struct_size 0: no option given,
// so NULL for every default) and the algorithm names as separate (pointer, length) pairs, because Go
// memory handed to C must not hold Go pointers.
static const OoOptions *oojwt_opts(OoOptions *local, const OoOptions *in, const uint8_t *alg,
                                   size_t alg_len, const uint8_t *algs, size_t algs_len) {
	if (in->struct_size == 0) return NULL;
	*local = *in;
	local->struct_size = sizeof(OoOptions);
	local->algorithm = alg;
	local->algorithm_len = alg_len;
	local->algorithms = algs;
	local->algorithms_len = algs_len;
	return local;
}

static int32_t oojwt_done(int32_t rc, char **err) {
	if (rc != OO_OK) *err = strdup(oo_last_error_message());
	return rc;
}

static int32_t oojwt_sign(const uint8_t *payload, size_t payload_len, const uint8_t *secret,
                          size_t secret_len, OoOptions in, const uint8_t *alg, size_t alg_len,
                          const uint8_t *algs, size_t algs_len, char **out, char **err) {
	OoOptions o;
	return oojwt_done(oo_sign(payload, payload_len, secret, secret_len,
	                          oojwt_opts(&o, &in, alg, alg_len, algs, algs_len), out), err);
}

static int32_t oojwt_verify(const uint8_t *token, size_t token_len, const uint8_t *secret,
                            size_t secret_len, OoOptions in, const uint8_t *alg, size_t alg_len,
                            const uint8_t *algs, size_t algs_len, char **out, char **err) {
	OoOptions o;
	return oojwt_done(oo_verify(token, token_len, secret, secret_len,
	                            oojwt_opts(&o, &in, alg, alg_len, algs, algs_len), out), err);
}

static int32_t oojwt_decode_unverified(const uint8_t *token, size_t token_len, OoOptions in,
                                       const uint8_t *alg, size_t alg_len, const uint8_t *algs,
                                       size_t algs_len, char **out_header, char **out_claims,
                                       char **err) {
	OoOptions o;
	return oojwt_done(oo_decode_unverified(token, token_len,
	                                       oojwt_opts(&o, &in, alg, alg_len, algs, algs_len),
	                                       out_header, out_claims), err);
}

static int32_t oojwt_sign_request(const uint8_t *body, size_t body_len, const uint8_t *secret,
                                  size_t secret_len, uint32_t placement, OoOptions in,
                                  const uint8_t *alg, size_t alg_len, const uint8_t *algs,
                                  size_t algs_len, char **out, char **err) {
	OoOptions o;
	return oojwt_done(oo_sign_request(body, body_len, secret, secret_len, placement,
	                                  oojwt_opts(&o, &in, alg, alg_len, algs, algs_len), out), err);
}

static int32_t oojwt_verify_request(const uint8_t *secret, size_t secret_len, const uint8_t *body,
                                    size_t body_len, const uint8_t *auth, size_t auth_len,
                                    const uint8_t *prefix, size_t prefix_len, OoOptions in,
                                    const uint8_t *alg, size_t alg_len, const uint8_t *algs,
                                    size_t algs_len, char **out, char **err) {
	OoOptions o;
	return oojwt_done(oo_verify_request(secret, secret_len, body, body_len, auth, auth_len, prefix,
	                                    prefix_len, oojwt_opts(&o, &in, alg, alg_len, algs, algs_len),
	                                    out), err);
}

static int32_t oojwt_sign_config(const uint8_t *config, size_t config_len, const uint8_t *secret,
                                 size_t secret_len, OoOptions in, const uint8_t *alg,
                                 size_t alg_len, const uint8_t *algs, size_t algs_len, char **out,
                                 char **err) {
	OoOptions o;
	return oojwt_done(oo_sign_config(config, config_len, secret, secret_len,
	                                 oojwt_opts(&o, &in, alg, alg_len, algs, algs_len), out), err);
}

static int32_t oojwt_sign_editor_method(const uint8_t *method, size_t method_len,
                                        const uint8_t *params, size_t params_len,
                                        const uint8_t *secret, size_t secret_len, OoOptions in,
                                        const uint8_t *alg, size_t alg_len, const uint8_t *algs,
                                        size_t algs_len, char **out, char **err) {
	OoOptions o;
	return oojwt_done(oo_sign_editor_method(method, method_len, params, params_len, secret,
	                                        secret_len,
	                                        oojwt_opts(&o, &in, alg, alg_len, algs, algs_len), out),
	                  err);
}

static int32_t oojwt_verify_download(const uint8_t *auth, size_t auth_len, const uint8_t *url,
                                     size_t url_len, const uint8_t *secret, size_t secret_len,
                                     const uint8_t *prefix, size_t prefix_len, OoOptions in,
                                     const uint8_t *alg, size_t alg_len, const uint8_t *algs,
                                     size_t algs_len, char **out, char **err) {
	OoOptions o;
	return oojwt_done(oo_verify_download(auth, auth_len, url, url_len, secret, secret_len, prefix,
	                                     prefix_len, oojwt_opts(&o, &in, alg, alg_len, algs, algs_len),
	                                     out), err);
}

static int32_t oojwt_load_config(const uint8_t *local, size_t local_len, const uint8_t *def,
                                 size_t def_len, const uint8_t *env, size_t env_len, char **out,
                                 char **err) {
	return oojwt_done(oo_load_config(local, local_len, def, def_len, env, env_len, out), err);
}

static int32_t oojwt_verify_request_with_config(const uint8_t *body, size_t body_len,
                                                const uint8_t *auth, size_t auth_len,
                                                const uint8_t *settings, size_t settings_len,
                                                uint32_t direction, OoOptions in, char **out,
                                                char **err) {
	OoOptions o;
	return oojwt_done(oo_verify_request_with_config(body, body_len, auth, auth_len, settings,
	                                                settings_len, direction,
	                                                oojwt_opts(&o, &in, NULL, 0, NULL, 0), out),
	                  err);
}

static int32_t oojwt_verify_download_with_config(const uint8_t *auth, size_t auth_len,
                                                 const uint8_t *url, size_t url_len,
                                                 const uint8_t *settings, size_t settings_len,
                                                 OoOptions in, char **out, char **err) {
	OoOptions o;
	return oojwt_done(oo_verify_download_with_config(auth, auth_len, url, url_len, settings,
	                                                 settings_len,
	                                                 oojwt_opts(&o, &in, NULL, 0, NULL, 0), out),
	                  err);
}

static int32_t oojwt_download_token_expected(const uint8_t *url, size_t url_len,
                                             const uint8_t *settings, size_t settings_len,
                                             uint8_t *out, char **err) {
	return oojwt_done(oo_download_token_expected(url, url_len, settings, settings_len, out), err);
}

static int32_t oojwt_selftest_panic(char **err) { return oojwt_done(oo_selftest_panic(), err); }
*/
import "C"

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"net/textproto"
	"reflect"
	"strconv"
	"time"
	"unicode/utf8"
	"unsafe"
)

// Code is a status code of the contract (the C ABI's OO_* values).
type Code int32

// The contract's status codes; they are never renumbered.
const (
	CodeOK              Code = C.OO_OK
	CodeInvalidArgument Code = C.OO_INVALID_ARGUMENT
	CodeInvalidJSON     Code = C.OO_INVALID_JSON
	CodeEmptySecret     Code = C.OO_EMPTY_SECRET
	CodeMalformed       Code = C.OO_MALFORMED
	CodeUnsupportedAlg  Code = C.OO_UNSUPPORTED_ALG
	CodeBadSignature    Code = C.OO_BAD_SIGNATURE
	CodeExpired         Code = C.OO_EXPIRED
	CodeNotYetValid     Code = C.OO_NOT_YET_VALID
	CodeTooLarge        Code = C.OO_TOO_LARGE
	CodeMissingToken    Code = C.OO_MISSING_TOKEN
	CodeInvalidConfig   Code = C.OO_INVALID_CONFIG
	CodeURLMismatch     Code = C.OO_URL_MISMATCH
	CodeInternal        Code = C.OO_INTERNAL
)

// String is the contract's name of the code ("bad_signature"), as the core spells it.
func (c Code) String() string { return C.GoString(C.oo_status_name(C.int32_t(c))) }

// Error is every failure the core reports: the contract's code and name, and the core's message.
// Compare with errors.Is against the sentinels (ErrBadSignature, ...), which match on Code.
type Error struct {
	Code    Code   // the contract's status code, e.g. 6
	Name    string // the contract's name, e.g. "bad_signature"
	Message string // the core's detail message (empty for the sentinels)
}

func (e *Error) Error() string {
	s := "oojwt: " + e.Name + " (" + strconv.Itoa(int(e.Code)) + ")"
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Is reports whether target is an *Error with the same Code, so errors.Is(err, ErrExpired) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

func sentinel(c Code) *Error { return &Error{Code: c, Name: c.String()} }

// Sentinels for errors.Is, one per status code of the contract.
var (
	ErrInvalidArgument = sentinel(CodeInvalidArgument)
	ErrInvalidJSON     = sentinel(CodeInvalidJSON)
	ErrEmptySecret     = sentinel(CodeEmptySecret)
	ErrMalformed       = sentinel(CodeMalformed)
	ErrUnsupportedAlg  = sentinel(CodeUnsupportedAlg)
	ErrBadSignature    = sentinel(CodeBadSignature)
	ErrExpired         = sentinel(CodeExpired)
	ErrNotYetValid     = sentinel(CodeNotYetValid)
	ErrTooLarge        = sentinel(CodeTooLarge)
	ErrMissingToken    = sentinel(CodeMissingToken)
	ErrInvalidConfig   = sentinel(CodeInvalidConfig)
	ErrURLMismatch     = sentinel(CodeURLMismatch)
	ErrInternal        = sentinel(CodeInternal)
)

// Version is the core library's version, e.g. "0.1.0".
func Version() string { return C.GoString(C.oo_version()) }

// Placement says where SignRequest puts the token.
type Placement uint32

const (
	// PlacementBody: the body JSON with a "token" member added, signed over the body's fields.
	PlacementBody Placement = C.OO_PLACEMENT_BODY
	// PlacementHeader: the bare token for "Authorization: Bearer <token>", over {"payload": body}.
	PlacementHeader Placement = C.OO_PLACEMENT_HEADER
)

// Option sets one of the core's options; each operation reads the ones that concern it
// (see include/oo_jwt.h). Values are passed through unchecked: the core judges them.
type Option func(*options)

type options struct {
	c         C.OoOptions
	alg       string
	hasAlg    bool
	algs      string
	hasAlgs   bool
	prefix    string
	hasPrefix bool
}

// WithAlgorithm sets the algorithm to sign with ("HS256" by default, "HS384", "HS512").
func WithAlgorithm(name string) Option { return func(o *options) { o.alg, o.hasAlg = name, true } }

// WithAlgorithms sets the allow-list for verification (default: HS256, HS384, HS512). The names are
// joined with commas for the core, which refuses an empty list or an unknown name.
func WithAlgorithms(names ...string) Option {
	return func(o *options) {
		var b bytes.Buffer
		for i, n := range names {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(n)
		}
		o.algs, o.hasAlgs = b.String(), true
	}
}

// WithLeeway sets the tolerance on exp/nbf (default 60 s), in whole seconds (truncated).
func WithLeeway(d time.Duration) Option { return WithLeewaySeconds(int64(d / time.Second)) }

// WithLeewaySeconds sets the tolerance on exp/nbf in seconds (default 60).
func WithLeewaySeconds(s int64) Option {
	return func(o *options) { o.c.leeway = C.int64_t(s); o.c.flags |= C.OO_OPT_LEEWAY }
}

// WithNow fixes the current time (whole Unix seconds) instead of the real clock.
func WithNow(t time.Time) Option { return WithNowUnix(t.Unix()) }

// WithNowUnix fixes the current time as Unix seconds instead of the real clock.
func WithNowUnix(s int64) Option {
	return func(o *options) { o.c.now = C.int64_t(s); o.c.flags |= C.OO_OPT_NOW }
}

// WithExpiresIn makes sign operations add iat and exp = iat + d, in whole seconds (truncated).
func WithExpiresIn(d time.Duration) Option { return WithExpiresInSeconds(int64(d / time.Second)) }

// WithExpiresInSeconds makes sign operations add iat and exp = iat + s.
func WithExpiresInSeconds(s int64) Option {
	return func(o *options) { o.c.expires_in = C.int64_t(s); o.c.flags |= C.OO_OPT_EXPIRES_IN }
}

// WithMaxTokenLen sets the longest token accepted in bytes (0: the default, 33554432 = 32 MiB).
func WithMaxTokenLen(n uint64) Option { return func(o *options) { o.c.max_token_len = C.uint64_t(n) } }

// WithMaxJSONLen sets the longest JSON document accepted in bytes (0: the default, 67108864 = 64 MiB).
func WithMaxJSONLen(n uint64) Option { return func(o *options) { o.c.max_json_len = C.uint64_t(n) } }

// WithURLPathAndQuery makes VerifyDownload compare only the path and query of the two URLs (both
// still parsed and serialised as WHATWG URLs), for a service behind a reverse proxy or TLS
// terminator that sees another scheme, host or port than Docs was given.
func WithURLPathAndQuery() Option {
	return func(o *options) { o.c.flags |= C.OO_OPT_URL_PATH_QUERY }
}

// WithPrefix sets the exact prefix before the token in an Authorization value, for VerifyRequest and
// VerifyDownload (default "Bearer "; case and space significant).
func WithPrefix(p string) Option { return func(o *options) { o.prefix, o.hasPrefix = p, true } }

// call gathers the options of one call.
type call struct {
	o options
}

func (c *call) apply(opts []Option) C.OoOptions {
	if len(opts) == 0 {
		return C.OoOptions{}
	}
	for _, f := range opts {
		if f != nil {
			f(&c.o)
		}
	}
	// A non-zero struct_size tells the glue that options were given; the glue sets the real size.
	c.o.c.struct_size = 1
	return c.o.c
}

// emptyByte gives a non-NULL pointer for an optional input that is present but empty.
var emptyByte C.uint8_t

func strArg(s string) (*C.uint8_t, C.size_t) {
	if len(s) == 0 {
		return nil, 0
	}
	return (*C.uint8_t)(*(*unsafe.Pointer)(unsafe.Pointer(&s))), C.size_t(len(s))
}

func optStrArg(s string, present bool) (*C.uint8_t, C.size_t) {
	if !present {
		return nil, 0
	}
	if len(s) == 0 {
		return &emptyByte, 0
	}
	return strArg(s)
}

func bytesArg(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0])), C.size_t(len(b))
}

func (c *call) algArgs() (*C.uint8_t, C.size_t, *C.uint8_t, C.size_t) {
	a, al := optStrArg(c.o.alg, c.o.hasAlg)
	as, asl := optStrArg(c.o.algs, c.o.hasAlgs)
	return a, al, as, asl
}

func fail(rc C.int32_t, msg *C.char) error {
	m := C.GoString(msg)
	C.free(unsafe.Pointer(msg))
	code := Code(rc)
	return &Error{Code: code, Name: code.String(), Message: m}
}

// take copies a string the core returned and frees it.
func take(p *C.char) string {
	s := C.GoString(p)
	C.oo_free(p)
	return s
}

func takeBytes(p *C.char) []byte {
	b := C.GoBytes(unsafe.Pointer(p), C.int(C.strlen(p)))
	C.oo_free(p)
	return b
}

// jsonText gives the JSON text to hand to the core: []byte and json.RawMessage as they are, generic
// values (map[string]any, ...) through the fast path of fastjson.go, any other value through
// encoding/json (without HTML escaping).
func jsonText(v any) ([]byte, error) {
	switch t := v.(type) {
	case json.RawMessage:
		return t, nil
	case []byte:
		return t, nil
	case map[string]any:
		if b, ok := appendJSON(make([]byte, 0, 512), t); ok {
			return b, nil
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	out := bytes.TrimSuffix(b.Bytes(), []byte{'\n'})
	// encoding/json writes the escape \ufffd in place of invalid UTF-8, which would sign other text:
	// such a value is the contract's invalid_json, as the same bytes given as JSON text would be.
	// Only an output holding that escape can be one, so only then are the value's strings looked at.
	if bytes.Contains(out, replacementEscape) && invalidUTF8(reflect.ValueOf(v), 0) {
		return nil, &Error{Code: CodeInvalidJSON, Name: CodeInvalidJSON.String(),
			Message: "a string of the value is not UTF-8 (encoding/json would replace it with U+FFFD)"}
	}
	return out, nil
}

var replacementEscape = []byte(`\ufffd`)

// invalidUTF8 reports whether a string encoding/json would write from v (a value, a map key or an
// exported field, at any depth) is not valid UTF-8.
func invalidUTF8(v reflect.Value, depth int) bool {
	if depth > 10000 || !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.String:
		return !utf8.ValidString(v.String())
	case reflect.Interface, reflect.Pointer:
		return !v.IsNil() && invalidUTF8(v.Elem(), depth+1)
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if invalidUTF8(it.Key(), depth+1) || invalidUTF8(it.Value(), depth+1) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return false // base64 text
		}
		for i := 0; i < v.Len(); i++ {
			if invalidUTF8(v.Index(i), depth+1) {
				return true
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() && invalidUTF8(v.Field(i), depth+1) {
				return true
			}
		}
	}
	return false
}

// Sign signs payload (a struct, a map, or JSON text as json.RawMessage or []byte, which must be a JSON
// object) with secret and returns the compact token. Options: WithAlgorithm, WithExpiresIn, WithNow,
// WithMaxJSONLen.
func Sign(payload any, secret []byte, opts ...Option) (string, error) {
	text, err := jsonText(payload)
	if err != nil {
		return "", err
	}
	var c call
	o := c.apply(opts)
	p, pl := bytesArg(text)
	s, sl := bytesArg(secret)
	a, al, as, asl := c.algArgs()
	var out, msg *C.char
	if rc := C.oojwt_sign(p, pl, s, sl, o, a, al, as, asl, &out, &msg); rc != C.OO_OK {
		return "", fail(rc, msg)
	}
	return take(out), nil
}

// VerifyRaw verifies token with secret and returns the claims JSON exactly as the token carries
// them. Options: WithAlgorithms, WithLeeway, WithNow, WithMaxTokenLen.
func VerifyRaw(token string, secret []byte, opts ...Option) (json.RawMessage, error) {
	var c call
	o := c.apply(opts)
	t, tl := strArg(token)
	s, sl := bytesArg(secret)
	a, al, as, asl := c.algArgs()
	var out, msg *C.char
	if rc := C.oojwt_verify(t, tl, s, sl, o, a, al, as, asl, &out, &msg); rc != C.OO_OK {
		return nil, fail(rc, msg)
	}
	return takeBytes(out), nil
}

// Verify verifies token with secret and returns its claims decoded by encoding/json (numbers are
// float64). Options: WithAlgorithms, WithLeeway, WithNow, WithMaxTokenLen.
func Verify(token string, secret []byte, opts ...Option) (map[string]any, error) {
	raw, err := VerifyRaw(token, secret, opts...)
	if err != nil {
		return nil, err
	}
	return decodeMap(raw)
}

// VerifyInto verifies token with secret and decodes its claims into v with encoding/json.
func VerifyInto(token string, secret []byte, v any, opts ...Option) error {
	raw, err := VerifyRaw(token, secret, opts...)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}

func decodeMap(raw []byte) (map[string]any, error) { return decodeObject(raw) }

// DecodeUnverifiedRaw takes token apart WITHOUT verifying it and returns the header and claims JSON.
// For diagnostics only: never base a trust decision on it. Options: WithMaxTokenLen.
func DecodeUnverifiedRaw(token string, opts ...Option) (header, claims json.RawMessage, err error) {
	var c call
	o := c.apply(opts)
	t, tl := strArg(token)
	a, al, as, asl := c.algArgs()
	var h, cl, msg *C.char
	if rc := C.oojwt_decode_unverified(t, tl, o, a, al, as, asl, &h, &cl, &msg); rc != C.OO_OK {
		return nil, nil, fail(rc, msg)
	}
	return takeBytes(h), takeBytes(cl), nil
}

// DecodeUnverified is DecodeUnverifiedRaw with the header and claims decoded by encoding/json.
func DecodeUnverified(token string, opts ...Option) (header, claims map[string]any, err error) {
	hr, cr, err := DecodeUnverifiedRaw(token, opts...)
	if err != nil {
		return nil, nil, err
	}
	if header, err = decodeMap(hr); err != nil {
		return nil, nil, err
	}
	if claims, err = decodeMap(cr); err != nil {
		return nil, nil, err
	}
	return header, claims, nil
}

// SignRequest signs a request from the storage service to Docs (command service, conversion,
// document builder). body is a struct, a map or JSON text. With PlacementBody it returns the body
// JSON with a "token" member added; with PlacementHeader the bare token for
// "Authorization: Bearer <token>". Options: WithAlgorithm, WithExpiresIn (default 300 s), WithNow,
// WithMaxJSONLen.
func SignRequest(body any, secret []byte, placement Placement, opts ...Option) (string, error) {
	text, err := jsonText(body)
	if err != nil {
		return "", err
	}
	var c call
	o := c.apply(opts)
	b, bl := bytesArg(text)
	s, sl := bytesArg(secret)
	a, al, as, asl := c.algArgs()
	var out, msg *C.char
	rc := C.oojwt_sign_request(b, bl, s, sl, C.uint32_t(placement), o, a, al, as, asl, &out, &msg)
	if rc != C.OO_OK {
		return "", fail(rc, msg)
	}
	return take(out), nil
}

// HeaderValue is an HTTP header value that may be absent (the zero value, NoHeader).
type HeaderValue struct {
	Value   string
	Present bool
}

// NoHeader is an absent header.
var NoHeader = HeaderValue{}

// Header is a present header value (possibly empty).
func Header(value string) HeaderValue { return HeaderValue{Value: value, Present: true} }

// HeaderFrom gives the first value of header name in h (as net/http's Header.Values sees it), or
// NoHeader.
func HeaderFrom(h map[string][]string, name string) HeaderValue {
	if v := textproto.MIMEHeader(h).Values(name); len(v) > 0 {
		return Header(v[0])
	}
	return NoHeader
}

// VerifyRequestRaw verifies a request the way Docs does: a "token" member of the body first (no
// fallback), else the authorization value after the exact prefix, else ErrMissingToken. body nil or
// empty means no body. It returns the trusted parameters as JSON: the claims with the members of
// "payload", then of "query", set over them. Options: WithPrefix, WithAlgorithms, WithLeeway,
// WithNow, WithMaxTokenLen, WithMaxJSONLen.
func VerifyRequestRaw(secret, body []byte, authorization HeaderValue, opts ...Option) (json.RawMessage, error) {
	var c call
	o := c.apply(opts)
	s, sl := bytesArg(secret)
	b, bl := bytesArg(body)
	h, hl := optStrArg(authorization.Value, authorization.Present)
	p, pl := optStrArg(c.o.prefix, c.o.hasPrefix)
	a, al, as, asl := c.algArgs()
	var out, msg *C.char
	rc := C.oojwt_verify_request(s, sl, b, bl, h, hl, p, pl, o, a, al, as, asl, &out, &msg)
	if rc != C.OO_OK {
		return nil, fail(rc, msg)
	}
	return takeBytes(out), nil
}

// VerifyRequest is VerifyRequestRaw with the parameters decoded by encoding/json.
func VerifyRequest(secret, body []byte, authorization HeaderValue, opts ...Option) (map[string]any, error) {
	raw, err := VerifyRequestRaw(secret, body, authorization, opts...)
	if err != nil {
		return nil, err
	}
	return decodeMap(raw)
}

// VerifyRequestInto is VerifyRequestRaw with the parameters decoded into v (e.g. a callback struct).
func VerifyRequestInto(secret, body []byte, authorization HeaderValue, v any, opts ...Option) error {
	raw, err := VerifyRequestRaw(secret, body, authorization, opts...)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}

// SignConfig signs an editor config (a struct, a map or JSON text) and returns the config JSON with
// "token" added. Options: WithAlgorithm, WithExpiresIn (default none), WithNow, WithMaxJSONLen.
func SignConfig(config any, secret []byte, opts ...Option) (json.RawMessage, error) {
	text, err := jsonText(config)
	if err != nil {
		return nil, err
	}
	var c call
	o := c.apply(opts)
	cf, cfl := bytesArg(text)
	s, sl := bytesArg(secret)
	a, al, as, asl := c.algArgs()
	var out, msg *C.char
	if rc := C.oojwt_sign_config(cf, cfl, s, sl, o, a, al, as, asl, &out, &msg); rc != C.OO_OK {
		return nil, fail(rc, msg)
	}
	return takeBytes(out), nil
}

// SignEditorMethod signs the parameter object of a docEditor method ("insertImage", "setHistoryData",
// "setRequestedDocument", ...; a struct, a map or JSON text) with the browser (inbox) secret and
// returns the object JSON with "token" added, for docEditor.insertImage(signed) and the like. A member
// Docs reads from the token missing is ErrInvalidConfig naming the method and the member. Options:
// WithAlgorithm, WithExpiresIn (default none), WithNow, WithMaxJSONLen.
//
//	signed, err := oojwt.SignEditorMethod("setRevisedFile",
//		map[string]any{"fileType": "docx", "url": "https://storage/b.docx"}, browserSecret)
func SignEditorMethod(method string, params any, secret []byte, opts ...Option) (json.RawMessage, error) {
	text, err := jsonText(params)
	if err != nil {
		return nil, err
	}
	var c call
	o := c.apply(opts)
	m, ml := strArg(method)
	p, pl := bytesArg(text)
	s, sl := bytesArg(secret)
	a, al, as, asl := c.algArgs()
	var out, msg *C.char
	if rc := C.oojwt_sign_editor_method(m, ml, p, pl, s, sl, o, a, al, as, asl, &out, &msg); rc != C.OO_OK {
		return nil, fail(rc, msg)
	}
	return takeBytes(out), nil
}

// VerifyDownloadRaw verifies a download request from Docs: the authorization value after the prefix
// must be a valid token whose payload.url names url, the absolute URL of the request as Docs addressed
// it (ErrURLMismatch otherwise). Both are compared as WHATWG URLs without the fragment: whole, or only
// path and query with WithURLPathAndQuery. A url that does not parse is ErrInvalidArgument. It returns
// the claims JSON. Options: WithPrefix, WithAlgorithms, WithLeeway, WithNow, WithMaxTokenLen,
// WithURLPathAndQuery.
func VerifyDownloadRaw(authorization HeaderValue, url string, secret []byte, opts ...Option) (json.RawMessage, error) {
	var c call
	o := c.apply(opts)
	h, hl := optStrArg(authorization.Value, authorization.Present)
	u, ul := strArg(url)
	s, sl := bytesArg(secret)
	p, pl := optStrArg(c.o.prefix, c.o.hasPrefix)
	a, al, as, asl := c.algArgs()
	var out, msg *C.char
	rc := C.oojwt_verify_download(h, hl, u, ul, s, sl, p, pl, o, a, al, as, asl, &out, &msg)
	if rc != C.OO_OK {
		return nil, fail(rc, msg)
	}
	return takeBytes(out), nil
}

// VerifyDownload is VerifyDownloadRaw with the claims decoded by encoding/json.
func VerifyDownload(authorization HeaderValue, url string, secret []byte, opts ...Option) (map[string]any, error) {
	raw, err := VerifyDownloadRaw(authorization, url, secret, opts...)
	if err != nil {
		return nil, err
	}
	return decodeMap(raw)
}

// LoadConfigRaw reads an ONLYOFFICE Docs configuration: localPath (local.json) over defaultPath
// (default.json; "" means Docs' built-in defaults), then the Docker variables in env (JWT_SECRET,
// JWT_ENABLED, JWT_HEADER; nil means none: the process environment is never read). It returns the
// resolved settings JSON (shape in docs/semantics.md).
func LoadConfigRaw(localPath, defaultPath string, env map[string]string) (json.RawMessage, error) {
	var envText []byte
	if env != nil {
		var err error
		if envText, err = json.Marshal(env); err != nil {
			return nil, err
		}
	}
	l, ll := strArg(localPath)
	d, dl := optStrArg(defaultPath, defaultPath != "")
	e, el := bytesArg(envText)
	var out, msg *C.char
	if rc := C.oojwt_load_config(l, ll, d, dl, e, el, &out, &msg); rc != C.OO_OK {
		return nil, fail(rc, msg)
	}
	return takeBytes(out), nil
}

// Endpoint is one side's resolved settings in Settings.
type Endpoint struct {
	Enabled   bool    `json:"enabled"`
	Secret    *string `json:"secret"` // nil when the secret's bytes are not UTF-8
	SecretHex string  `json:"secret_hex"`
	Header    string  `json:"header,omitempty"`
	Prefix    string  `json:"prefix,omitempty"`
	Algorithm string  `json:"algorithm,omitempty"`  // outbox only
	ExpiresIn int64   `json:"expires_in,omitempty"` // outbox only, seconds
	// URLExclusion: Docs sends no token to a URL containing this text (outbox only; nil: none).
	URLExclusion *string `json:"url_exclusion,omitempty"`
	// Fingerprint is a short HMAC of the secret over a fixed label (never the secret); nil when empty.
	Fingerprint *string `json:"fingerprint"`
}

// Key is the secret's bytes, decoded from SecretHex (so a secret file that is not UTF-8 is kept
// whole).
func (e Endpoint) Key() ([]byte, error) { return hex.DecodeString(e.SecretHex) }

// Settings is what LoadConfig resolves: the inbox (requests to Docs), outbox (callbacks and downloads
// from Docs) and browser (editor config) settings, and Docs' clock tolerance in seconds.
type Settings struct {
	Inbox          Endpoint `json:"inbox"`
	Outbox         Endpoint `json:"outbox"`
	Browser        Endpoint `json:"browser"`
	ClockTolerance int64    `json:"clock_tolerance"`
	Algorithms     []string `json:"algorithms"` // what Docs accepts (token.verifyOptions.algorithms)
	Warnings       []string `json:"warnings"`   // shipped default secret, settings Docs ignores
}

// LoadConfig is LoadConfigRaw decoded into Settings.
func LoadConfig(localPath, defaultPath string, env map[string]string) (*Settings, error) {
	raw, err := LoadConfigRaw(localPath, defaultPath, env)
	if err != nil {
		return nil, err
	}
	var s Settings
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// VerifyRequestWithConfigRaw verifies a request with the settings LoadConfigRaw returned (that JSON,
// unchanged): direction "inbox" (requests to Docs) or "outbox" (callbacks from Docs) picks the
// secret and prefix; the clock tolerance and allow-list are the settings'. Options: WithNow,
// WithMaxTokenLen, WithMaxJSONLen. It returns the trusted parameters as VerifyRequestRaw does.
func VerifyRequestWithConfigRaw(settings json.RawMessage, direction string, body []byte, authorization HeaderValue, opts ...Option) (json.RawMessage, error) {
	var c call
	o := c.apply(opts)
	// Any other name reaches the core as a direction it refuses (ErrInvalidArgument).
	d := C.uint32_t(0xFFFFFFFF)
	switch direction {
	case "inbox":
		d = C.OO_DIRECTION_INBOX
	case "outbox":
		d = C.OO_DIRECTION_OUTBOX
	}
	b, bl := bytesArg(body)
	h, hl := optStrArg(authorization.Value, authorization.Present)
	st, stl := bytesArg(settings)
	var out, msg *C.char
	if rc := C.oojwt_verify_request_with_config(b, bl, h, hl, st, stl, d, o, &out, &msg); rc != C.OO_OK {
		return nil, fail(rc, msg)
	}
	return takeBytes(out), nil
}

// VerifyRequestWithConfig is VerifyRequestWithConfigRaw with the parameters decoded by encoding/json.
func VerifyRequestWithConfig(settings json.RawMessage, direction string, body []byte, authorization HeaderValue, opts ...Option) (map[string]any, error) {
	raw, err := VerifyRequestWithConfigRaw(settings, direction, body, authorization, opts...)
	if err != nil {
		return nil, err
	}
	return decodeMap(raw)
}

// VerifyDownloadWithConfigRaw verifies a file download by Docs with the settings LoadConfigRaw
// returned (that JSON, unchanged): the outbox secret, prefix, clock tolerance and allow-list are the
// settings'. Options: WithNow, WithMaxTokenLen, WithURLPathAndQuery. Otherwise as VerifyDownloadRaw.
// A token is always required (ErrMissingToken), even for a URL Docs downloads without one: ask
// DownloadTokenExpected first.
func VerifyDownloadWithConfigRaw(settings json.RawMessage, authorization HeaderValue, url string, opts ...Option) (json.RawMessage, error) {
	var c call
	o := c.apply(opts)
	h, hl := optStrArg(authorization.Value, authorization.Present)
	u, ul := strArg(url)
	st, stl := bytesArg(settings)
	var out, msg *C.char
	if rc := C.oojwt_verify_download_with_config(h, hl, u, ul, st, stl, o, &out, &msg); rc != C.OO_OK {
		return nil, fail(rc, msg)
	}
	return takeBytes(out), nil
}

// VerifyDownloadWithConfig is VerifyDownloadWithConfigRaw with the claims decoded by encoding/json.
func VerifyDownloadWithConfig(settings json.RawMessage, authorization HeaderValue, url string, opts ...Option) (map[string]any, error) {
	raw, err := VerifyDownloadWithConfigRaw(settings, authorization, url, opts...)
	if err != nil {
		return nil, err
	}
	return decodeMap(raw)
}

// DownloadTokenExpected reports whether Docs sends a token when it downloads url, with the settings
// LoadConfigRaw returned: outbox tokens enabled and url not containing
// token.outbox.urlExclusionRegex (plain text). Pass url exactly as given to Docs (document.url, ...),
// not the request URL as received.
func DownloadTokenExpected(settings json.RawMessage, url string) (bool, error) {
	u, ul := strArg(url)
	st, stl := bytesArg(settings)
	var expected C.uint8_t
	var msg *C.char
	if rc := C.oojwt_download_token_expected(u, ul, st, stl, &expected, &msg); rc != C.OO_OK {
		return false, fail(rc, msg)
	}
	return expected == 1, nil
}

// selftestPanic calls oo_selftest_panic (the core panics on purpose and must answer CodeInternal).
func selftestPanic() error {
	var msg *C.char
	if rc := C.oojwt_selftest_panic(&msg); rc != C.OO_OK {
		return fail(rc, msg)
	}
	return nil
}
