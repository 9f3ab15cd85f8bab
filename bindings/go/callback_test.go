package oojwt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The Docs local.json shared by every wrapper's handler test (distinct inbox and outbox secrets).
var integrationConfig = filepath.Join("..", "..", "tests", "fixtures", "integration", "local.json")

// fixture gives the settings LoadConfig reads from the integration local.json and its outbox secret.
func fixture(t *testing.T) (json.RawMessage, []byte) {
	t.Helper()
	settings, err := LoadConfig(integrationConfig)
	mustNil(t, err)
	var s Settings
	mustNil(t, json.Unmarshal(settings, &s))
	key, err := s.Outbox.Key()
	mustNil(t, err)
	if string(key) != "it-outbox-secret-0123456789abcdef" {
		t.Fatalf("fixture outbox secret: %q", key)
	}
	return settings, key
}

// signedCallback is a callback as Docs sends it: fields with a body token, and the header token
// over {"payload": fields}.
func signedCallback(t *testing.T, fields map[string]any, secret []byte) ([]byte, HeaderValue) {
	t.Helper()
	body, err := SignRequest(fields, secret, WithNowUnix(testNow), WithExpiresInSeconds(300))
	mustNil(t, err)
	header, err := SignRequest(fields, secret, WithNowUnix(testNow), WithExpiresInSeconds(300), WithPlacement(PlacementHeader))
	mustNil(t, err)
	return []byte(body), Header("Bearer " + header)
}

func TestHandleCallback(t *testing.T) {
	track(t)
	settings, secret := fixture(t)
	now := WithNowUnix(testNow + 10)
	full := map[string]any{"key": "k1", "status": 6, "url": "http://s/k1.docx", "changesurl": "http://s/k1.zip",
		"history": map[string]any{"serverVersion": "8.0", "changes": []any{map[string]any{"created": "x"}}},
		"users":   []string{"u1", "u2"}, "actions": []map[string]any{{"type": 2, "userid": "u1"}},
		"forcesavetype": 1, "userdata": "ud", "filetype": "docx", "lastsave": "2026-01-01T10:00:00.000Z"}
	body, auth := signedCallback(t, full, secret)

	for name, a := range map[string]HeaderValue{"body and header": auth, "body token only": NoHeader} {
		cb, err := HandleCallback(body, a, settings, now)
		mustNil(t, err)
		if cb.Key != "k1" || cb.Status != StatusForceSave || cb.Status.String() != "ForceSave" ||
			*cb.URL != "http://s/k1.docx" || *cb.ChangesURL != "http://s/k1.zip" || *cb.FileType != "docx" ||
			*cb.UserData != "ud" || *cb.ForceSaveType != ForceSaveButton || len(cb.Users) != 2 ||
			len(cb.Actions) != 1 || cb.Actions[0] != (Action{Type: 2, UserID: "u1"}) ||
			!strings.Contains(string(cb.History), `"serverVersion":"8.0"`) ||
			paramOf(t, cb, "lastsave") != "2026-01-01T10:00:00.000Z" || paramOf(t, cb, "exp") != float64(testNow+300) {
			t.Fatalf("%s: %+v", name, cb)
		}
	}

	// The header token alone (no body token): Docs' header form, {"payload": fields}.
	cb, err := HandleCallback([]byte(`{"key":"k1","status":6}`), auth, settings, now)
	mustNil(t, err)
	if cb.Status != StatusForceSave || cb.URL == nil || *cb.URL != "http://s/k1.docx" {
		t.Fatalf("header token: %+v", cb)
	}

	// Absent members are nil; a status Docs may add later is kept.
	body, _ = signedCallback(t, map[string]any{"key": "k2", "status": 9}, secret)
	cb, err = HandleCallback(body, NoHeader, settings, now)
	mustNil(t, err)
	if cb.Status != 9 || cb.Status.String() != "CallbackStatus(9)" || cb.URL != nil || cb.ChangesURL != nil ||
		cb.History != nil || cb.Users != nil || cb.Actions != nil || cb.ForceSaveType != nil ||
		cb.FileType != nil || cb.UserData != nil {
		t.Fatalf("absent members: %+v", cb)
	}
	for s, name := range map[CallbackStatus]string{StatusEditing: "Editing", StatusReadyForSaving: "ReadyForSaving",
		StatusSaveError: "SaveError", StatusClosedNoChanges: "ClosedNoChanges", StatusForceSaveError: "ForceSaveError"} {
		if s.String() != name {
			t.Fatalf("%d: %s", int(s), s)
		}
	}

	// Unsigned members beside the body token are not read: the token's values are.
	var doc map[string]any
	signed, _ := signedCallback(t, map[string]any{"key": "k3", "status": 2, "url": "http://s/good"}, secret)
	mustNil(t, json.Unmarshal(signed, &doc))
	doc["url"], doc["status"], doc["userdata"] = "http://evil/x", 4, "forged"
	tampered, _ := json.Marshal(doc)
	cb, err = HandleCallback(tampered, NoHeader, settings, now)
	mustNil(t, err)
	if *cb.URL != "http://s/good" || cb.Status != StatusReadyForSaving || cb.UserData != nil {
		t.Fatalf("unsigned members were read: %+v", cb)
	}
}

