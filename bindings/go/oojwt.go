// Package oojwt is a thin cgo wrapper over the oo-jwt core (include/oo_jwt.h): JWT signing and
// verification for ONLYOFFICE Docs integrations. Every decision (parsing, algorithms, signatures,
// claim checks, limits, defaults) is made by the Rust core; this package converts Go values to the C
// ABI, copies and frees the returned strings, and turns status codes into *Error values. JSON results
// come back as json.RawMessage, to decode with encoding/json.
//
// Every operation takes what it is about first, then the secret (or the settings), then options:
//
//	tok, err := oojwt.Sign(map[string]any{"key": "k"}, secret, oojwt.WithExpiresIn(5*time.Minute))
//	claims, err := oojwt.Verify(tok, secret, oojwt.WithAlgorithms(oojwt.HS256))
//
// By default the Rust static library is linked in, so a program is one self-contained binary; build
// with -tags oojwt_shared to link liboo_jwt.so instead. See README.md.
package oojwt

/*
#cgo CFLAGS: -I${SRCDIR}/lib/include
#include "oo_jwt.h"
*/
import "C"

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"net/textproto"
	"reflect"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	// The header's directory, imported so that `go mod vendor` keeps it.
	_ "github.com/oo-jwt/oo-jwt-go/lib/include"
)

// Code is a status code of the C ABI (its OO_* values, read by cgo from include/oo_jwt.h).
//
//	if e := new(oojwt.Error); errors.As(err, &e) && e.Code == oojwt.CodeExpired { ... }
type Code int32

// The status codes of include/oo_jwt.h; they are never renumbered.
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

// String is the core's name of the code (oo_status_name), e.g. "bad_signature".
//
//	oojwt.CodeExpired.String() // "expired"
func (c Code) String() string { return C.GoString(C.oo_status_name(C.int32_t(c))) }

// Error is every failure the core reports: the status code, its name, and the core's message.
// Compare with errors.Is against the sentinels (ErrBadSignature, ...), which match on Code.
//
//	if errors.Is(err, oojwt.ErrExpired) { ... }
type Error struct {
	Code    Code   // the status code, e.g. 6
	Name    string // the core's name of the code, e.g. "bad_signature"
	Message string // the core's detail message (empty for the sentinels)
}

// Error gives "oojwt: <name> (<code>): <message>".
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

func newError(c Code, msg string) *Error { return &Error{Code: c, Name: c.String(), Message: msg} }

// Sentinels for errors.Is, one per status code of the header.
var (
	ErrInvalidArgument = newError(CodeInvalidArgument, "")
	ErrInvalidJSON     = newError(CodeInvalidJSON, "")
	ErrEmptySecret     = newError(CodeEmptySecret, "")
	ErrMalformed       = newError(CodeMalformed, "")
	ErrUnsupportedAlg  = newError(CodeUnsupportedAlg, "")
	ErrBadSignature    = newError(CodeBadSignature, "")
	ErrExpired         = newError(CodeExpired, "")
	ErrNotYetValid     = newError(CodeNotYetValid, "")
	ErrTooLarge        = newError(CodeTooLarge, "")
	ErrMissingToken    = newError(CodeMissingToken, "")
	ErrInvalidConfig   = newError(CodeInvalidConfig, "")
	ErrURLMismatch     = newError(CodeURLMismatch, "")
	ErrInternal        = newError(CodeInternal, "")
)

// Version is the core library's version (oo_version), e.g. "1.0.0".
func Version() string { return C.GoString(C.oo_version()) }

// ABIVersion is the C ABI version of the linked library (oo_abi_version): major << 16 | minor.
//
//	major := oojwt.ABIVersion() >> 16 // 1
func ABIVersion() uint32 { return uint32(C.oo_abi_version()) }

// Alg is an HMAC algorithm as the header's bit value; WithAlgorithms takes several.
type Alg uint32

// The algorithms of include/oo_jwt.h (OO_HS256, ...).
const (
	HS256 Alg = C.OO_HS256
	HS384 Alg = C.OO_HS384
	HS512 Alg = C.OO_HS512
)

// Placement says where SignRequest puts the token (WithPlacement).
type Placement uint32

