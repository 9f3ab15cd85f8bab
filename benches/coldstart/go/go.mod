module oo-jwt.bench/coldstart

go 1.19

require (
	github.com/golang-jwt/jwt/v5 v5.2.2
	github.com/oo-jwt/oo-jwt-go v0.1.0
)

// The packaged module as `make dist` writes it, used as the README's "use it from your own project" says.
replace github.com/oo-jwt/oo-jwt-go => ../../../dist/go/oo-jwt-go
