//! Prints the document a fuzz input stands for, e.g. a crash artifact of
//! `lint_markdown` or `fixes`:
//!
//! ```sh
//! cargo run --manifest-path fuzz/Cargo.toml --example show -- fuzz/artifacts/fixes/crash-...
//! ```
//! The first line says which path and fix mode `fixes` would use; then the
//! document, as a Rust string literal (paste it into a regression test).

use blamelint_fuzz::{markdown_document, Bytes, PATHS};

fn main() {
    let file = std::env::args().nth(1).expect("usage: show FILE");
    let data = std::fs::read(&file).expect("read the input");
    // As `lint_markdown` reads it.
    let mut b = Bytes::new(&data);
    let path = PATHS[b.below(PATHS.len())];
    println!("lint_markdown: {path}: {:?}", markdown_document(&mut b));
    // As `fixes` reads it.
    let mut b = Bytes::new(&data);
    let path = PATHS[b.below(PATHS.len())];
    let unsafe_fixes = b.below(4) != 0;
    let text = if data.first() == Some(&0xFF) {
        String::from_utf8_lossy(&data[1..]).into_owned()
    } else {
        markdown_document(&mut b)
    };
    println!("fixes: {path} (unsafe fixes: {unsafe_fixes}): {text:?}");
}
