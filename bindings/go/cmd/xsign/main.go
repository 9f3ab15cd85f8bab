// Command xsign is the cross-language hook of docs/bindings.md, over the Go wrapper:
//
//	xsign sign <secret> <payload-json>   prints the HS256 token (no iat/exp added)
//	xsign verify <secret> <token>        prints the claims JSON, or "error: <name>" on stderr, exit 1
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	oojwt "github.com/oo-jwt/oo-jwt-go"
)

func main() {
	if len(os.Args) != 4 || (os.Args[1] != "sign" && os.Args[1] != "verify") {
		fmt.Fprintln(os.Stderr, "usage: xsign sign <secret> <payload-json> | xsign verify <secret> <token>")
		os.Exit(2)
	}
	secret := []byte(os.Args[2])
	var out []byte
	var err error
	if os.Args[1] == "sign" {
		var tok string
		tok, err = oojwt.Sign(json.RawMessage(os.Args[3]), secret)
		out = []byte(tok)
	} else {
		out, err = oojwt.Verify(os.Args[3], secret)
	}
	if err != nil {
		var e *oojwt.Error
		if errors.As(err, &e) {
			fmt.Fprintf(os.Stderr, "error: %s\n", e.Name)
		} else {
			fmt.Fprintf(os.Stderr, "error: %v\n", err)
		}
		os.Exit(1)
	}
	fmt.Printf("%s\n", out)
}
