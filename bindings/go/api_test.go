package oojwt

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

var testSecret = []byte("api-test-secret-0123456789abcdef")

const testNow = 1700000000

type callback struct {
	Key     string   `json:"key"`
	Status  int      `json:"status"`
	URL     string   `json:"url,omitempty"`
	Users   []string `json:"users"`
	Actions []struct {
		Type   int    `json:"type"`
		UserID string `json:"userid"`
	} `json:"actions"`
	Iat int64 `json:"iat,omitempty"`
	Exp int64 `json:"exp,omitempty"`
}

func mustNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// asMap decodes a JSON result into a map, failing the test on an error: asMap(t)(Verify(...)).
func asMap(t *testing.T) func(json.RawMessage, error) map[string]any {
	return func(raw json.RawMessage, err error) map[string]any {
		t.Helper()
		mustNil(t, err)
		var m map[string]any
		mustNil(t, json.Unmarshal(raw, &m))
		return m
	}
}

func wantErr(t *testing.T, err error, sentinel *Error) *Error {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("want %s, got %v", sentinel.Name, err)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("not an *Error: %v", err)
	}
	return e
}

func TestErrorType(t *testing.T) {
	track(t)
	_, err := Verify("a.b.c", testSecret)
	e := wantErr(t, err, ErrMalformed)
	if e.Code != CodeMalformed || e.Name != "malformed" || e.Message == "" {
		t.Fatalf("error fields: %#v", e)
	}
	if got := e.Error(); !strings.HasPrefix(got, "oojwt: malformed (4): ") || !strings.Contains(got, e.Message) {
		t.Fatalf("Error() = %q", got)
	}
	if errors.Is(err, ErrBadSignature) {
		t.Fatal("malformed matched ErrBadSignature")
	}
	wrapped := errors.New("wrapped: " + err.Error())
	if errors.Is(wrapped, ErrMalformed) {
		t.Fatal("a plain error matched a sentinel")
	}
	if !errors.Is(fmt.Errorf("context: %w", err), ErrMalformed) {
		t.Fatal("wrapping lost the sentinel")
	}
	names := map[*Error]string{ErrInvalidArgument: "invalid_argument", ErrInvalidJSON: "invalid_json",
		ErrEmptySecret: "empty_secret", ErrMalformed: "malformed", ErrUnsupportedAlg: "unsupported_alg",
		ErrBadSignature: "bad_signature", ErrExpired: "expired", ErrNotYetValid: "not_yet_valid",
		ErrTooLarge: "too_large", ErrMissingToken: "missing_token", ErrInvalidConfig: "invalid_config",
		ErrURLMismatch: "url_mismatch", ErrInternal: "internal"}
	for s, n := range names {
		if s.Name != n || s.Code.String() != n {
			t.Errorf("sentinel %d: name %q, want %q", s.Code, s.Name, n)
		}
	}
	if CodeOK.String() != "ok" || Code(77).String() != "unknown" {
		t.Errorf("status names: %q %q", CodeOK.String(), Code(77).String())
	}
}

func TestVersionAndLinkage(t *testing.T) {
	track(t)
	if Version() == "" {
		t.Fatal("empty version")
	}
	maps, err := os.ReadFile("/proc/self/maps")
	mustNil(t, err)
	mapped := strings.Contains(string(maps), "liboo_jwt.so")
	if mapped != (Linkage == "shared") {
		t.Fatalf("linkage %s but liboo_jwt.so mapped = %v", Linkage, mapped)
	}
}

