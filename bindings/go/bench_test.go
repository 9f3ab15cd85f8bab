package oojwt

import (
	"encoding/json"
	"errors"
	"runtime"
	"syscall"
	"testing"
	"time"

	jwt "github.com/golang-jwt/jwt/v5"

	"github.com/oo-jwt/oo-jwt-go/internal/floor"
)

// Sign and verify of a ~300-byte ONLYOFFICE callback (status 2), oojwt against golang-jwt v5 in the
// same run. Each pair is named .../oojwt and .../golang-jwt; `make bench` prints the ratios.

var benchSecret = []byte("bench-outbox-secret-0123456789abcdef")

type benchAction struct {
	Type   int    `json:"type"`
	UserID string `json:"userid"`
}

type benchCallback struct {
	Key        string        `json:"key"`
	Status     int           `json:"status"`
	URL        string        `json:"url"`
	ChangesURL string        `json:"changesurl"`
	Users      []string      `json:"users"`
	Actions    []benchAction `json:"actions"`
	LastSave   string        `json:"lastsave"`
	FileType   string        `json:"filetype"`
	Iat        int64         `json:"iat"`
	Exp        int64         `json:"exp"`
}

// The same callback as golang-jwt claims (it needs the Claims interface for exp/nbf checks).
type benchPeerCallback struct {
	Key        string        `json:"key"`
	Status     int           `json:"status"`
	URL        string        `json:"url"`
	ChangesURL string        `json:"changesurl"`
	Users      []string      `json:"users"`
	Actions    []benchAction `json:"actions"`
	LastSave   string        `json:"lastsave"`
	FileType   string        `json:"filetype"`
	jwt.RegisteredClaims
}

var benchExp = time.Now().Add(24 * time.Hour).Unix()

func benchPayload() benchCallback {
	return benchCallback{Key: "Khirz6zTPdfd7", Status: 2,
		URL:        "https://documentserver/cache/files/Khirz6zTPdfd7/output.docx",
		ChangesURL: "https://documentserver/cache/files/Khirz6zTPdfd7/changes.zip",
		Users:      []string{"6d5a81d0"}, Actions: []benchAction{{0, "6d5a81d0"}},
		LastSave: "2023-11-14T22:10:00.000Z", FileType: "docx", Iat: 1700000000, Exp: benchExp}
}

func benchPeer() benchPeerCallback {
	p := benchPayload()
	return benchPeerCallback{Key: p.Key, Status: p.Status, URL: p.URL, ChangesURL: p.ChangesURL, Users: p.Users,
		Actions: p.Actions, LastSave: p.LastSave, FileType: p.FileType, RegisteredClaims: jwt.RegisteredClaims{
			IssuedAt: jwt.NewNumericDate(time.Unix(p.Iat, 0)), ExpiresAt: jwt.NewNumericDate(time.Unix(p.Exp, 0))}}
}

func benchRaw(b *testing.B) json.RawMessage {
	raw, err := json.Marshal(benchPayload())
	if err != nil {
		b.Fatal(err)
	}
	return raw
}

func benchMap(b *testing.B) map[string]any {
	var m map[string]any
	if err := json.Unmarshal(benchRaw(b), &m); err != nil {
		b.Fatal(err)
	}
	return m
}

func benchToken(b *testing.B) string {
	tok, err := Sign(benchRaw(b), benchSecret)
	if err != nil {
		b.Fatal(err)
	}
	return tok
}

// cpuNanos is the CPU time this process has used (user + system). On a shared machine the wall
// clock counts time spent waiting for a core; CPU time per op is reported beside ns/op.
func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// loop runs f b.N times and reports allocations and cpu-ns/op.
func loop(b *testing.B, f func() error) {
	b.ReportAllocs()
	runtime.GC()
	start := cpuNanos()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := f(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuNanos()-start)/float64(b.N), "cpu-ns/op")
}

