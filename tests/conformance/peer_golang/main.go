// golang-jwt v5 as a peer verifier: `peer_golang SECRET TOKEN` prints the claims or fails.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/golang-jwt/jwt/v5"
)

func main() {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(os.Args[2], claims, func(*jwt.Token) (any, error) {
		return []byte(os.Args[1]), nil
	}, jwt.WithValidMethods([]string{"HS256"}))
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	out, _ := json.Marshal(map[string]any(claims))
	fmt.Println(string(out))
}