const (
	// PlacementBody: the body JSON with a "token" member added, signed over the body's fields.
	PlacementBody Placement = C.OO_PLACEMENT_BODY
	// PlacementHeader: the bare token for "Authorization: Bearer <token>", over {"payload": body}.
	PlacementHeader Placement = C.OO_PLACEMENT_HEADER
)

// Direction says which settings VerifyRequestWithConfig uses.
type Direction uint32

const (
	// DirectionInbox: a request to Docs (command service, conversion, document builder).
	DirectionInbox Direction = C.OO_DIRECTION_INBOX
	// DirectionOutbox: a request from Docs (callback, download).
	DirectionOutbox Direction = C.OO_DIRECTION_OUTBOX
)

// Option sets one optional argument; each operation reads the ones that concern it and an option
// not given reaches the core as not given (its default is the core's). Values are passed through
// unchecked: the core judges them.
//
//	oojwt.Verify(tok, secret, oojwt.WithLeeway(5*time.Second), oojwt.WithAlgorithms(oojwt.HS256, oojwt.HS512))
type Option func(*options)

type options struct {
	c         C.OoOptions // numbers only: Go memory C may read
	prefix    HeaderValue // optional text, like a header
	placement Placement
	env       []byte
	defPath   string
}

// WithAlgorithm sets the algorithm to sign with.
func WithAlgorithm(a Alg) Option { return func(o *options) { o.c.algorithm = C.uint32_t(a) } }

// WithAlgorithms sets the allow-list for verifying. An empty list allows nothing: the verify
// operations refuse it with ErrInvalidArgument (leave the option out for the core's default).
func WithAlgorithms(algs ...Alg) Option {
	return func(o *options) {
		for _, a := range algs {
			o.c.algorithms |= C.uint32_t(a)
		}
		if o.c.algorithms == 0 { // 0 is "not given" (every algorithm): a bit the core refuses instead
			o.c.algorithms = 1 << 31
		}
	}
}

// WithNow fixes the current time (whole Unix seconds) instead of the real clock.
func WithNow(t time.Time) Option { return WithNowUnix(t.Unix()) }

// WithNowUnix fixes the current time as Unix seconds instead of the real clock.
func WithNowUnix(s int64) Option {
	return func(o *options) { o.c.now, o.c.flags = C.int64_t(s), o.c.flags|C.OO_OPT_NOW }
}

// WithLeeway sets the tolerance on exp and nbf, in whole seconds (truncated).
func WithLeeway(d time.Duration) Option { return WithLeewaySeconds(int64(d / time.Second)) }

// WithLeewaySeconds sets the tolerance on exp and nbf in seconds.
func WithLeewaySeconds(s int64) Option {
	return func(o *options) { o.c.leeway, o.c.flags = C.int64_t(s), o.c.flags|C.OO_OPT_LEEWAY }
}

// WithExpiresIn makes a sign operation add iat and exp = iat + d, in whole seconds (truncated).
func WithExpiresIn(d time.Duration) Option { return WithExpiresInSeconds(int64(d / time.Second)) }

// WithExpiresInSeconds makes a sign operation add iat and exp = iat + s.
func WithExpiresInSeconds(s int64) Option {
	return func(o *options) { o.c.expires_in, o.c.flags = C.int64_t(s), o.c.flags|C.OO_OPT_EXPIRES_IN }
}

// WithMaxTokenLen sets the longest token accepted, in bytes.
func WithMaxTokenLen(n uint64) Option { return func(o *options) { o.c.max_token_len = C.uint64_t(n) } }

// WithMaxJSONLen sets the longest JSON document accepted, in bytes.
func WithMaxJSONLen(n uint64) Option { return func(o *options) { o.c.max_json_len = C.uint64_t(n) } }

// WithURLPathAndQuery makes the download checks compare only the path and query of the two URLs
// (both still parsed as WHATWG URLs), for a service behind a reverse proxy or TLS terminator.
func WithURLPathAndQuery() Option {
	return func(o *options) { o.c.flags |= C.OO_OPT_URL_PATH_QUERY }
}

// WithPrefix sets the exact text before the token in an authorization value (VerifyRequest,
// VerifyDownload); case and spaces count.
func WithPrefix(p string) Option { return func(o *options) { o.prefix = Header(p) } }

