//! Grammar-aware: the bytes choose a Markdown-shaped document (headings,
//! fences, tables, comments and suppressions, emoji, CRLF, nested lists,
//! blame phrases), linted under each path kind.
#![no_main]

use blamelint_fuzz::{check_result, linter, markdown_document, Bytes, PATHS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = Bytes::new(data);
    let path = PATHS[bytes.below(PATHS.len())];
    let text = markdown_document(&mut bytes);
    let result = linter().lint(path, &text);
    check_result(&text, &result);
});