func TestSignPayloadKinds(t *testing.T) {
	track(t)
	var cb callback
	mustNil(t, json.Unmarshal([]byte(`{"key":"Khirz6zTPdfd7","status":2,"url":"https://ds/out.docx",
		"users":["6d5a81d0"],"actions":[{"type":0,"userid":"6d5a81d0"}]}`), &cb))
	raw := json.RawMessage(`{"key":"Khirz6zTPdfd7","status":2,"url":"https://ds/out.docx","users":["6d5a81d0"],"actions":[{"type":0,"userid":"6d5a81d0"}]}`)
	fromStruct, err := Sign(cb, testSecret)
	mustNil(t, err)
	fromRaw, err := Sign(raw, testSecret)
	mustNil(t, err)
	fromBytes, err := Sign([]byte(raw), testSecret)
	mustNil(t, err)
	if fromStruct != fromRaw || fromBytes != fromRaw {
		t.Fatalf("struct, RawMessage and []byte payloads gave different tokens:\n%s\n%s\n%s", fromStruct, fromRaw, fromBytes)
	}
	m := map[string]any{"b": 1, "a": "x<y&z"}
	tok, err := Sign(m, testSecret)
	mustNil(t, err)
	_, claims, err := DecodeUnverified(tok)
	mustNil(t, err)
	if string(claims) != `{"a":"x<y&z","b":1}` { // encoding/json sorts map keys; no HTML escaping
		t.Fatalf("map claims %s", claims)
	}
	if got := asMap(t)(Verify(tok, testSecret)); !reflect.DeepEqual(got, map[string]any{"a": "x<y&z", "b": float64(1)}) {
		t.Fatalf("Verify = %#v", got)
	}
	var back callback
	verified, err := Verify(fromStruct, testSecret)
	mustNil(t, err)
	mustNil(t, json.Unmarshal(verified, &back))
	if !reflect.DeepEqual(back, cb) {
		t.Fatalf("Verify into a struct = %#v", back)
	}
	// Values that are not JSON objects are the core's to refuse.
	for _, p := range []any{"text", 3, []int{1}, json.RawMessage(`{"a":1,"a":2}`), json.RawMessage(``), nil} {
		_, err := Sign(p, testSecret)
		wantErr(t, err, ErrInvalidJSON)
	}
	if _, err := Sign(make(chan int), testSecret); err == nil || errors.As(err, new(*Error)) {
		t.Fatalf("unencodable payload: %v", err)
	}
}

