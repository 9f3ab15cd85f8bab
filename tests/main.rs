//! The integration tests, as modules of one test binary: one link instead of one per file.
//!
//! `cargo test --test main` runs them all; `cargo test --test main timing:: -- --ignored` runs the
//! statistical timing checks (`make test-timing`). A new `tests/*.rs` file must be listed here:
//! `every_test_file_is_a_module` fails until it is, so that no suite is left out silently.

mod concurrency;
mod limits;
mod properties;
mod timing;
mod vectors;

#[test]
fn every_test_file_is_a_module() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = include_str!("main.rs");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs") && stem != "main" {
            files += 1;
            assert!(
                main.lines().any(|l| l == format!("mod {stem};")),
                "tests/{stem}.rs is not a module of tests/main.rs, so it never runs: add `mod {stem};`"
            );
        }
    }
    assert!(
        files >= 5,
        "only {files} test modules found in {}",
        dir.display()
    );
}
