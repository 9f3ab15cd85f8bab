package oojwt

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	jwt "github.com/golang-jwt/jwt/v5"
)

// Interoperability with github.com/golang-jwt/jwt/v5, the usual Go JWT library (a test-only dependency).

type peerClaims struct {
	Key    string   `json:"key"`
	Status int      `json:"status"`
	Users  []string `json:"users"`
	jwt.RegisteredClaims
}

var peerMethods = map[string]jwt.SigningMethod{"HS256": jwt.SigningMethodHS256, "HS384": jwt.SigningMethodHS384,
	"HS512": jwt.SigningMethodHS512}

var algByName = map[string]Alg{"HS256": HS256, "HS384": HS384, "HS512": HS512}

func peerKey(key []byte) jwt.Keyfunc { return func(*jwt.Token) (any, error) { return key, nil } }

const tenYears = 10 * 365 * 24 * time.Hour

func TestInteropOojwtToGolangJWT(t *testing.T) {
	track(t)
	now := time.Now().Truncate(time.Second)
	for alg, method := range peerMethods {
		alg, method := alg, method
		t.Run(alg, func(t *testing.T) {
			track(t)
			payload := map[string]any{"key": "Khirz6zTPdfd7", "status": 2, "users": []string{"6d5a81d0"}}
			// golang-jwt reads its own clock: an exp ten years on cannot pass however slow the machine is.
			tok, err := Sign(payload, testSecret, WithAlgorithm(algByName[alg]), WithExpiresIn(tenYears))
			mustNil(t, err)
			var c peerClaims
			parsed, err := jwt.ParseWithClaims(tok, &c, peerKey(testSecret), jwt.WithValidMethods([]string{alg}))
			mustNil(t, err)
			if parsed.Header["alg"] != alg || parsed.Header["typ"] != "JWT" || c.Key != "Khirz6zTPdfd7" ||
				c.Status != 2 || c.IssuedAt == nil || c.ExpiresAt == nil ||
				c.ExpiresAt.Sub(c.IssuedAt.Time) != tenYears || c.IssuedAt.Before(now) {
				t.Fatalf("golang-jwt read %+v header %v", c, parsed.Header)
			}
			// Same claims bytes in the same order: the tokens are byte-identical.
			claims := jwt.MapClaims{}
			_, err = jwt.ParseWithClaims(tok, claims, peerKey(testSecret))
			mustNil(t, err)
			type ordered struct {
				Key    string   `json:"key"`
				Status int      `json:"status"`
				Users  []string `json:"users"`
				Iat    int64    `json:"iat"`
				Exp    int64    `json:"exp"`
			}
			o := ordered{"Khirz6zTPdfd7", 2, []string{"6d5a81d0"}, c.IssuedAt.Unix(), c.ExpiresAt.Unix()}
			peerTok, err := jwt.NewWithClaims(method, mapClaimsOf(t, o)).SignedString(testSecret)
			mustNil(t, err)
			ourTok, err := Sign(o, testSecret, WithAlgorithm(algByName[alg]))
			mustNil(t, err)
			// golang-jwt sorts MapClaims keys (encoding/json); sign the same sorted text with oojwt.
			sorted, _ := json.Marshal(mapClaimsOf(t, o))
			ourSorted, err := Sign(json.RawMessage(sorted), testSecret, WithAlgorithm(algByName[alg]))
			mustNil(t, err)
			if peerTok != ourSorted {
				t.Fatalf("tokens differ:\n oojwt      %s\n golang-jwt %s", ourSorted, peerTok)
			}
			_, err = jwt.Parse(ourTok, peerKey(testSecret))
			mustNil(t, err)
			// A wrong key is refused by the peer too.
			_, err = jwt.Parse(tok, peerKey([]byte("wrong")))
			if !errors.Is(err, jwt.ErrTokenSignatureInvalid) {
				t.Fatalf("golang-jwt with a wrong key: %v", err)
			}
		})
	}
	// An expired oojwt token is expired for the peer.
	tok, err := Sign(map[string]any{"a": 1}, testSecret, WithNow(now.Add(-time.Hour)), WithExpiresIn(time.Minute))
	mustNil(t, err)
	if _, err := jwt.Parse(tok, peerKey(testSecret)); !errors.Is(err, jwt.ErrTokenExpired) {
		t.Fatalf("golang-jwt on an expired oojwt token: %v", err)
	}
}

func mapClaimsOf(t *testing.T, v any) jwt.MapClaims {
	b, err := json.Marshal(v)
	mustNil(t, err)
	m := jwt.MapClaims{}
	mustNil(t, json.Unmarshal(b, &m))
	return m
}

func TestInteropGolangJWTToOojwt(t *testing.T) {
	track(t)
	now := time.Now()
	for alg, method := range peerMethods {
		alg, method := alg, method
		t.Run(alg, func(t *testing.T) {
			track(t)
			c := peerClaims{Key: "k", Status: 4, Users: []string{"u1", "u2"}, RegisteredClaims: jwt.RegisteredClaims{
				IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)), Subject: "s"}}
			tok, err := jwt.NewWithClaims(method, c).SignedString(testSecret)
			mustNil(t, err)
			var back peerClaims
			// now given: the verdicts must not depend on how long the machine takes to get here.
			raw, err := Verify(tok, testSecret, WithNow(now))
			mustNil(t, err)
			mustNil(t, json.Unmarshal(raw, &back))
			if !reflect.DeepEqual(back, peerClaims{Key: "k", Status: 4, Users: []string{"u1", "u2"},
				RegisteredClaims: jwt.RegisteredClaims{IssuedAt: jwt.NewNumericDate(now),
					ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)), Subject: "s"}}) {
				t.Fatalf("Verify into a struct = %+v", back)
			}
			m := asMap(t)(Verify(tok, testSecret, WithNow(now)))
			if m["sub"] != "s" || m["status"] != float64(4) {
				t.Fatalf("Verify = %v", m)
			}
			_, err = Verify(tok, testSecret, WithAlgorithms(1<<8)) // the core judges the bits
			wantErr(t, err, ErrInvalidArgument)
			other := "HS256"
			if alg == "HS256" {
				other = "HS512"
			}
			_, err = Verify(tok, testSecret, WithAlgorithms(algByName[other]))
			wantErr(t, err, ErrUnsupportedAlg)
			_, err = Verify(tok, []byte("wrong"))
			wantErr(t, err, ErrBadSignature)
		})
	}
	expired, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"exp": now.Add(-time.Hour).Unix()}).
		SignedString(testSecret)
	mustNil(t, err)
	_, err = Verify(expired, testSecret)
	wantErr(t, err, ErrExpired)
	notYet, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"nbf": now.Add(time.Hour).Unix()}).
		SignedString(testSecret)
	mustNil(t, err)
	_, err = Verify(notYet, testSecret, WithNow(now))
	wantErr(t, err, ErrNotYetValid)
	none, err := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"a": 1}).
		SignedString(jwt.UnsafeAllowNoneSignatureType)
	mustNil(t, err)
	_, err = Verify(none, testSecret)
	wantErr(t, err, ErrUnsupportedAlg)
	// A request signed by golang-jwt in Docs' header form verifies as a request.
	hdr, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"payload": map[string]any{"key": "k", "status": 2}}).
		SignedString(testSecret)
	mustNil(t, err)
	params := asMap(t)(VerifyRequest([]byte(`{"key":"unsigned","status":6}`), Header("Bearer "+hdr), testSecret))
	// The body has no token member, so the header's token is used and unsigned body fields are dropped.
	if params["key"] != "k" || params["status"] != float64(2) {
		t.Fatalf("params %v", params)
	}
}