func TestOptions(t *testing.T) {
	track(t)
	p := json.RawMessage(`{"k":"v"}`)
	tok, err := Sign(p, testSecret, WithAlgorithm(HS512), WithExpiresIn(5*time.Minute), WithNow(time.Unix(testNow, 0)))
	mustNil(t, err)
	hr, cr, err := DecodeUnverified(tok)
	h, c := asMap(t)(hr, err), asMap(t)(cr, err)
	if h["alg"] != "HS512" || c["iat"] != float64(testNow) || c["exp"] != float64(testNow+300) {
		t.Fatalf("header %v claims %v", h, c)
	}
	_, err = Verify(tok, testSecret, WithAlgorithms(HS256, HS384), WithNowUnix(testNow))
	wantErr(t, err, ErrUnsupportedAlg)
	_, err = Verify(tok, testSecret, WithAlgorithms(HS512), WithNowUnix(testNow+360))
	wantErr(t, err, ErrExpired)
	_, err = Verify(tok, testSecret, WithNowUnix(testNow+400), WithLeeway(2*time.Minute))
	mustNil(t, err)
	_, err = Verify(tok, testSecret, WithNowUnix(testNow+400), WithLeewaySeconds(99))
	wantErr(t, err, ErrExpired)
	_, err = Verify(tok, []byte("other"), WithNowUnix(testNow))
	wantErr(t, err, ErrBadSignature)
	_, err = Verify(tok, nil)
	wantErr(t, err, ErrEmptySecret)
	_, err = Verify(tok, testSecret, WithMaxTokenLen(10))
	wantErr(t, err, ErrTooLarge)
	_, err = Sign(p, testSecret, WithMaxJSONLen(4))
	wantErr(t, err, ErrTooLarge)
	// Passed through unchecked: the core judges bits and ranges.
	for _, o := range []Option{WithAlgorithm(HS256 | HS384), WithAlgorithm(1 << 20)} {
		_, err = Sign(p, testSecret, o)
		wantErr(t, err, ErrUnsupportedAlg)
	}
	for _, o := range []Option{WithAlgorithms(HS512, 1<<20), WithLeewaySeconds(-1)} {
		_, err = Verify(tok, testSecret, o)
		wantErr(t, err, ErrInvalidArgument)
	}
	// Not given is the core's default: HS256 to sign, every algorithm in the allow-list.
	tok256, err := Sign(p, testSecret, WithAlgorithm(0))
	mustNil(t, err)
	plain, err := Sign(p, testSecret)
	mustNil(t, err)
	if tok256 != plain || !strings.HasPrefix(plain, "eyJhbGciOiJIUzI1NiIs") {
		t.Fatalf("default algorithm: %s, %s", tok256, plain)
	}
	_, err = Verify(tok, testSecret, WithNowUnix(testNow))
	mustNil(t, err)
	// An empty allow-list allows nothing, as in the other wrappers: refused, not read as "not given".
	for _, o := range []Option{WithAlgorithms(), WithAlgorithms(0)} {
		_, err = Verify(tok, testSecret, o, WithNowUnix(testNow))
		wantErr(t, err, ErrInvalidArgument)
		_, err = VerifyRequest([]byte(`{"token":"`+tok+`"}`), NoHeader, testSecret, o, WithNowUnix(testNow))
		wantErr(t, err, ErrInvalidArgument)
		_, err = VerifyDownload(Header("Bearer "+tok), "https://h/f", testSecret, o, WithNowUnix(testNow))
		wantErr(t, err, ErrInvalidArgument)
	}
	_, err = Sign(p, testSecret, WithExpiresInSeconds(-1))
	wantErr(t, err, ErrInvalidArgument)
	// A nil Option is ignored; an empty option list means every default.
	_, err = Sign(p, testSecret, nil)
	mustNil(t, err)
}

func TestSecretBytes(t *testing.T) {
	track(t)
	withNUL := []byte("ab\x00cd")
	tok, err := Sign(json.RawMessage(`{"a":1}`), withNUL)
	mustNil(t, err)
	_, err = Verify(tok, []byte("ab"))
	wantErr(t, err, ErrBadSignature)
	_, err = Verify(tok, withNUL)
	mustNil(t, err)
	_, err = Sign(json.RawMessage(`{"a":1}`), []byte{})
	wantErr(t, err, ErrEmptySecret)
	// A token with an embedded NUL reaches the core whole.
	_, err = Verify(tok+"\x00", withNUL)
	wantErr(t, err, ErrMalformed)
}

