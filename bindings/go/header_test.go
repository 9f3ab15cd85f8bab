package oojwt

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The Go constants are cgo's reading of include/oo_jwt.h, so they cannot drift from it; what the
// header does not give cgo is the list itself. This test reads the header's status enum and requires
// each status to have its Go Code, sentinel and name, and every Go sentinel to be one of them: a status
// added to the header without a Go error, or a Go error the header no longer has, fails here.

var goSentinels = []*Error{ErrInvalidArgument, ErrInvalidJSON, ErrEmptySecret, ErrMalformed,
	ErrUnsupportedAlg, ErrBadSignature, ErrExpired, ErrNotYetValid, ErrTooLarge, ErrMissingToken,
	ErrInvalidConfig, ErrURLMismatch, ErrInternal}

// headerStatuses gives the OoStatus enum's names and values as the header spells them.
func headerStatuses(t *testing.T) map[string]int {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("..", "..", "include", "oo_jwt.h"))
	mustNil(t, err)
	block := regexp.MustCompile(`(?s)enum OoStatus\b[^{]*\{(.*?)\}`).FindSubmatch(text)
	if block == nil {
		t.Fatal("include/oo_jwt.h has no enum OoStatus")
	}
	out := map[string]int{}
	for _, m := range regexp.MustCompile(`\b(OO_[A-Z0-9_]+)\s*=\s*(\d+)`).FindAllSubmatch(block[1], -1) {
		n, err := strconv.Atoi(string(m[2]))
		mustNil(t, err)
		out[string(m[1])] = n
	}
	if len(out) < 14 {
		t.Fatalf("read %d statuses from the header: %v", len(out), out)
	}
	return out
}

func TestStatusCodesOfTheHeader(t *testing.T) {
	track(t)
	byCode := map[Code]*Error{}
	for _, s := range goSentinels {
		byCode[s.Code] = s
	}
	statuses := headerStatuses(t)
	for name, n := range statuses {
		code, want := Code(n), strings.ToLower(strings.TrimPrefix(name, "OO_"))
		if code.String() != want {
			t.Errorf("%s = %d: oo_status_name gives %q", name, n, code.String())
		}
		if code == CodeOK {
			continue
		}
		s := byCode[code]
		if s == nil {
			t.Errorf("%s = %d has no Go sentinel", name, n)
			continue
		}
		// A failure with this status (as the wrapper builds it from the return value) is its error.
		err := error(newError(code, "detail"))
		var e *Error
		if !errors.Is(err, s) || !errors.As(err, &e) || e.Name != want || s.Name != want || e.Message != "detail" {
			t.Errorf("%s = %d: error %#v, sentinel %#v", name, n, err, s)
		}
		for _, other := range goSentinels {
			if other != s && errors.Is(err, other) {
				t.Errorf("%s matches the sentinel %s too", name, other.Name)
			}
		}
	}
	for c, s := range byCode {
		if statuses["OO_"+strings.ToUpper(s.Name)] != int(c) {
			t.Errorf("Go sentinel %s (%d) is not a status of the header", s.Name, c)
		}
	}
	if len(byCode) != len(goSentinels) || len(statuses) != len(goSentinels)+1 {
		t.Errorf("%d Go sentinels (%d distinct), %d header statuses with OO_OK", len(goSentinels), len(byCode), len(statuses))
	}
	if Code(77).String() != "unknown" {
		t.Errorf("Code(77) = %q", Code(77).String())
	}
	// The Code constants name the header's statuses.
	for name, c := range map[string]Code{"OO_OK": CodeOK, "OO_INVALID_ARGUMENT": CodeInvalidArgument,
		"OO_INVALID_JSON": CodeInvalidJSON, "OO_EMPTY_SECRET": CodeEmptySecret, "OO_MALFORMED": CodeMalformed,
		"OO_UNSUPPORTED_ALG": CodeUnsupportedAlg, "OO_BAD_SIGNATURE": CodeBadSignature, "OO_EXPIRED": CodeExpired,
		"OO_NOT_YET_VALID": CodeNotYetValid, "OO_TOO_LARGE": CodeTooLarge, "OO_MISSING_TOKEN": CodeMissingToken,
		"OO_INVALID_CONFIG": CodeInvalidConfig, "OO_URL_MISMATCH": CodeURLMismatch, "OO_INTERNAL": CodeInternal} {
		if n, ok := statuses[name]; !ok || Code(n) != c {
			t.Errorf("%s: header %d (present %v), Go %d", name, n, ok, c)
		}
	}
}

// The library is the ABI this package was built against: the major version of the header it was
// compiled with.
func TestABIVersion(t *testing.T) {
	track(t)
	text, err := os.ReadFile(filepath.Join("..", "..", "include", "oo_jwt.h"))
	mustNil(t, err)
	m := regexp.MustCompile(`OO_ABI_MAJOR\D+(\d+)`).FindSubmatch(text)
	if m == nil {
		t.Fatal("include/oo_jwt.h has no OO_ABI_MAJOR")
	}
	if major, _ := strconv.Atoi(string(m[1])); ABIVersion()>>16 != uint32(major) || major < 1 {
		t.Fatalf("oo_abi_version() = %#x, header OO_ABI_MAJOR %d", ABIVersion(), major)
	}
}