func TestHandleCallbackRefusals(t *testing.T) {
	track(t)
	settings, secret := fixture(t)
	now := WithNowUnix(testNow + 10)
	ok := map[string]any{"key": "k", "status": 2, "url": "http://s/k.docx"}
	good, _ := signedCallback(t, ok, secret)
	wrong, wrongAuth := signedCallback(t, ok, []byte("another-outbox-secret-0123456789"))
	inbox, _ := signedCallback(t, ok, []byte("it-inbox-secret-0123456789abcdef"))
	noKey, _ := signedCallback(t, map[string]any{"status": 2}, secret)
	emptyKey, _ := signedCallback(t, map[string]any{"key": "", "status": 2}, secret)
	noStatus, _ := signedCallback(t, map[string]any{"key": "k"}, secret)
	textStatus, _ := signedCallback(t, map[string]any{"key": "k", "status": "2"}, secret)
	badUsers, _ := signedCallback(t, map[string]any{"key": "k", "status": 1, "users": "u1"}, secret)

	cases := []struct {
		name   string
		body   []byte
		auth   HeaderValue
		opts   []Option
		want   *Error
		status int
	}{
		{"another secret", wrong, NoHeader, nil, ErrBadSignature, 403},
		{"another secret, header only", nil, wrongAuth, nil, ErrBadSignature, 403},
		{"the inbox secret", inbox, NoHeader, nil, ErrBadSignature, 403},
		{"expired", good, NoHeader, []Option{WithNowUnix(testNow + 3600)}, ErrExpired, 403},
		{"no token", []byte(`{"key":"k","status":2}`), NoHeader, nil, ErrMissingToken, 403},
		{"no body, no header", nil, NoHeader, nil, ErrMissingToken, 403},
		{"header without the prefix", nil, Header(strings.TrimPrefix(wrongAuth.Value, "Bearer ")), nil, ErrMissingToken, 403},
		{"a token that is not a JWT", []byte(`{"token":"abc"}`), NoHeader, nil, ErrMalformed, 403},
		{"over the size limit", good, NoHeader, []Option{WithMaxJSONLen(10)}, ErrTooLarge, 403},
		{"not JSON", []byte(`key=k&status=2`), NoHeader, nil, ErrInvalidJSON, 400},
		{"no key", noKey, NoHeader, nil, ErrInvalidJSON, 400},
		{"an empty key", emptyKey, NoHeader, nil, ErrInvalidJSON, 400},
		{"no status", noStatus, NoHeader, nil, ErrInvalidJSON, 400},
		{"status as text", textStatus, NoHeader, nil, ErrInvalidJSON, 400},
		{"users not a list", badUsers, NoHeader, nil, ErrInvalidJSON, 400},
	}
	for _, c := range cases {
		_, err := HandleCallback(c.body, c.auth, settings, append([]Option{now}, c.opts...)...)
		if !errors.Is(err, c.want) {
			t.Fatalf("%s: want %s, got %v", c.name, c.want.Name, err)
		}
		if status, body := CallbackResponse(err); status != c.status || string(body) != `{"error":1}` {
			t.Fatalf("%s: answer %d %s", c.name, status, body)
		}
	}
	// Settings the core cannot read are the service's fault: 500.
	_, err := HandleCallback(good, NoHeader, json.RawMessage(`{"outbox":1}`), now)
	if status, _ := CallbackResponse(err); err == nil || status != 500 {
		t.Fatalf("bad settings: %v, %d", err, status)
	}
}