func TestRequests(t *testing.T) {
	track(t)
	cmd := map[string]any{"c": "info", "key": "Khirz6zTPdfd7"}
	body, err := SignRequest(cmd, testSecret, WithNowUnix(testNow))
	mustNil(t, err)
	same, err := SignRequest(cmd, testSecret, WithPlacement(PlacementBody), WithNowUnix(testNow))
	mustNil(t, err)
	params := asMap(t)(VerifyRequest([]byte(body), NoHeader, testSecret, WithNowUnix(testNow)))
	if same != body || params["c"] != "info" || params["exp"] != float64(testNow+300) {
		t.Fatalf("params %v", params)
	}
	tok, err := SignRequest(cmd, testSecret, WithPlacement(PlacementHeader), WithNowUnix(testNow), WithExpiresInSeconds(60))
	mustNil(t, err)
	h := http.Header{}
	h.Set("Authorization", "Bearer "+tok)
	var cb struct {
		C   string         `json:"c"`
		Key string         `json:"key"`
		P   map[string]any `json:"payload"`
		Exp int64          `json:"exp"`
	}
	raw, err := VerifyRequest(nil, HeaderFrom(h, "authorization"), testSecret, WithNowUnix(testNow))
	mustNil(t, err)
	mustNil(t, json.Unmarshal(raw, &cb))
	if cb.C != "info" || cb.Key != "Khirz6zTPdfd7" || cb.P["c"] != "info" || cb.Exp != testNow+60 {
		t.Fatalf("params %+v", cb)
	}
	// No token: absent header, a header with another prefix.
	_, err = VerifyRequest(nil, NoHeader, testSecret)
	wantErr(t, err, ErrMissingToken)
	_, err = VerifyRequest([]byte(`{"c":"info"}`), Header("Token "+tok), testSecret)
	wantErr(t, err, ErrMissingToken)
	_, err = VerifyRequest(nil, Header("Token "+tok), testSecret, WithPrefix("Token "), WithNowUnix(testNow))
	mustNil(t, err)
	// An empty prefix and a present but empty header: the empty token is the core's to judge.
	_, err = VerifyRequest(nil, Header(""), testSecret, WithPrefix(""))
	wantErr(t, err, ErrMalformed)
	// A value marked absent is absent, whatever text it holds.
	_, err = VerifyRequest(nil, HeaderValue{Value: "Bearer " + tok}, testSecret, WithNowUnix(testNow))
	wantErr(t, err, ErrMissingToken)
	_, err = VerifyDownload(HeaderValue{Value: "Bearer " + tok}, "https://storage/", testSecret)
	wantErr(t, err, ErrMissingToken)
	_, err = VerifyRequest(nil, NoHeader, testSecret, WithPrefix(""))
	wantErr(t, err, ErrMissingToken)
	if HeaderFrom(http.Header{}, "Authorization") != NoHeader {
		t.Fatal("HeaderFrom on an absent header")
	}
	_, err = SignRequest(json.RawMessage(`{"token":"x"}`), testSecret)
	wantErr(t, err, ErrInvalidArgument)
}

func TestSignEditorMethod(t *testing.T) {
	track(t)
	params := map[string]any{"changesUrl": "https://storage/diff.zip", "key": "k2", "url": "https://storage/v2.docx",
		"version": 2, "previous": map[string]any{"key": "k1", "url": "https://storage/v1.docx"}}
	signed, err := SignEditorMethod("setHistoryData", params, testSecret)
	mustNil(t, err)
	var withToken map[string]any
	mustNil(t, json.Unmarshal(signed, &withToken))
	claims := asMap(t)(Verify(withToken["token"].(string), testSecret))
	if claims["changesUrl"] != "https://storage/diff.zip" || claims["previous"].(map[string]any)["url"] != "https://storage/v1.docx" {
		t.Fatalf("history claims %v", claims)
	}
	_, err = Verify(withToken["token"].(string), []byte("another-secret"))
	wantErr(t, err, ErrBadSignature)
	delete(params, "previous")
	_, err = SignEditorMethod("setHistoryData", params, testSecret)
	e := wantErr(t, err, ErrInvalidConfig)
	if !strings.Contains(e.Message, "setHistoryData: previous") {
		t.Fatalf("message %q does not name setHistoryData and previous", e.Message)
	}
	_, err = SignEditorMethod("refreshFile", params, testSecret)
	wantErr(t, err, ErrInvalidConfig)
}