// WithPlacement says where SignRequest puts the token (PlacementBody when not given).
func WithPlacement(p Placement) Option { return func(o *options) { o.placement = p } }

// WithDefaultPath gives LoadConfig Docs' default.json to read under the local file.
func WithDefaultPath(path string) Option { return func(o *options) { o.defPath = path } }

// WithEnv gives LoadConfig the Docker variables (JWT_SECRET, JWT_ENABLED, JWT_HEADER); an empty map
// is a container with none set. Without it there are none: the process environment is never read.
func WithEnv(env map[string]string) Option {
	return func(o *options) {
		if env == nil {
			env = map[string]string{}
		}
		o.env, _ = json.Marshal(env) // a map of strings always marshals
	}
}

var none options

// collect applies opts; the C options are NULL when none is given.
func collect(opts []Option) (*options, *C.OoOptions) {
	if len(opts) == 0 {
		return &none, nil
	}
	o := new(options)
	for _, f := range opts {
		if f != nil {
			f(o)
		}
	}
	o.c.struct_size = C.uint32_t(C.sizeof_OoOptions)
	return o, &o.c
}

// HeaderValue is an HTTP header value that may be absent (the zero value, NoHeader).
type HeaderValue struct {
	Value   string
	Present bool
}

// NoHeader is an absent header.
var NoHeader = HeaderValue{}

// Header is a present header value (possibly empty).
//
//	oojwt.Header("Bearer " + tok)
func Header(value string) HeaderValue { return HeaderValue{Value: value, Present: true} }

// HeaderFrom gives the first value of header name in h (a net/http Header), or NoHeader.
//
//	oojwt.HeaderFrom(r.Header, "Authorization")
func HeaderFrom(h map[string][]string, name string) HeaderValue {
	if v := textproto.MIMEHeader(h).Values(name); len(v) > 0 {
		return Header(v[0])
	}
	return NoHeader
}

// Inputs are (pointer, length) pairs into Go memory, which holds no Go pointers and is only borrowed
// for the call; an empty input is NULL unless it must read as present (optional text).
var emptyByte C.uint8_t

func bp(b []byte) *C.uint8_t {
	if len(b) == 0 {
		return nil
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0]))
}

func sp(s string) *C.uint8_t {
	if len(s) == 0 {
		return nil
	}
	return (*C.uint8_t)(*(*unsafe.Pointer)(unsafe.Pointer(&s)))
}

func bn(b []byte) C.size_t { return C.size_t(len(b)) }
func sn(s string) C.size_t { return C.size_t(len(s)) }

// ptr and n give optional text: NULL when absent, a non-NULL pointer when present but empty.
func (h HeaderValue) ptr() *C.uint8_t {
	if !h.Present {
		return nil
	} else if h.Value == "" {
		return &emptyByte
	}
	return sp(h.Value)
}

func (h HeaderValue) n() C.size_t {
	if !h.Present {
		return 0
	}
	return sn(h.Value)
}

// out receives one call's results and error message (one allocation for all of them).
type out struct{ a, b, msg *C.char }

func (r *out) err(rc C.OoStatus) error {
	if Code(rc) == CodeOK {
		return nil
	}
	return newError(Code(rc), takeString(r.msg))
}

func (r *out) str(rc C.OoStatus) (string, error) {
	if err := r.err(rc); err != nil {
		return "", err
	}
	return takeString(r.a), nil
}

func (r *out) raw(rc C.OoStatus) (json.RawMessage, error) {
	if err := r.err(rc); err != nil {
		return nil, err
	}
	return take(r.a), nil
}

// take and takeString copy a string the core returned (NULL gives nil or "") and free it.
func take(p *C.char) []byte {
	if p == nil {
		return nil
	}
	b := C.GoBytes(unsafe.Pointer(p), C.int(cLen(p)))
	C.oo_free(p)
	return b
}

// cLen is strlen(p) without a cgo call, as the runtime measures C.GoString's argument: a byte search
// within one 4 KiB-aligned block at a time, so that no read reaches a page the string does not.
func cLen(p *C.char) int {
	n := 0
	for {
		q := unsafe.Add(unsafe.Pointer(p), n)
		block := 4096 - int(uintptr(q)%4096)
		if i := bytes.IndexByte(unsafe.Slice((*byte)(q), block), 0); i >= 0 {
			return n + i
		}
		n += block
	}
}