func TestCallbackResponse(t *testing.T) {
	track(t)
	_, bad := Verify("a.b.c", testSecret)
	cases := []struct {
		err    error
		status int
		body   string
	}{
		{nil, 200, `{"error":0}`},
		{bad, 403, `{"error":1}`},
		{newError(CodeExpired, "x"), 403, `{"error":1}`},
		{newError(CodeInvalidJSON, "x"), 400, `{"error":1}`},
		{newError(CodeInvalidConfig, "x"), 500, `{"error":1}`},
		{newError(CodeEmptySecret, "x"), 500, `{"error":1}`},
		{errors.New("disk full"), 500, `{"error":1}`},
		{fmt.Errorf("save: %w", bad), 500, `{"error":1}`}, // the integrator's own error wrapping one of ours
	}
	for _, c := range cases {
		if status, body := CallbackResponse(c.err); status != c.status || string(body) != c.body {
			t.Fatalf("%v: %d %s", c.err, status, body)
		}
	}
}

func TestCheckDownload(t *testing.T) {
	track(t)
	settings, secret := fixture(t)
	const url = "http://storage.example/files/doc.docx?v=1"
	tok, err := Sign(map[string]any{"payload": map[string]any{"url": url}}, secret, WithNowUnix(testNow))
	mustNil(t, err)
	now := WithNowUnix(testNow + 10)
	mustNil(t, CheckDownload(Header("Bearer "+tok), url, settings, now))
	wantErr(t, CheckDownload(NoHeader, url, settings, now), ErrMissingToken)
	wantErr(t, CheckDownload(Header("Bearer "+tok), "http://storage.example/files/other.docx", settings, now), ErrURLMismatch)
	mustNil(t, CheckDownload(Header("Bearer "+tok), "http://proxy.internal:8080/files/doc.docx?v=1", settings, now, WithURLPathAndQuery()))
	other, err := Sign(map[string]any{"payload": map[string]any{"url": url}}, []byte("it-inbox-secret-0123456789abcdef"))
	mustNil(t, err)
	wantErr(t, CheckDownload(Header("Bearer "+other), url, settings, now), ErrBadSignature)

	// No token is expected where Docs sends none: outbox tokens off, or an excluded URL.
	dir := t.TempDir()
	for name, outbox := range map[string]string{
		"off":      `"token": {"enable": {"request": {"outbox": false}}}`,
		"excluded": `"token": {"enable": {"request": {"outbox": true}}, "outbox": {"urlExclusionRegex": "/public/"}}`,
	} {
		path := filepath.Join(dir, name+".json")
		mustNil(t, os.WriteFile(path, []byte(`{"services": {"CoAuthoring": {"secret": {"outbox": {"string": "s-0123456789abcdef0123456789"}}, `+outbox+`}}}`), 0o600))
		s, err := LoadConfig(path)
		mustNil(t, err)
		target := "http://storage.example/public/doc.docx"
		mustNil(t, CheckDownload(NoHeader, target, s))
		if name == "excluded" {
			wantErr(t, CheckDownload(NoHeader, url, s), ErrMissingToken)
		}
	}
}

// storage is a storage service on a real net/http server on loopback: CallbackHandler at /callback,
// DownloadHandler serving a small file at /files/doc.docx, both with settings from LoadConfig.
type storage struct {
	base   string
	mu     sync.Mutex
	seen   []Callback
	served int
}