func TestConfigAndDownload(t *testing.T) {
	track(t)
	cfg := map[string]any{"document": map[string]any{"key": "k1", "url": "https://storage/doc.docx",
		"fileType": "docx"}, "documentType": "word", "editorConfig": map[string]any{"callbackUrl": "https://storage/cb"}}
	signed, err := SignConfig(cfg, testSecret)
	mustNil(t, err)
	var withToken map[string]any
	mustNil(t, json.Unmarshal(signed, &withToken))
	claims := asMap(t)(Verify(withToken["token"].(string), testSecret))
	if claims["documentType"] != "word" || claims["document"].(map[string]any)["key"] != "k1" {
		t.Fatalf("config claims %v", claims)
	}
	_, err = SignConfig(map[string]any{"document": map[string]any{"key": "k"}}, testSecret)
	e := wantErr(t, err, ErrInvalidConfig)
	if !strings.Contains(e.Message, "document.url") {
		t.Fatalf("message %q does not name document.url", e.Message)
	}

	url := "https://storage/download?id=1"
	tok, err := Sign(map[string]any{"payload": map[string]any{"url": url}}, testSecret)
	mustNil(t, err)
	got := asMap(t)(VerifyDownload(Header("Bearer "+tok), url, testSecret))
	if got["payload"].(map[string]any)["url"] != url {
		t.Fatalf("download claims %v", got)
	}
	_, err = VerifyDownload(Header("Bearer "+tok), url+"&x=2", testSecret)
	wantErr(t, err, ErrURLMismatch)
	_, err = VerifyDownload(NoHeader, url, testSecret)
	wantErr(t, err, ErrMissingToken)
	_, err = VerifyDownload(Header("JWT "+tok), url, testSecret, WithPrefix("JWT "))
	mustNil(t, err)
}

func TestLoadConfig(t *testing.T) {
	track(t)
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "outbox.key")
	mustNil(t, os.WriteFile(secretFile, []byte("\xff\x00raw\n"), 0o600))
	local := filepath.Join(dir, "local.json")
	mustNil(t, os.WriteFile(local, []byte(`{"services":{"CoAuthoring":{
		"secret":{"inbox":{"string":"in-secret"},"outbox":{"string":"","file":"`+secretFile+`"}},
		"token":{"enable":{"browser":true,"request":{"inbox":true,"outbox":true}},
		         "outbox":{"algorithm":"HS384","expires":"30m"}}}}}`), 0o644))
	settings := func(raw json.RawMessage, err error) *Settings {
		t.Helper()
		mustNil(t, err)
		var s Settings
		mustNil(t, json.Unmarshal(raw, &s))
		return &s
	}
	s := settings(LoadConfig(local))
	if !s.Inbox.Enabled || s.Inbox.Secret == nil || *s.Inbox.Secret != "in-secret" || s.Outbox.Algorithm != "HS384" ||
		s.Outbox.ExpiresIn != 1800 || s.Outbox.Secret != nil || s.ClockTolerance != 60 || s.Inbox.Prefix != "Bearer " {
		t.Fatalf("settings %+v", s)
	}
	key, err := s.Outbox.Key()
	mustNil(t, err)
	if string(key) != "\xff\x00raw\n" {
		t.Fatalf("outbox key %q", key)
	}
	// Env variables are passed explicitly; an empty map is a Docker container with none set.
	s = settings(LoadConfig(local, WithEnv(map[string]string{"JWT_SECRET": "env-secret", "JWT_ENABLED": "false"})))
	if *s.Inbox.Secret != "env-secret" || s.Inbox.Enabled {
		t.Fatalf("env settings %+v", s.Inbox)
	}
	// Without JWT_SECRET the image generates a random secret, which cannot be known here.
	_, err = LoadConfig(local, WithEnv(map[string]string{}))
	wantErr(t, err, ErrInvalidConfig)
	_, err = LoadConfig(local, WithEnv(nil))
	wantErr(t, err, ErrInvalidConfig)
	// A default.json given replaces Docs' built-in defaults: one without token.verifyOptions is
	// unusable, and one that does not exist is unreadable.
	def := filepath.Join(dir, "default.json")
	mustNil(t, os.WriteFile(def, []byte(`{"services":{"CoAuthoring":{"secret":{"browser":{"string":"def-browser"}}}}}`), 0o644))
	_, err = LoadConfig(local, WithDefaultPath(def))
	if e := wantErr(t, err, ErrInvalidConfig); !strings.Contains(e.Message, "verifyOptions") {
		t.Fatalf("message %q does not name verifyOptions", e.Message)
	}
	_, err = LoadConfig(local, WithDefaultPath(filepath.Join(dir, "nodefault.json")))
	if e := wantErr(t, err, ErrInvalidConfig); !strings.Contains(e.Message, "nodefault.json") {
		t.Fatalf("message %q does not name the default path", e.Message)
	}
	_, err = LoadConfig(filepath.Join(dir, "missing.json"))
	e := wantErr(t, err, ErrInvalidConfig)
	if !strings.Contains(e.Message, "missing.json") {
		t.Fatalf("message %q does not name the path", e.Message)
	}
}

