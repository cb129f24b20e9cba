//! Arbitrary bytes, read as lossy UTF-8, linted as Markdown, plain text and
//! a postmortem: no panic, every span and fix edit inside the text on char
//! boundaries.
#![no_main]

use blamelint_fuzz::{check_result, linter, PATHS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for path in ["doc.md", "doc.txt", PATHS[2]] {
        let result = linter().lint(path, &text);
        check_result(&text, &result);
    }
});