func startStorage(t *testing.T, settings json.RawMessage) *storage {
	t.Helper()
	s := new(storage)
	fetch := &http.Client{Timeout: 60 * time.Second}
	save := func(ctx context.Context, cb Callback) error {
		if cb.Status == StatusReadyForSaving || cb.Status == StatusForceSave {
			// What a storage does: fetch the document at url before answering.
			req, err := http.NewRequestWithContext(ctx, "GET", *cb.URL, nil)
			if err != nil {
				return err
			}
			resp, err := fetch.Do(req)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			if _, err := io.Copy(io.Discard, resp.Body); err != nil || resp.StatusCode != 200 {
				return fmt.Errorf("fetching the document: %v %d", err, resp.StatusCode)
			}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.seen = append(s.seen, cb)
		return nil
	}
	file := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.served++
		s.mu.Unlock()
		_, _ = w.Write([]byte("PK\x03\x04 a small document"))
	})
	mux := http.NewServeMux()
	mux.Handle("/callback", CallbackHandler(settings, save))
	mux.Handle("/files/doc.docx", DownloadHandler(settings, file))
	// The listener accepts connections from here on, before Serve runs: no readiness wait is needed.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	mustNil(t, err)
	srv := &http.Server{Handler: mux}
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close(); <-done })
	s.base = "http://" + ln.Addr().String()
	return s
}

type simReport struct {
	Steps []struct {
		Step   int    `json:"step"`
		Name   string `json:"name"`
		OK     bool   `json:"ok"`
		Detail string `json:"detail"`
	} `json:"steps"`
	Passed int `json:"passed"`
	Failed int `json:"failed"`
}

// session runs `oo-jwt docs-sim session --json` against s, bounded by timeout(1).
func session(t *testing.T, s *storage, key string) (simReport, int) {
	t.Helper()
	cli := os.Getenv("OO_JWT_CLI") // the Makefile's; else the repository's release build
	if cli == "" {
		cli = filepath.Join("..", "..", "target", "release", "oo-jwt")
	}
	cmd := exec.Command("timeout", "-s", "KILL", "120", cli, "docs-sim", "session", "--config", integrationConfig,
		"--callback-url", s.base+"/callback", "--file-url", s.base+"/files/doc.docx", "--key", key, "--json")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	code := 0
	if e := new(exec.ExitError); errors.As(err, &e) {
		code = e.ExitCode()
	} else {
		mustNil(t, err)
	}
	var r simReport
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("docs-sim session (exit %d): %v\n%s\n%s", code, err, out, stderr.String())
	}
	if len(r.Steps) != r.Passed+r.Failed {
		t.Fatalf("report: %d steps, %d passed, %d failed", len(r.Steps), r.Passed, r.Failed)
	}
	return r, code
}

