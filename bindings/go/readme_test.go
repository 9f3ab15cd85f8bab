package oojwt

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
)

// TestReadmeExamplesCompile writes each Go block of README.md as a file of one program (package
// main, each block with its own imports; an empty main unless a block has one) and runs go vet on it,
// so the README's examples follow the API. The program lives under build/testdata, which `go build ./...` skips.
func TestReadmeExamplesCompile(t *testing.T) {
	track(t)
	text, err := os.ReadFile("README.md")
	mustNil(t, err)
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllSubmatch(text, -1)
	if len(blocks) < 2 {
		t.Fatalf("README.md has %d Go blocks", len(blocks))
	}
	dir, err := filepath.Abs(filepath.Join("build", "testdata", fmt.Sprintf("readme-%d", os.Getpid())))
	mustNil(t, err)
	mustNil(t, os.MkdirAll(dir, 0o755))
	t.Cleanup(func() { os.RemoveAll(dir) })
	// A block that starts with its package clause is a whole program of its own (the first section's,
	// which `make test-dist` also runs from a scratch module); the others make one program together.
	dirs := []string{dir}
	shared := []byte{}
	for i, b := range blocks {
		if bytes.HasPrefix(b[1], []byte("package main\n")) {
			own := filepath.Join(dir, fmt.Sprintf("program%d", i))
			mustNil(t, os.MkdirAll(own, 0o755))
			mustNil(t, os.WriteFile(filepath.Join(own, "main.go"), b[1], 0o644))
			dirs = append(dirs, own)
			continue
		}
		shared = append(shared, b[1]...)
		mustNil(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("block%d.go", i)), append([]byte("package main\n\n"), b[1]...), 0o644))
	}
	if !regexp.MustCompile(`(?m)^func main\(\)`).Match(shared) { // a runnable example has its own
		mustNil(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644))
	}
	for _, d := range dirs {
		cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "vet", ".")
		cmd.Dir = d
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("README.md's Go blocks in %s do not build: %v\n%s", d, err, out)
		}
	}
}
