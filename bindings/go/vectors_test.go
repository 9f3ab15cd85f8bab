package oojwt

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Every test and subtest calls track(t); TestMain prints the plain "N passed, N failed" line.
var nPassed, nFailed atomic.Int64

func track(t testing.TB) {
	t.Cleanup(func() {
		if t.Failed() {
			nFailed.Add(1)
		} else {
			nPassed.Add(1)
		}
	})
}

// Per vector file counts, for `make conformance`.
var (
	confMu sync.Mutex
	conf   = map[string]*[2]int{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if os.Getenv("OO_JWT_CONFORMANCE") != "" {
		stems := make([]string, 0, len(conf))
		for s := range conf {
			stems = append(stems, s)
		}
		sort.Strings(stems)
		for _, s := range stems {
			fmt.Printf("CONFORMANCE go %s %d %d\n", s, conf[s][0], conf[s][1])
		}
	}
	fmt.Printf("%d passed, %d failed\n", nPassed.Load(), nFailed.Load())
	os.Exit(code)
}

type vcase struct {
	ID      string                     `json:"id"`
	Op      string                     `json:"op"`
	Comment string                     `json:"comment"`
	Input   map[string]json.RawMessage `json:"input"`
	Expect  map[string]json.RawMessage `json:"expect"`
	file    string
}

func vectorsDir() string {
	if d := os.Getenv("OO_JWT_VECTORS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "tests", "vectors")
}

var (
	vectorsOnce sync.Once
	vectors     []vcase
	vectorsErr  error
)

func loadVectors(t testing.TB) []vcase {
	vectorsOnce.Do(func() {
		files, err := filepath.Glob(filepath.Join(vectorsDir(), "*.json"))
		if err != nil {
			vectorsErr = err
			return
		}
		if len(files) == 0 {
			vectorsErr = fmt.Errorf("no vector files in %s", vectorsDir())
			return
		}
		sort.Strings(files)
		// manifest.json names every vector file with its SHA-256 and case count: an emptied,
		// deleted or added file fails here instead of running zero cases.
		var manifest struct {
			Files map[string]struct {
				Cases  int    `json:"cases"`
				SHA256 string `json:"sha256"`
			} `json:"files"`
		}
		mdata, err := os.ReadFile(filepath.Join(vectorsDir(), "manifest.json"))
		if err == nil {
			err = json.Unmarshal(mdata, &manifest)
		}
		if err != nil {
			vectorsErr = fmt.Errorf("manifest.json: %v", err)
			return
		}
		kept := files[:0]
		for _, f := range files {
			if filepath.Base(f) != "manifest.json" {
				kept = append(kept, f)
			}
		}
		files = kept
		if len(files) != len(manifest.Files) {
			vectorsErr = fmt.Errorf("%d vector files, manifest.json names %d", len(files), len(manifest.Files))
			return
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				vectorsErr = err
				return
			}
			var doc struct {
				Cases *[]vcase `json:"cases"`
			}
			if err := json.Unmarshal(data, &doc); err != nil {
				vectorsErr = fmt.Errorf("%s: %v", f, err)
				return
			}
			want, listed := manifest.Files[filepath.Base(f)]
			sum := sha256.Sum256(data)
			switch {
			case !listed:
				vectorsErr = fmt.Errorf("%s: not in manifest.json", f)
			case hex.EncodeToString(sum[:]) != want.SHA256:
				vectorsErr = fmt.Errorf("%s: SHA-256 differs from manifest.json", f)
			case doc.Cases == nil || len(*doc.Cases) == 0:
				vectorsErr = fmt.Errorf("%s: no cases", f)
			case len(*doc.Cases) != want.Cases:
				vectorsErr = fmt.Errorf("%s: %d cases, manifest.json says %d", f, len(*doc.Cases), want.Cases)
			}
			if vectorsErr != nil {
				return
			}
			stem := strings.TrimSuffix(filepath.Base(f), ".json")
			for _, c := range *doc.Cases {
				c.file = stem
				vectors = append(vectors, c)
			}
		}
	})
	if vectorsErr != nil {
		t.Fatalf("loading vectors: %v", vectorsErr)
	}
	return vectors
}

// TestVectors runs every case of every tests/vectors/*.json file, one subtest per case id.
func TestVectors(t *testing.T) {
	track(t)
	seen := map[string]bool{}
	for _, c := range loadVectors(t) {
		c := c
		if seen[c.ID] {
			t.Errorf("duplicate case id %s", c.ID)
		}
		seen[c.ID] = true
		t.Run(c.ID, func(t *testing.T) {
			track(t)
			t.Cleanup(func() {
				confMu.Lock()
				defer confMu.Unlock()
				if conf[c.file] == nil {
					conf[c.file] = &[2]int{}
				}
				if t.Failed() {
					conf[c.file][1]++
				} else {
					conf[c.file][0]++
				}
			})
			out, err := runCase(c, t.TempDir())
			if msg := checkCase(c, out, err); msg != "" {
				t.Errorf("case %s (%s): %s", c.ID, c.Op, msg)
			}
		})
	}
}

// result is what one case produced: the expectation keys it can be compared on.
type result map[string][]byte

func (c vcase) has(key string) bool {
	v, ok := c.Input[key]
	return ok && string(v) != "null"
}

func (c vcase) str(key string) string {
	var s string
	if raw, ok := c.Input[key]; ok {
		if err := json.Unmarshal(raw, &s); err != nil {
			panic(fmt.Sprintf("case %s: input %s is not a string: %s", c.ID, key, raw))
		}
	}
	return s
}

func (c vcase) int(key string) int64 {
	var n int64
	if err := json.Unmarshal(c.Input[key], &n); err != nil {
		panic(fmt.Sprintf("case %s: input %s is not an integer: %s", c.ID, key, c.Input[key]))
	}
	return n
}

func (c vcase) hexOrText(key string) []byte {
	if c.has(key + "_hex") {
		b, err := hex.DecodeString(c.str(key + "_hex"))
		if err != nil {
			panic(fmt.Sprintf("case %s: %s_hex: %v", c.ID, key, err))
		}
		return b
	}
	if c.has(key) {
		return []byte(c.str(key))
	}
	return nil
}

// algOf gives a vector's algorithm name as the header's bit; any other name (the vectors test
// refusals with "none", "hs256", "HS1024", ...) as a bit the header does not define, which the core
// refuses as it refused the name. An empty allow-list, which the vectors refuse, is that bit too (no
// bit at all means "not given" in ABI 1.0).
func algOf(name string) Alg {
	if a, ok := map[string]Alg{"HS256": HS256, "HS384": HS384, "HS512": HS512}[name]; ok {
		return a
	}
	return 1 << 30
}

func (c vcase) options() []Option {
	var o []Option
	if c.has("algorithm") {
		o = append(o, WithAlgorithm(algOf(c.str("algorithm"))))
	}
	if c.has("algorithms") {
		var names []string
		if err := json.Unmarshal(c.Input["algorithms"], &names); err != nil {
			panic(fmt.Sprintf("case %s: algorithms: %v", c.ID, err))
		}
		var algs []Alg
		for _, n := range names {
			algs = append(algs, algOf(n))
		}
		o = append(o, WithAlgorithms(algs...))
	}
	if c.has("leeway") {
		o = append(o, WithLeewaySeconds(c.int("leeway")))
	}
	if c.has("now") {
		o = append(o, WithNowUnix(c.int("now")))
	}
	if c.has("expires_in") {
		o = append(o, WithExpiresInSeconds(c.int("expires_in")))
	}
	if c.has("max_token_len") {
		o = append(o, WithMaxTokenLen(uint64(c.int("max_token_len"))))
	}
	if c.has("max_json_len") {
		o = append(o, WithMaxJSONLen(uint64(c.int("max_json_len"))))
	}
	if c.has("url_match") && c.str("url_match") == "path_and_query" {
		o = append(o, WithURLPathAndQuery())
	}
	if _, ok := c.Input["prefix"]; ok {
		o = append(o, WithPrefix(c.str("prefix")))
	}
	if p := c.str("placement"); p == "header" {
		o = append(o, WithPlacement(PlacementHeader))
	} else if p == "body" {
		o = append(o, WithPlacement(PlacementBody))
	}
	return o
}

func (c vcase) header(key string) HeaderValue {
	if c.has(key) {
		return Header(c.str(key))
	}
	return NoHeader
}

// runCase runs one case through the public API; dir is a fresh directory for load_config's files.
func runCase(c vcase, dir string) (result, error) {
	run, err := prepareCase(c, dir)
	if err != nil {
		return nil, err
	}
	return run()
}

// prepareCase decodes a case's inputs (and writes load_config's files into dir) once, and gives the
// call to make through the public API.
func prepareCase(c vcase, dir string) (func() (result, error), error) {
	secret := c.hexOrText("secret")
	if secret == nil {
		secret = []byte{}
	}
	opts := c.options()
	switch c.Op {
	case "sign":
		payload := json.RawMessage(c.str("payload"))
		return func() (result, error) {
			tok, err := Sign(payload, secret, opts...)
			return result{"token": []byte(tok)}, err
		}, nil
	case "verify":
		token := string(c.hexOrText("token"))
		return func() (result, error) {
			claims, err := Verify(token, secret, opts...)
			return result{"claims": claims}, err
		}, nil
	case "decode_unverified":
		token := string(c.hexOrText("token"))
		return func() (result, error) {
			h, cl, err := DecodeUnverified(token, opts...)
			return result{"header": h, "claims": cl}, err
		}, nil
	case "sign_request":
		p := c.str("placement")
		if p != "body" && p != "header" && p != "" {
			return nil, fmt.Errorf("unknown placement %q", p)
		}
		body := json.RawMessage(c.str("body"))
		return func() (result, error) {
			out, err := SignRequest(body, secret, opts...)
			if p == "header" {
				return result{"token": []byte(out)}, err
			}
			return result{"body": []byte(out)}, err
		}, nil
	case "verify_request":
		var body []byte
		if c.has("body") {
			body = []byte(c.str("body"))
		}
		auth := c.header("authorization")
		return func() (result, error) {
			params, err := VerifyRequest(body, auth, secret, opts...)
			return result{"params": params}, err
		}, nil
	case "sign_config":
		cfg := json.RawMessage(c.str("config"))
		return func() (result, error) {
			out, err := SignConfig(cfg, secret, opts...)
			return result{"config": out}, err
		}, nil
	case "sign_editor_method":
		method, params := c.str("method"), json.RawMessage(c.str("params"))
		return func() (result, error) {
			out, err := SignEditorMethod(method, params, secret, opts...)
			return result{"params": out}, err
		}, nil
	case "verify_download":
		auth, url := c.header("authorization"), c.str("url")
		return func() (result, error) {
			claims, err := VerifyDownload(auth, url, secret, opts...)
			return result{"claims": claims}, err
		}, nil
	case "load_config", "verify_request_with_config", "verify_download_with_config", "download_token_expected":
		var files map[string]string
		if c.has("files") {
			if err := json.Unmarshal(c.Input["files"], &files); err != nil {
				return nil, err
			}
		}
		for name, text := range files {
			p := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return nil, err
			}
			if err := os.WriteFile(p, []byte(strings.ReplaceAll(text, "@DIR@", dir)), 0o644); err != nil {
				return nil, err
			}
		}
		local := filepath.Join(dir, c.str("local"))
		var load []Option
		if c.has("default") {
			load = append(load, WithDefaultPath(filepath.Join(dir, c.str("default"))))
		}
		if c.has("env") {
			var env map[string]string
			if err := json.Unmarshal(c.Input["env"], &env); err != nil {
				return nil, err
			}
			load = append(load, WithEnv(env))
		}
		if c.Op == "verify_download_with_config" {
			auth, url := c.header("authorization"), c.str("url")
			return func() (result, error) {
				cfg, err := LoadConfig(local, load...)
				if err != nil {
					return nil, err
				}
				claims, err := VerifyDownloadWithConfig(auth, url, cfg, opts...)
				return result{"claims": claims}, err
			}, nil
		}
		if c.Op == "download_token_expected" {
			url := c.str("url")
			return func() (result, error) {
				cfg, err := LoadConfig(local, load...)
				if err != nil {
					return nil, err
				}
				expected, err := DownloadTokenExpected(url, cfg)
				if err != nil {
					return nil, err
				}
				return result{"expected": []byte(strconv.FormatBool(expected))}, nil
			}, nil
		}
		if c.Op == "verify_request_with_config" {
			var body []byte
			if c.has("body") {
				body = []byte(c.str("body"))
			}
			auth := c.header("authorization")
			// Any other name reaches the core as a direction it refuses.
			direction := map[string]Direction{"inbox": DirectionInbox, "outbox": DirectionOutbox}[c.str("direction")]
			if d := c.str("direction"); d != "inbox" && d != "outbox" {
				direction = 1 << 30
			}
			return func() (result, error) {
				cfg, err := LoadConfig(local, load...)
				if err != nil {
					return nil, err
				}
				params, err := VerifyRequestWithConfig(body, auth, cfg, direction, opts...)
				return result{"params": params}, err
			}, nil
		}
		return func() (result, error) {
			cfg, err := LoadConfig(local, load...)
			return result{"config": cfg}, err
		}, nil
	}
	return nil, fmt.Errorf("unknown op %q", c.Op)
}