func TestCallbackHandlerDocsSim(t *testing.T) {
	track(t)
	settings, _ := fixture(t)
	s := startStorage(t, settings)
	r, code := session(t, s, "go-e2e")
	for _, st := range r.Steps {
		if !st.OK {
			t.Errorf("step %d FAIL %s: %s", st.Step, st.Name, st.Detail)
		}
	}
	if code != 0 || r.Failed != 0 || r.Passed < 14 {
		t.Fatalf("docs-sim session: exit %d, %d passed, %d failed", code, r.Passed, r.Failed)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	statuses := map[CallbackStatus]bool{}
	byKey := map[string][]Callback{}
	for _, cb := range s.seen {
		statuses[cb.Status] = true
		byKey[cb.Key] = append(byKey[cb.Key], cb)
	}
	for _, want := range []CallbackStatus{StatusEditing, StatusReadyForSaving, StatusSaveError, StatusClosedNoChanges, StatusForceSave, StatusForceSaveError} {
		if !statuses[want] {
			t.Errorf("no callback with status %s", want)
		}
	}
	counts := map[string]int{}
	for k, cbs := range byKey {
		counts[k] = len(cbs)
	}
	want := map[string]int{"go-e2e": 5, "go-e2e-nochange": 2, "go-e2e-error": 3, "go-e2e-long": 1} // never go-e2e-forged
	if fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Fatalf("callbacks received by key: %v, want %v", counts, want)
	}
	if s.served != 1 {
		t.Fatalf("the file was served %d times (once to Docs' token, never without one)", s.served)
	}
	force := byKey["go-e2e"][2]
	if force.Status != StatusForceSave || force.ForceSaveType == nil || *force.ForceSaveType != ForceSaveButton ||
		force.UserData == nil || *force.UserData != "docs-sim-userdata" || force.FileType == nil || *force.FileType != "docx" {
		t.Fatalf("force save callback: %+v", force)
	}
	// Docs cut the header token of the long history (no changesurl, history {}): the handler read
	// the body token, which holds both.
	long := byKey["go-e2e-long"]
	var history struct {
		Changes []json.RawMessage `json:"changes"`
	}
	if len(long) != 1 || long[0].Status != StatusReadyForSaving || long[0].ChangesURL == nil ||
		json.Unmarshal(long[0].History, &history) != nil || len(history.Changes) != 120 {
		t.Fatalf("long-history callback: %+v", long)
	}
}

func TestCallbackHandlerDocsSimWrongSecret(t *testing.T) {
	track(t)
	// The same server, loaded with another outbox secret: every signed request must be refused.
	var cfg map[string]any
	text, err := os.ReadFile(integrationConfig)
	mustNil(t, err)
	mustNil(t, json.Unmarshal(text, &cfg))
	secrets := cfg["services"].(map[string]any)["CoAuthoring"].(map[string]any)["secret"].(map[string]any)
	secrets["outbox"] = map[string]any{"string": "another-outbox-secret-0123456789ab"}
	text, err = json.Marshal(cfg)
	mustNil(t, err)
	path := filepath.Join(t.TempDir(), "local.json")
	mustNil(t, os.WriteFile(path, text, 0o600))
	settings, err := LoadConfig(path)
	mustNil(t, err)
	s := startStorage(t, settings)
	r, code := session(t, s, "go-e2e-neg")
	if code == 0 || r.Failed < 12 {
		t.Fatalf("docs-sim session against the wrong secret: exit %d, %d passed, %d failed", code, r.Passed, r.Failed)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.seen) != 0 || s.served != 0 {
		t.Fatalf("with the wrong secret: %d callbacks taken, file served %d times", len(s.seen), s.served)
	}
}

// serve runs h on a real net/http server on a loopback port until the test ends.
func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	mustNil(t, err)
	srv := &http.Server{Handler: h}
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close(); <-done })
	return "http://" + ln.Addr().String()
}

func post(t *testing.T, url string, body []byte, header, value string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(string(body)))
	mustNil(t, err)
	if header != "" {
		req.Header.Set(header, value)
	}
	resp, err := http.DefaultClient.Do(req)
	mustNil(t, err)
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	mustNil(t, err)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type %q", ct)
	}
	return resp.StatusCode, string(answer)
}

