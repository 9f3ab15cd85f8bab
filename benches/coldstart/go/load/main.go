// load: the static archive of the dist module linked through cgo directly (no wrapper), and one call
// of oo_abi_version(). `commands deps` names the archive in CGO_LDFLAGS.
package main

// #include <stdint.h>
// uint32_t oo_abi_version(void);
import "C"

import "os"

func main() {
	if C.oo_abi_version()>>16 != 1 {
		os.Exit(1)
	}
}