func BenchmarkSign(b *testing.B) {
	raw := benchRaw(b)
	b.Logf("payload: %d bytes", len(raw))
	b.Run("raw/oojwt", func(b *testing.B) {
		loop(b, func() error { _, err := Sign(raw, benchSecret); return err })
	})
	b.Run("raw/golang-jwt", func(b *testing.B) { // golang-jwt has no raw payload: its MapClaims
		m := jwt.MapClaims(benchMap(b))
		loop(b, func() error {
			_, err := jwt.NewWithClaims(jwt.SigningMethodHS256, m).SignedString(benchSecret)
			return err
		})
	})
	b.Run("map/oojwt", func(b *testing.B) {
		m := benchMap(b)
		loop(b, func() error { _, err := Sign(m, benchSecret); return err })
	})
	b.Run("map/golang-jwt", func(b *testing.B) {
		m := jwt.MapClaims(benchMap(b))
		loop(b, func() error {
			_, err := jwt.NewWithClaims(jwt.SigningMethodHS256, m).SignedString(benchSecret)
			return err
		})
	})
	b.Run("struct/oojwt", func(b *testing.B) {
		p := benchPayload()
		loop(b, func() error { _, err := Sign(&p, benchSecret); return err })
	})
	b.Run("struct/golang-jwt", func(b *testing.B) {
		p := benchPeer()
		loop(b, func() error {
			_, err := jwt.NewWithClaims(jwt.SigningMethodHS256, &p).SignedString(benchSecret)
			return err
		})
	})
}

func BenchmarkVerify(b *testing.B) {
	tok := benchToken(b)
	b.Logf("token: %d bytes", len(tok))
	b.Run("raw/oojwt", func(b *testing.B) {
		loop(b, func() error { _, err := Verify(tok, benchSecret); return err })
	})
	b.Run("raw/golang-jwt", func(b *testing.B) { // golang-jwt has no raw result: its MapClaims
		loop(b, func() error {
			_, err := jwt.Parse(tok, peerKey(benchSecret), jwt.WithValidMethods([]string{"HS256"}))
			return err
		})
	})
	b.Run("map/oojwt", func(b *testing.B) {
		loop(b, func() error {
			raw, err := Verify(tok, benchSecret)
			if err != nil {
				return err
			}
			var m map[string]any
			return json.Unmarshal(raw, &m)
		})
	})
	b.Run("map/golang-jwt", func(b *testing.B) {
		loop(b, func() error {
			_, err := jwt.Parse(tok, peerKey(benchSecret), jwt.WithValidMethods([]string{"HS256"}))
			return err
		})
	})
	b.Run("struct/oojwt", func(b *testing.B) {
		loop(b, func() error {
			raw, err := Verify(tok, benchSecret)
			if err != nil {
				return err
			}
			var c benchCallback
			return json.Unmarshal(raw, &c)
		})
	})
	b.Run("struct/golang-jwt", func(b *testing.B) {
		loop(b, func() error {
			var c benchPeerCallback
			_, err := jwt.ParseWithClaims(tok, &c, peerKey(benchSecret), jwt.WithValidMethods([]string{"HS256"}))
			return err
		})
	})
}

// The FFI floor, in the same run and with the same payload and token as the rows above: the bare
// cgo round trip, oo_sign / oo_verify called directly on prepared arguments (internal/floor), and
// encoding/json's own step for the map rows (encoding the payload map; decoding the claims into a
// map). bench-ratio.awk sets them against Sign/map/oojwt and Verify/map/oojwt.
func BenchmarkFloor(b *testing.B) {
	raw, m, tok := benchRaw(b), benchMap(b), []byte(benchToken(b))
	b.Run("round_trip", func(b *testing.B) {
		loop(b, func() error {
			if floor.RoundTrip()>>16 != 1 {
				return errFloor
			}
			return nil
		})
	})
	b.Run("sign_call", func(b *testing.B) {
		loop(b, func() error {
			if _, ok := floor.Sign(raw, benchSecret); !ok {
				return errFloor
			}
			return nil
		})
	})
	b.Run("sign_json", func(b *testing.B) {
		loop(b, func() error { _, err := json.Marshal(m); return err })
	})
	b.Run("verify_call", func(b *testing.B) {
		loop(b, func() error {
			if _, ok := floor.Verify(tok, benchSecret); !ok {
				return errFloor
			}
			return nil
		})
	})
	text, _ := floor.Verify(tok, benchSecret)
	claims := []byte(text)
	b.Run("verify_json", func(b *testing.B) {
		loop(b, func() error { var c map[string]any; return json.Unmarshal(claims, &c) })
	})
}

var errFloor = errors.New("the core refused a floor call")