func takeString(p *C.char) string {
	s := C.GoString(p)
	C.oo_free(p)
	return s
}

// encoder is encoding/json's Encoder (without HTML escaping) with the buffer it writes to, pooled:
// the text is only borrowed by the core for one call, so the buffer serves the next value after it.
type encoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var encoders = sync.Pool{New: func() any {
	e := new(encoder)
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}}

// done returns e to the pool (nil: nothing to return), unless a huge value grew its buffer.
func (e *encoder) done() {
	if e != nil && e.buf.Cap() <= 64<<10 {
		encoders.Put(e)
	}
}

// jsonText gives the JSON text to hand to the core: []byte and json.RawMessage as they are, any
// other value through encoding/json (without HTML escaping) into a pooled buffer, valid until
// e.done().
func jsonText(v any) (text []byte, e *encoder, err error) {
	switch t := v.(type) {
	case json.RawMessage:
		return t, nil, nil
	case []byte:
		return t, nil, nil
	}
	e = encoders.Get().(*encoder)
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		e.done()
		return nil, nil, err
	}
	b := e.buf.Bytes()
	// encoding/json writes the escape \ufffd in place of invalid UTF-8, which would sign other text:
	// such a value is invalid_json, as the same bytes given as JSON text would be. Only an output
	// holding that escape can be one, so only then are the value's strings looked at.
	if bytes.Contains(b, []byte(`\ufffd`)) && invalidUTF8(reflect.ValueOf(v), 0) {
		e.done()
		return nil, nil, newError(CodeInvalidJSON, "a string of the value is not UTF-8 (encoding/json would replace it with U+FFFD)")
	}
	return b[:len(b)-1], e, nil // Encode ends the text with a newline
}

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
		for it := v.MapRange(); it.Next(); {
			if invalidUTF8(it.Key(), depth+1) || invalidUTF8(it.Value(), depth+1) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len() && v.Type().Elem().Kind() != reflect.Uint8; i++ { // bytes: base64
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

// Sign signs payload (a struct, a map, or JSON text as json.RawMessage or []byte, which must be a
// JSON object) with secret and returns the compact token. Options: WithAlgorithm, WithExpiresIn,
// WithNow, WithMaxJSONLen.
//
//	tok, err := oojwt.Sign(json.RawMessage(`{"key":"k","status":2}`), secret)
func Sign(payload any, secret []byte, opts ...Option) (string, error) {
	text, e, err := jsonText(payload)
	defer e.done()
	if err != nil {
		return "", err
	}
	_, o := collect(opts)
	r := new(out)
	return r.str(C.oo_sign(bp(text), bn(text), bp(secret), bn(secret), o, &r.a, &r.msg))
}

// Verify verifies token with secret and returns the claims JSON exactly as the token carries them.
// Options: WithAlgorithms, WithLeeway, WithNow, WithMaxTokenLen.
//
//	claims, err := oojwt.Verify(tok, secret)
//	var cb Callback
//	err = json.Unmarshal(claims, &cb)
func Verify(token string, secret []byte, opts ...Option) (json.RawMessage, error) {
	_, o := collect(opts)
	r := new(out)
	return r.raw(C.oo_verify(sp(token), sn(token), bp(secret), bn(secret), o, &r.a, &r.msg))
}

// DecodeUnverified takes token apart WITHOUT verifying it and returns the header and claims JSON.
// For diagnostics only: never base a trust decision on it. Options: WithMaxTokenLen.
//
//	header, claims, err := oojwt.DecodeUnverified(tok)
func DecodeUnverified(token string, opts ...Option) (header, claims json.RawMessage, err error) {
	_, o := collect(opts)
	r := new(out)
	if err := r.err(C.oo_decode_unverified(sp(token), sn(token), o, &r.a, &r.b, &r.msg)); err != nil {
		return nil, nil, err
	}
	return take(r.a), take(r.b), nil
}

// SignRequest signs a request from the storage service to Docs (command service, conversion,
// document builder); body is a struct, a map or JSON text. It returns the body JSON with a "token"
// member added, or with WithPlacement(PlacementHeader) the bare token for
// "Authorization: Bearer <token>". Options: WithPlacement, WithAlgorithm, WithExpiresIn, WithNow,
// WithMaxJSONLen.
//
//	bearer, err := oojwt.SignRequest(map[string]any{"c": "info", "key": k}, secret, oojwt.WithPlacement(oojwt.PlacementHeader))
func SignRequest(body any, secret []byte, opts ...Option) (string, error) {
	text, e, err := jsonText(body)
	defer e.done()
	if err != nil {
		return "", err
	}
	g, o := collect(opts)
	r := new(out)
	return r.str(C.oo_sign_request(bp(text), bn(text), bp(secret), bn(secret), C.uint32_t(g.placement), o, &r.a, &r.msg))
}

// VerifyRequest verifies a request the way Docs does: a "token" member of the body first (no
// fallback), else the authorization value after the exact prefix, else ErrMissingToken. body nil or
// empty means no body. It returns the trusted parameters as JSON: the claims with the members of
// "payload", then of "query", set over them. Options: WithPrefix, WithAlgorithms, WithLeeway,
// WithNow, WithMaxTokenLen, WithMaxJSONLen.
//
//	params, err := oojwt.VerifyRequest(body, oojwt.HeaderFrom(r.Header, "Authorization"), secret)
func VerifyRequest(body []byte, authorization HeaderValue, secret []byte, opts ...Option) (json.RawMessage, error) {
	g, o := collect(opts)
	r, h := new(out), authorization
	return r.raw(C.oo_verify_request(bp(body), bn(body), h.ptr(), h.n(), bp(secret), bn(secret), g.prefix.ptr(), g.prefix.n(),
		o, &r.a, &r.msg))
}

// SignConfig signs an editor config (a struct, a map or JSON text) and returns the config JSON with
// "token" added. Options: WithAlgorithm, WithExpiresIn, WithNow, WithMaxJSONLen.
//
//	signed, err := oojwt.SignConfig(editorConfig, browserSecret)
func SignConfig(config any, secret []byte, opts ...Option) (json.RawMessage, error) {
	text, e, err := jsonText(config)
	defer e.done()
	if err != nil {
		return nil, err
	}
	_, o := collect(opts)
	r := new(out)
	return r.raw(C.oo_sign_config(bp(text), bn(text), bp(secret), bn(secret), o, &r.a, &r.msg))
}

// SignEditorMethod signs the parameter object of a docEditor method ("insertImage", "setHistoryData",
// "setRequestedDocument", ...; a struct, a map or JSON text) with the browser secret and returns the
// object JSON with "token" added. A member Docs reads from the token missing is ErrInvalidConfig
// naming the method and the member. Options: WithAlgorithm, WithExpiresIn, WithNow, WithMaxJSONLen.
//
//	signed, err := oojwt.SignEditorMethod("setRevisedFile",
//		map[string]any{"fileType": "docx", "url": "https://storage/b.docx"}, browserSecret)
func SignEditorMethod(method string, params any, secret []byte, opts ...Option) (json.RawMessage, error) {
	text, e, err := jsonText(params)
	defer e.done()
	if err != nil {
		return nil, err
	}
	_, o := collect(opts)
	r := new(out)
	return r.raw(C.oo_sign_editor_method(sp(method), sn(method), bp(text), bn(text), bp(secret), bn(secret), o, &r.a, &r.msg))
}

// VerifyDownload verifies a download request from Docs: the authorization value after the prefix
// must be a valid token whose payload.url names url, the absolute URL of the request as Docs
// addressed it (ErrURLMismatch otherwise; a url that does not parse is ErrInvalidArgument). It
// returns the claims JSON. Options: WithPrefix, WithURLPathAndQuery, WithAlgorithms, WithLeeway,
// WithNow, WithMaxTokenLen.
//
//	claims, err := oojwt.VerifyDownload(oojwt.HeaderFrom(r.Header, "Authorization"), requestedURL, secret)
func VerifyDownload(authorization HeaderValue, url string, secret []byte, opts ...Option) (json.RawMessage, error) {
	g, o := collect(opts)
	r, h := new(out), authorization
	return r.raw(C.oo_verify_download(h.ptr(), h.n(), sp(url), sn(url), bp(secret), bn(secret), g.prefix.ptr(), g.prefix.n(),
		o, &r.a, &r.msg))
}

// LoadConfig reads an ONLYOFFICE Docs configuration: localPath (local.json) over the default file
// (WithDefaultPath; Docs' built-in defaults when not given), then the Docker variables (WithEnv). It
// returns the resolved settings JSON (shape in docs/semantics.md; decode it into Settings to read
// it), which the ...WithConfig operations take unchanged.
//
//	settings, err := oojwt.LoadConfig("/etc/onlyoffice/documentserver/local.json",
//		oojwt.WithEnv(map[string]string{"JWT_SECRET": s}))
func LoadConfig(localPath string, opts ...Option) (json.RawMessage, error) {
	g, _ := collect(opts)
	r := new(out)
	return r.raw(C.oo_load_config(sp(localPath), sn(localPath), sp(g.defPath), sn(g.defPath), bp(g.env), bn(g.env), &r.a, &r.msg))
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
//
//	key, err := s.Outbox.Key()
func (e Endpoint) Key() ([]byte, error) { return hex.DecodeString(e.SecretHex) }

// Settings is LoadConfig's JSON decoded: the inbox (requests to Docs), outbox (callbacks and
// downloads from Docs) and browser (editor config) settings, and Docs' clock tolerance in seconds.
//
//	var s oojwt.Settings
//	err := json.Unmarshal(settingsJSON, &s)
type Settings struct {
	Inbox          Endpoint `json:"inbox"`
	Outbox         Endpoint `json:"outbox"`
	Browser        Endpoint `json:"browser"`
	ClockTolerance int64    `json:"clock_tolerance"`
	Algorithms     []string `json:"algorithms"` // what Docs accepts (token.verifyOptions.algorithms)
	Warnings       []string `json:"warnings"`   // shipped default secret, settings Docs ignores
}

// VerifyRequestWithConfig verifies a request with the settings LoadConfig returned (that JSON,
// unchanged): direction picks the secret and prefix; the clock tolerance and allow-list are the
// settings'. It returns the trusted parameters as VerifyRequest does. Options: WithNow,
// WithMaxTokenLen, WithMaxJSONLen.
//
//	params, err := oojwt.VerifyRequestWithConfig(body, oojwt.HeaderFrom(r.Header, "Authorization"), settings, oojwt.DirectionOutbox)
func VerifyRequestWithConfig(body []byte, authorization HeaderValue, settings json.RawMessage, direction Direction, opts ...Option) (json.RawMessage, error) {
	_, o := collect(opts)
	r, h := new(out), authorization
	return r.raw(C.oo_verify_request_with_config(bp(body), bn(body), h.ptr(), h.n(),
		bp(settings), bn(settings), C.uint32_t(direction), o, &r.a, &r.msg))
}

// VerifyDownloadWithConfig verifies a file download by Docs with the settings LoadConfig returned:
// the outbox secret, prefix, clock tolerance and allow-list are the settings'. Otherwise as
// VerifyDownload. A token is always required (ErrMissingToken), even for a URL Docs downloads
// without one: ask DownloadTokenExpected first. Options: WithURLPathAndQuery, WithNow,
// WithMaxTokenLen.
//
//	claims, err := oojwt.VerifyDownloadWithConfig(oojwt.HeaderFrom(r.Header, "Authorization"), requestedURL, settings)
func VerifyDownloadWithConfig(authorization HeaderValue, url string, settings json.RawMessage, opts ...Option) (json.RawMessage, error) {
	_, o := collect(opts)
	r, h := new(out), authorization
	return r.raw(C.oo_verify_download_with_config(h.ptr(), h.n(), sp(url), sn(url),
		bp(settings), bn(settings), o, &r.a, &r.msg))
}

// DownloadTokenExpected reports whether Docs sends a token when it downloads url, with the settings
// LoadConfig returned: outbox tokens enabled and url not containing token.outbox.urlExclusionRegex
// (plain text). Pass url exactly as given to Docs (document.url, ...), not the request URL as
// received.
//
//	expected, err := oojwt.DownloadTokenExpected(documentURL, settings)
func DownloadTokenExpected(url string, settings json.RawMessage) (bool, error) {
	r, expected := new(out), new(C.uint8_t)
	err := r.err(C.oo_download_token_expected(sp(url), sn(url), bp(settings), bn(settings), expected, &r.msg))
	return err == nil && *expected == 1, err
}