// Go strings may hold any bytes. Text that is not UTF-8 (here the bytes a lone surrogate would
// have, ED A0 80) reaches the core as it is and gets the contract's error there; a string in a
// value to serialise, which encoding/json would silently write as U+FFFD (signing other text), is
// invalid_json. A secret is bytes, so such bytes are a secret like any other.
func TestTextThatIsNotUTF8GetsTheContractError(t *testing.T) {
	track(t)
	const bad = "\xed\xa0\x80"
	tok, err := Sign(map[string]any{}, testSecret)
	mustNil(t, err)
	type doc struct {
		Key string `json:"key"`
	}
	for i, c := range []struct {
		err  error
		want *Error
	}{
		{func() error { _, err := Sign(json.RawMessage(`{"a":"`+bad+`"}`), testSecret); return err }(), ErrInvalidJSON},
		{func() error { _, err := Sign(map[string]any{"a": bad}, testSecret); return err }(), ErrInvalidJSON},
		{func() error { _, err := Sign(map[string]any{bad: 1}, testSecret); return err }(), ErrInvalidJSON},
		{func() error { _, err := Sign(map[string]any{"a": []any{1, bad}}, testSecret); return err }(), ErrInvalidJSON},
		{func() error { _, err := Sign(doc{Key: bad}, testSecret); return err }(), ErrInvalidJSON},
		{func() error { _, err := Sign(&map[string]string{"a": bad}, testSecret); return err }(), ErrInvalidJSON},
		{func() error {
			_, err := SignConfig(map[string]any{"document": doc{Key: "k" + bad}}, testSecret)
			return err
		}(), ErrInvalidJSON},
		{func() error { _, err := SignRequest(map[string]any{"c": bad}, testSecret); return err }(), ErrInvalidJSON},
		{func() error { _, err := Verify(bad+tok, testSecret); return err }(), ErrMalformed},
		{func() error { _, _, err := DecodeUnverified(bad); return err }(), ErrMalformed},
		{func() error {
			_, err := VerifyDownload(Header("Bearer "+tok), "https://storage/"+bad, testSecret)
			return err
		}(), ErrInvalidArgument},
		{func() error { _, err := LoadConfig("/nonexistent/" + bad + "/local.json"); return err }(), ErrInvalidArgument},
	} {
		if !errors.Is(c.err, c.want) {
			t.Errorf("case %d: want %s, got %v", i, c.want.Name, c.err)
		}
	}
	// A genuine U+FFFD is text like any other; the same bytes as a secret sign and verify.
	_, err = Sign(map[string]any{"a": "\ufffd", "b": doc{Key: "\ufffd"}}, testSecret)
	mustNil(t, err)
	st, err := Sign(map[string]any{}, []byte(bad))
	mustNil(t, err)
	_, err = Verify(st, []byte(bad))
	mustNil(t, err)
	_, err = Verify(st, []byte("\ufffd"))
	wantErr(t, err, ErrBadSignature)
}

