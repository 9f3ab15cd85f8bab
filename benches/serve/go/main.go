// The per-request bench's Go server: `serve oo PORT` runs the oo-jwt module's CallbackHandler, `serve
// peer PORT` the same job written with golang-jwt v5 as ONLYOFFICE's Go integration example does it,
// both in net/http on 127.0.0.1:PORT with GOMAXPROCS=$OO_SERVE_WORKERS and no logging.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"

	jwt "github.com/golang-jwt/jwt/v5"
	oojwt "github.com/oo-jwt/oo-jwt-go"
)

// sink keeps the fields each handler reads from being optimised away.
var sink int

func use(status int, key, url string, history int) {
	sink += status + len(key) + len(url) + history
}

// historyLen is the number of history.changes entries of a decoded callback (0 when absent).
func historyLen(h any) int {
	if m, ok := h.(map[string]any); ok {
		if c, ok := m["changes"].([]any); ok {
			return len(c)
		}
	}
	return 0
}

func ooHandler() (http.Handler, error) {
	settings, err := oojwt.LoadConfig(os.Getenv("OO_SERVE_CONFIG"))
	if err != nil {
		return nil, err
	}
	return oojwt.CallbackHandler(settings, func(_ context.Context, cb oojwt.Callback) error {
		url := ""
		if cb.URL != nil {
			url = *cb.URL
		}
		// History comes as its JSON: a Go program decodes what it reads (here the changes, each
		// kept as its JSON), where the peer's MapClaims has decoded every member already.
		var h struct {
			Changes []json.RawMessage `json:"changes"`
		}
		if len(cb.History) > 0 {
			if err := json.Unmarshal(cb.History, &h); err != nil {
				return err
			}
		}
		use(int(cb.Status), cb.Key, url, len(h.Changes))
		return nil
	}), nil
}

var errPeer = errors.New("not a callback")

// peerCallback verifies the body's token, else the Bearer token's "payload", with golang-jwt.
func peerCallback(body []byte, authorization string, secret []byte) (map[string]any, error) {
	var b struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(body, &b); err != nil {
		return nil, err
	}
	tok, fromHeader := b.Token, false
	if tok == "" {
		tok, fromHeader = strings.TrimPrefix(authorization, "Bearer "), true
	}
	t, err := jwt.Parse(tok, func(t *jwt.Token) (any, error) {
		if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {
			return nil, errPeer
		}
		return secret, nil
	}, jwt.WithValidMethods([]string{"HS256"}))
	if err != nil {
		return nil, err
	}
	claims, ok := t.Claims.(jwt.MapClaims)
	if !ok || !t.Valid {
		return nil, errPeer
	}
	if fromHeader {
		p, ok := claims["payload"].(map[string]any)
		if !ok {
			return nil, errPeer
		}
		return p, nil
	}
	return claims, nil
}

func peerHandler() http.Handler {
	secret := []byte(os.Getenv("OO_SERVE_SECRET"))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<20))
		var cb map[string]any
		if err == nil {
			cb, err = peerCallback(body, r.Header.Get("Authorization"), secret)
		}
		if err != nil {
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"error":1}`))
			return
		}
		status, _ := cb["status"].(float64)
		key, _ := cb["key"].(string)
		url, _ := cb["url"].(string)
		use(int(status), key, url, historyLen(cb["history"]))
		_, _ = w.Write([]byte(`{"error":0}`))
	})
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: serve oo|peer PORT")
		os.Exit(2)
	}
	if n, err := strconv.Atoi(os.Getenv("OO_SERVE_WORKERS")); err == nil && n > 0 {
		runtime.GOMAXPROCS(n)
	} else {
		runtime.GOMAXPROCS(2)
	}
	var h http.Handler
	switch os.Args[1] {
	case "oo":
		var err error
		if h, err = ooHandler(); err != nil {
			fmt.Fprintln(os.Stderr, "oo side:", err)
			os.Exit(1)
		}
	case "peer":
		h = peerHandler()
	default:
		fmt.Fprintln(os.Stderr, "unknown side", os.Args[1])
		os.Exit(2)
	}
	mux := http.NewServeMux()
	mux.Handle("/callback", h)
	srv := &http.Server{Addr: "127.0.0.1:" + os.Args[2], Handler: mux, ErrorLog: nil}
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
