// Sign oracle backed by github.com/golang-jwt/jwt/v5 (pinned in go.mod / go.sum).
// stdin: JSON array of jobs {payload: "<json text>", secret | secret_hex, algorithm}
// stdout: JSON array of {token} or {error}.
package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"

	"github.com/golang-jwt/jwt/v5"
)

type job struct {
	Payload   string  `json:"payload"`
	Secret    *string `json:"secret"`
	SecretHex *string `json:"secret_hex"`
	Algorithm string  `json:"algorithm"`
}

type result struct {
	Token string `json:"token,omitempty"`
	Error string `json:"error,omitempty"`
}

func one(j job) result {
	dec := json.NewDecoder(bytes.NewReader([]byte(j.Payload)))
	dec.UseNumber()
	claims := jwt.MapClaims{}
	if err := dec.Decode(&claims); err != nil {
		return result{Error: err.Error()}
	}
	var key []byte
	if j.SecretHex != nil {
		k, err := hex.DecodeString(*j.SecretHex)
		if err != nil {
			return result{Error: err.Error()}
		}
		key = k
	} else if j.Secret != nil {
		key = []byte(*j.Secret)
	}
	var m jwt.SigningMethod
	switch j.Algorithm {
	case "", "HS256":
		m = jwt.SigningMethodHS256
	case "HS384":
		m = jwt.SigningMethodHS384
	case "HS512":
		m = jwt.SigningMethodHS512
	default:
		return result{Error: "unsupported algorithm " + j.Algorithm}
	}
	s, err := jwt.NewWithClaims(m, claims).SignedString(key)
	if err != nil {
		return result{Error: err.Error()}
	}
	return result{Token: s}
}

func main() {
	var jobs []job
	if err := json.NewDecoder(os.Stdin).Decode(&jobs); err != nil {
		panic(err)
	}
	out := make([]result, 0, len(jobs))
	for _, j := range jobs {
		out = append(out, one(j))
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