func TestVerifyRequestWithConfig(t *testing.T) {
	track(t)
	dir := t.TempDir()
	local := filepath.Join(dir, "local.json")
	mustNil(t, os.WriteFile(local, []byte(`{"services":{"CoAuthoring":{
		"secret":{"outbox":{"string":"out-secret"}},
		"token":{"outbox":{"prefix":"Token "},"verifyOptions":{"clockTolerance":5}}}}}`), 0o644))
	settings, err := LoadConfig(local)
	mustNil(t, err)
	const now = 1700000000
	token, err := SignRequest(map[string]any{"key": "k", "status": 2}, []byte("out-secret"), WithPlacement(PlacementHeader), WithNowUnix(now))
	mustNil(t, err)
	auth := HeaderValue{Value: "Token " + string(token), Present: true}
	params := asMap(t)(VerifyRequestWithConfig(nil, auth, settings, DirectionOutbox, WithNowUnix(now)))
	if params["status"] != float64(2) {
		t.Fatalf("params %v", params)
	}
	// The settings' 5 s tolerance applies, not the default 60.
	_, err = VerifyRequestWithConfig(nil, auth, settings, DirectionOutbox, WithNowUnix(now+305))
	wantErr(t, err, ErrExpired)
	_, err = VerifyRequestWithConfig(nil, HeaderValue{Value: "Bearer " + string(token), Present: true}, settings, DirectionInbox, WithNowUnix(now))
	wantErr(t, err, ErrBadSignature)
	_, err = VerifyRequestWithConfig(nil, auth, settings, Direction(7))
	wantErr(t, err, ErrInvalidArgument)
}

func TestVerifyDownloadWithConfigAndDownloadTokenExpected(t *testing.T) {
	track(t)
	dir := t.TempDir()
	local := filepath.Join(dir, "local.json")
	mustNil(t, os.WriteFile(local, []byte(`{"services":{"CoAuthoring":{
		"secret":{"outbox":{"string":"out-secret"}},
		"token":{"enable":{"request":{"outbox":true}},
		         "outbox":{"prefix":"Token ","urlExclusionRegex":"/public/"},
		         "verifyOptions":{"clockTolerance":5}}}}}`), 0o644))
	settings, err := LoadConfig(local)
	mustNil(t, err)
	const now = 1700000000
	const url = "https://storage.example/files/a.docx"
	token, err := Sign(map[string]any{"payload": map[string]any{"url": url}}, []byte("out-secret"), WithNowUnix(now), WithExpiresInSeconds(300))
	mustNil(t, err)
	auth := HeaderValue{Value: "Token " + token, Present: true}
	claims := asMap(t)(VerifyDownloadWithConfig(auth, url, settings, WithNowUnix(now)))
	if claims["payload"].(map[string]any)["url"] != url {
		t.Fatalf("claims %v", claims)
	}
	// The settings' 5 s tolerance applies, not the default 60.
	_, err = VerifyDownloadWithConfig(auth, url, settings, WithNowUnix(now+306))
	wantErr(t, err, ErrExpired)
	const proxied = "http://backend:8080/files/a.docx"
	_, err = VerifyDownloadWithConfig(auth, proxied, settings, WithNowUnix(now))
	wantErr(t, err, ErrURLMismatch)
	_, err = VerifyDownloadWithConfig(auth, proxied, settings, WithNowUnix(now), WithURLPathAndQuery())
	mustNil(t, err)
	_, err = VerifyDownloadWithConfig(HeaderValue{Value: "Bearer " + token, Present: true}, url, settings, WithNowUnix(now))
	wantErr(t, err, ErrMissingToken)
	const excluded = "https://storage.example/public/a.docx"
	_, err = VerifyDownloadWithConfig(HeaderValue{}, excluded, settings)
	wantErr(t, err, ErrMissingToken)
	if got, err := DownloadTokenExpected(url, settings); err != nil || !got {
		t.Fatalf("DownloadTokenExpected(%q) = %v, %v", url, got, err)
	}
	if got, err := DownloadTokenExpected(excluded, settings); err != nil || got {
		t.Fatalf("DownloadTokenExpected(%q) = %v, %v", excluded, got, err)
	}
	_, err = DownloadTokenExpected(url, json.RawMessage(`{}`))
	wantErr(t, err, ErrInvalidConfig)
}
