package oojwt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// outcome renders a case's result (or error name and message) as one comparable string, with the
// case's directory replaced by @DIR@ so runs in different directories compare equal.
func outcome(run func() (result, error), dir string) string {
	out, err := run()
	var s string
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			s = fmt.Sprintf("error %d %s: %s", e.Code, e.Name, e.Message)
		} else {
			s = "go error: " + err.Error()
		}
	} else {
		keys := make([]string, 0, len(out))
		for k := range out {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			s += k + "=" + string(out[k]) + "\n"
		}
	}
	return strings.ReplaceAll(s, dir, "@DIR@")
}

// deterministic: the case's result and message do not depend on the real clock (the messages of
// time checks name the current second).
func deterministic(c vcase) bool {
	if c.has("now") {
		return true
	}
	switch c.Op {
	case "decode_unverified", "load_config":
		return true
	case "sign", "sign_config":
		return !c.has("expires_in")
	}
	return false
}

// TestConcurrent runs every deterministic vector case from 16 goroutines at once (each in its own
// order) and requires the same results, error names and messages as a sequential run:
// each error message must reach the goroutine whose call failed. Run it with -race.
func TestConcurrent(t *testing.T) {
	track(t)
	var cases []vcase
	for _, c := range loadVectors(t) {
		if deterministic(c) {
			cases = append(cases, c)
		}
	}
	// prepared gives each case's call with its inputs decoded once, in a directory of its own.
	prepared := func(dir string) ([]func() (result, error), []string) {
		runs := make([]func() (result, error), len(cases))
		dirs := make([]string, len(cases))
		for i, c := range cases {
			dirs[i] = caseDir(t, dir, i)
			run, err := prepareCase(c, dirs[i])
			if err != nil {
				run = func() (result, error) { return nil, err }
			}
			runs[i] = run
		}
		return runs, dirs
	}
	want := make([]string, len(cases))
	runs, dirs := prepared(t.TempDir())
	for i := range cases {
		want[i] = outcome(runs[i], dirs[i])
	}
	const goroutines = 16
	var wg sync.WaitGroup
	errs := make(chan string, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		dir := t.TempDir()
		runs, dirs := prepared(dir)
		go func(g int, runs []func() (result, error), dirs []string) {
			defer wg.Done()
			mismatches := 0
			for k := range cases {
				i := (k + g*len(cases)/goroutines) % len(cases) // each goroutine from its own start
				if g%2 == 1 {
					i = len(cases) - 1 - i // and half of them backwards
				}
				if got := outcome(runs[i], dirs[i]); got != want[i] {
					if mismatches < 3 {
						errs <- fmt.Sprintf("goroutine %d, case %s:\n got %s\nwant %s", g, cases[i].ID, got, want[i])
					}
					mismatches++
				}
			}
		}(g, runs, dirs)
	}
	go func() { wg.Wait(); close(errs) }()
	n := 0
	for e := range errs {
		if n < 10 {
			t.Error(e)
		}
		n++
	}
	t.Logf("%d goroutines x %d cases", goroutines, len(cases))
}

// caseDir is a directory of its own for case i under dir (load_config writes its files there).
func caseDir(t *testing.T, dir string, i int) string {
	d := filepath.Join(dir, strconv.Itoa(i))
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Error(err)
	}
	return d
}

// FuzzVerify feeds arbitrary tokens and secrets to Verify, seeded with every token and secret of the
// vectors. Whatever the input, the core must answer with a contract error (never internal) or with
// claims that are a JSON object, identical to what DecodeUnverified reads from the same token.
func FuzzVerify(f *testing.F) {
	track(f)
	for _, c := range loadVectors(f) {
		if c.has("token") || c.has("token_hex") {
			f.Add(string(c.hexOrText("token")), c.hexOrText("secret"))
		}
		if c.has("authorization") {
			f.Add(c.str("authorization"), c.hexOrText("secret"))
		}
	}
	f.Fuzz(func(t *testing.T, token string, secret []byte) {
		claims, err := Verify(token, secret, WithNowUnix(testNow))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("not an *Error: %v", err)
			}
			if e.Code == CodeInternal || e.Code == CodeOK || e.Name != e.Code.String() || e.Name == "unknown" {
				t.Fatalf("verify %q: %v", token, err)
			}
			if !utf8.ValidString(e.Message) {
				t.Fatalf("message is not UTF-8: %q", e.Message)
			}
			return
		}
		if len(secret) == 0 {
			t.Fatalf("verified with an empty secret: %q", token)
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(claims, &obj); err != nil {
			t.Fatalf("claims of %q are not a JSON object: %s", token, claims)
		}
		_, decoded, err := DecodeUnverified(token)
		if err != nil {
			t.Fatalf("verified but DecodeUnverified fails: %v", err)
		}
		if !bytes.Equal(decoded, claims) {
			t.Fatalf("claims differ: verify %s, decode %s", claims, decoded)
		}
	})
}
