package oojwt

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/oo-jwt/oo-jwt-go/internal/cheap"
)

// cHeap is the C heap's bytes in use after a collection (which runs no finalizer of this package:
// the wrapper frees every result itself, at once).
func cHeap() int64 {
	runtime.GC()
	return cheap.InUse()
}

// twoPhase runs run three times (a warm-up, then two equal phases) and fails when the second phase
// grows the C heap by a quarter or more of leak, the bytes a leak of every returned string would add
// per phase. A leak grows the heap linearly (phase 2 about as much as phase 1, at least leak);
// without one phase 2 grows by about nothing.
func twoPhase(t *testing.T, what string, run func(), leak int64) {
	t.Helper()
	run()
	h0 := cHeap()
	run()
	h1 := cHeap()
	run()
	h2 := cHeap()
	report := fmt.Sprintf("%s: C heap growth: phase 1 %d B, phase 2 %d B; a leak adds >= %d B", what, h1-h0, h2-h1, leak)
	t.Log(report)
	if h2-h1 >= leak/4 {
		t.Fatal(report)
	}
}

// Every string the core returns is copied and freed: results, and the error messages that come back
// through out_error.
func TestReturnedStringsAreFreed(t *testing.T) {
	track(t)
	payload := json.RawMessage(`{"data":"` + strings.Repeat("x", 1000) + `"}`)
	tok, err := Sign(payload, testSecret)
	mustNil(t, err)
	const rounds = 20000
	twoPhase(t, "results", func() {
		for i := 0; i < rounds; i++ {
			_, err := Sign(payload, testSecret)
			mustNil(t, err)
			_, err = Verify(tok, testSecret)
			mustNil(t, err)
			_, _, err = DecodeUnverified(tok)
			mustNil(t, err)
		}
	}, int64(rounds)*int64(len(tok)+1+2*(len(payload)+1)))

	_, err = Verify(tok, []byte("wrong"))
	e := wantErr(t, err, ErrBadSignature)
	twoPhase(t, "error messages", func() {
		for i := 0; i < rounds; i++ {
			if _, err := Verify(tok, []byte("wrong")); err == nil {
				t.Fatal("a wrong secret verified")
			}
		}
	}, int64(rounds)*int64(len(e.Message)+1))
}

// The probe itself can fail: 2000 unfreed 1 KiB blocks are seen as 2 MB of growth.
func TestTheHeapProbeSeesALeak(t *testing.T) {
	track(t)
	before := cHeap()
	held := make([]unsafe.Pointer, 2000)
	for i := range held {
		held[i] = cheap.Malloc(1024)
	}
	defer func() {
		for _, p := range held {
			cheap.Free(p)
		}
	}()
	if grown := cHeap() - before; grown < 2000*1024 {
		t.Fatalf("2000 KiB held, the probe saw %d B", grown)
	}
}