func TestCallbackHandlerAnswers(t *testing.T) {
	track(t)
	// Docs configured with another outbox header name: the handlers read that header.
	var cfg map[string]any
	text, err := os.ReadFile(integrationConfig)
	mustNil(t, err)
	mustNil(t, json.Unmarshal(text, &cfg))
	cfg["services"].(map[string]any)["CoAuthoring"].(map[string]any)["token"].(map[string]any)["outbox"] =
		map[string]any{"header": "AuthorizationJwt"}
	text, err = json.Marshal(cfg)
	mustNil(t, err)
	path := filepath.Join(t.TempDir(), "local.json")
	mustNil(t, os.WriteFile(path, text, 0o600))
	settings, err := LoadConfig(path)
	mustNil(t, err)
	_, secret := fixture(t)

	fail := errors.New("disk full")
	var mu sync.Mutex // the server's goroutines write, the test reads
	var got []Callback
	onCallback := func(_ context.Context, cb Callback) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, cb)
		if cb.Key == "fails" {
			return fail
		}
		return nil
	}
	now := WithNowUnix(testNow + 10)
	mux := http.NewServeMux()
	mux.Handle("/callback", CallbackHandler(settings, onCallback, now, WithMaxJSONLen(4096)))
	mux.Handle("/nil", CallbackHandler(settings, nil, now))
	file := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("the file")) })
	mux.Handle("/files/doc.docx", DownloadHandler(settings, file, now, WithURLPathAndQuery()))
	mux.Handle("/exact/doc.docx", DownloadHandler(settings, file, now))
	base := serve(t, mux)

	body, auth := signedCallback(t, map[string]any{"key": "k", "status": 1}, secret)
	_, headerOnly := signedCallback(t, map[string]any{"key": "h", "status": 4}, secret)
	failing, _ := signedCallback(t, map[string]any{"key": "fails", "status": 2, "url": "http://s/x"}, secret)
	big, _ := signedCallback(t, map[string]any{"key": "big", "status": 1, "userdata": strings.Repeat("x", 5000)}, secret)
	cases := []struct {
		name, path    string
		body          []byte
		header, value string
		status        int
		answer        string
	}{
		{"body token", "/callback", body, "", "", 200, `{"error":0}`},
		{"header token in Docs' header", "/callback", nil, "AuthorizationJwt", headerOnly.Value, 200, `{"error":0}`},
		{"header token in another header", "/callback", nil, "Authorization", headerOnly.Value, 403, `{"error":1}`},
		{"onCallback fails", "/callback", failing, "", "", 500, `{"error":1}`},
		{"not JSON", "/callback", []byte("status=2"), "", "", 400, `{"error":1}`},
		{"over WithMaxJSONLen", "/callback", big, "", "", 403, `{"error":1}`},
		{"no function", "/nil", body, "AuthorizationJwt", auth.Value, 200, `{"error":0}`},
	}
	for _, c := range cases {
		if status, answer := post(t, base+c.path, c.body, c.header, c.value); status != c.status || answer != c.answer {
			t.Fatalf("%s: %d %s", c.name, status, answer)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 3 || got[0].Key != "k" || got[1].Key != "h" || got[2].Key != "fails" {
		t.Fatalf("callbacks: %+v", got)
	}

	// Downloads: the token names the URL Docs was given, here another host than the loopback one.
	const public = "http://public.example/files/doc.docx"
	tok, err := Sign(map[string]any{"payload": map[string]any{"url": public}}, secret, WithNowUnix(testNow))
	mustNil(t, err)
	get := func(path, header, value string) (int, string) {
		req, err := http.NewRequest("GET", base+path, nil)
		mustNil(t, err)
		if header != "" {
			req.Header.Set(header, value)
		}
		resp, err := http.DefaultClient.Do(req)
		mustNil(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		mustNil(t, err)
		return resp.StatusCode, string(b)
	}
	if status, b := get("/files/doc.docx", "AuthorizationJwt", "Bearer "+tok); status != 200 || b != "the file" {
		t.Fatalf("path and query: %d %s", status, b)
	}
	for name, c := range map[string][3]string{
		"no token":            {"/files/doc.docx", "", ""},
		"another header":      {"/files/doc.docx", "Authorization", "Bearer " + tok},
		"another host, exact": {"/exact/doc.docx", "AuthorizationJwt", "Bearer " + tok},
		"a callback's token":  {"/files/doc.docx", "AuthorizationJwt", headerOnly.Value},
	} {
		if status, b := get(c[0], c[1], c[2]); status != 403 || strings.Contains(b, "the file") {
			t.Fatalf("%s: %d %s", name, status, b)
		}
	}
}

// paramOf decodes a callback's Params and returns one member.
func paramOf(t *testing.T, cb Callback, name string) any {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal(cb.Params, &p); err != nil {
		t.Fatalf("Params: %v", err)
	}
	return p[name]
}
