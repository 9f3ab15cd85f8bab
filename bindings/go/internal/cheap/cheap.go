// Package cheap measures the C heap for the wrapper's memory tests: bytes in use according to
// glibc's mallinfo2 (arenas and mmapped blocks). Unlike the process's resident size it does not
// depend on the allocator's high-water mark, on when Go's collector runs, or on other processes.
// Test-only: nothing in package oojwt imports it.
package cheap

/*
#include <malloc.h>
#include <stdlib.h>

static size_t cheap_in_use(void) {
	struct mallinfo2 m = mallinfo2();
	return m.uordblks + m.hblkhd;
}
*/
import "C"

import "unsafe"

// InUse is the number of bytes malloc has handed out and not yet had back.
//
//	before := cheap.InUse()
//	p := cheap.Malloc(1024) // InUse() - before >= 1024
//	cheap.Free(p)
func InUse() int64 { return int64(C.cheap_in_use()) }

// Malloc allocates n bytes with C's malloc (for checking that InUse sees a leak).
func Malloc(n int) unsafe.Pointer { return C.malloc(C.size_t(n)) }

// Free releases a block from Malloc.
func Free(p unsafe.Pointer) { C.free(p) }
