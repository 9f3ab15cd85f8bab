// oo: the oo-jwt module verifies OO_COLD_TOKEN with OO_COLD_SECRET (HS256); exit 0 only when the
// claims' key is OO_COLD_KEY.
package main

import (
	"encoding/json"
	"os"

	oojwt "github.com/oo-jwt/oo-jwt-go"
)

func main() {
	claims, err := oojwt.Verify(os.Getenv("OO_COLD_TOKEN"), []byte(os.Getenv("OO_COLD_SECRET")),
		oojwt.WithAlgorithms(oojwt.HS256))
	var c struct {
		Key string `json:"key"`
	}
	if err != nil || json.Unmarshal(claims, &c) != nil || c.Key != os.Getenv("OO_COLD_KEY") {
		os.Exit(1)
	}
}
