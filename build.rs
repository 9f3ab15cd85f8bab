//! Generates `include/oo_jwt.h` from `src/ffi.rs` with cbindgen. The header is committed; the test
//! command fails when regenerating it would change it (see the Makefile's `header-check`).

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=src/ffi.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    // The per-thread state is freed by a pthread key destructor inside this library: a library
    // unloaded (dlclose) while threads still hold state would leave that destructor dangling, so
    // the ELF shared library is marked never to be unloaded.
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.contains("linux") || target.contains("bsd") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-z,nodelete");
    }
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(dir.join("src/ffi.rs"))
        .generate()
        .expect("cbindgen could not read src/ffi.rs");
    // write_to_file only rewrites the file when its contents change.
    bindings.write_to_file(dir.join("include/oo_jwt.h"));
}
