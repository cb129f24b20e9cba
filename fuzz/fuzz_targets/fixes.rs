//! Fix safety. For a Markdown-shaped (or, with a leading 0xFF, raw) text:
//! every fix edit is inside the text on char boundaries; the fixed text
//! re-lints without panics; fixing safe+unsafe to a fixpoint converges, and
//! fast enough for `blamelint check --fix`'s round limit, so that
//! fix-to-fixpoint(fix-to-fixpoint(x)) == fix-to-fixpoint(x) holds for the
//! command as well as in the limit.
#![no_main]

use blamelint_core::fix::apply_fixes;
use blamelint_fuzz::{check_result, linter, markdown_document, Bytes, PATHS};
use libfuzzer_sys::fuzz_target;

/// The CLI's `MAX_FIX_ROUNDS` (crates/blamelint-cli/src/check.rs).
const CLI_ROUNDS: usize = 4;
/// Far past it: not converging by then is a fix loop.
const LIMIT: usize = 32;

/// Lints and applies fixes until nothing changes; returns the text and the
/// number of rounds that changed it.
fn fixpoint(path: &str, original: &str, unsafe_fixes: bool) -> (String, usize) {
    let mut text = original.to_string();
    for round in 0..LIMIT {
        let result = linter().lint(path, &text);
        check_result(&text, &result);
        let (next, applied) = apply_fixes(&text, &result.diagnostics, unsafe_fixes);
        if applied == 0 || next == text {
            return (text, round);
        }
        text = next;
    }
    panic!("fixes did not reach a fixpoint in {LIMIT} rounds on {path} (unsafe: {unsafe_fixes}): {original:?}");
}

fuzz_target!(|data: &[u8]| {
    let mut bytes = Bytes::new(data);
    let path = PATHS[bytes.below(PATHS.len())];
    let unsafe_fixes = bytes.below(4) != 0;
    let text = if data.first() == Some(&0xFF) {
        String::from_utf8_lossy(&data[1..]).into_owned()
    } else {
        markdown_document(&mut bytes)
    };
    let (once, rounds) = fixpoint(path, &text, unsafe_fixes);
    assert!(
        rounds <= CLI_ROUNDS,
        "fixes took {rounds} rounds (the CLI stops after {CLI_ROUNDS}): {text:?}"
    );
    let (twice, again) = fixpoint(path, &once, unsafe_fixes);
    assert_eq!(again, 0, "a fixed text had more fixes to apply");
    assert_eq!(once, twice);
});
