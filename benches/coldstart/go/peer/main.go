// peer: golang-jwt v5 verifies OO_COLD_TOKEN with OO_COLD_SECRET (HS256); exit 0 only when the
// claims' key is OO_COLD_KEY.
package main

import (
	"os"

	jwt "github.com/golang-jwt/jwt/v5"
)

func main() {
	secret := []byte(os.Getenv("OO_COLD_SECRET"))
	t, err := jwt.Parse(os.Getenv("OO_COLD_TOKEN"), func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{"HS256"}))
	if err != nil || !t.Valid {
		os.Exit(1)
	}
	if c, ok := t.Claims.(jwt.MapClaims); !ok || c["key"] != os.Getenv("OO_COLD_KEY") {
		os.Exit(1)
	}
}