var sentinels = map[string]*Error{}

func init() {
	for _, e := range []*Error{ErrInvalidArgument, ErrInvalidJSON, ErrEmptySecret, ErrMalformed,
		ErrUnsupportedAlg, ErrBadSignature, ErrExpired, ErrNotYetValid, ErrTooLarge, ErrMissingToken,
		ErrInvalidConfig, ErrURLMismatch, ErrInternal} {
		sentinels[e.Name] = e
	}
}

// checkCase compares a result with the case's expectation; "" means it matches.
func checkCase(c vcase, out result, err error) string {
	if raw, ok := c.Expect["error"]; ok {
		var name string
		_ = json.Unmarshal(raw, &name)
		var e *Error
		if err == nil {
			return fmt.Sprintf("expected error %s, got success %q", name, flatten(out))
		}
		if !errors.As(err, &e) {
			return fmt.Sprintf("expected error %s, got %v", name, err)
		}
		if e.Name != name {
			return fmt.Sprintf("expected error %s, got %s (%d): %s", name, e.Name, e.Code, e.Message)
		}
		if s := sentinels[name]; s == nil || !errors.Is(err, s) {
			return fmt.Sprintf("errors.Is(err, sentinel %s) is false", name)
		}
		return ""
	}
	if err != nil {
		return fmt.Sprintf("unexpected error: %v", err)
	}
	if len(c.Expect) == 0 {
		return "the case expects nothing"
	}
	for key, want := range c.Expect {
		got, ok := out[key]
		if !ok {
			return fmt.Sprintf("op %s gives no %q to compare", c.Op, key)
		}
		if key == "token" {
			var w string
			_ = json.Unmarshal(want, &w)
			if string(got) != w {
				return fmt.Sprintf("token:\n got %s\nwant %s", got, w)
			}
			continue
		}
		eq, err := jsonEqual(got, want)
		if err != nil {
			return fmt.Sprintf("%s: %v (got %s)", key, err, got)
		}
		if !eq {
			return fmt.Sprintf("%s:\n got %s\nwant %s", key, got, want)
		}
	}
	return ""
}

func flatten(r result) string {
	var b strings.Builder
	for k, v := range r {
		fmt.Fprintf(&b, "%s=%s ", k, v)
	}
	return b.String()
}

// jsonEqual compares two JSON texts as parsed values, numbers by value.
func jsonEqual(a, b []byte) (bool, error) {
	va, err := parseJSON(a)
	if err != nil {
		return false, err
	}
	vb, err := parseJSON(b)
	if err != nil {
		return false, err
	}
	return valueEqual(va, vb), nil
}

func parseJSON(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func valueEqual(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !valueEqual(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !valueEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		rx, ok1 := new(big.Rat).SetString(string(x))
		ry, ok2 := new(big.Rat).SetString(string(y))
		return ok1 && ok2 && rx.Cmp(ry) == 0
	default:
		return a == b
	}
}
