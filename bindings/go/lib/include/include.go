// Package include holds oo_jwt.h, the C ABI's header the package is compiled against.
// It has no Go code: package oojwt imports it so that `go mod vendor`, which copies only the
// directories of imported packages, keeps the file.
package include
