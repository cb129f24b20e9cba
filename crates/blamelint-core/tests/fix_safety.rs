//! Fix safety: fixing (safe and unsafe) to a fixpoint converges within the
//! CLI's round limit, and fixing the result again changes nothing. The
//! inputs here are what `fuzz/fuzz_targets/fixes.rs` found, kept verbatim,
//! plus their minimal forms.

use blamelint_core::fix::apply_fixes;
use blamelint_core::Linter;

/// `MAX_FIX_ROUNDS` of `blamelint check --fix`.
const CLI_ROUNDS: usize = 4;

fn check_spans(text: &str, linter: &Linter, path: &str) -> Vec<blamelint_core::Diagnostic> {
    let diags = linter.lint(path, text).diagnostics;
    for d in &diags {
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            assert!(
                e.range.end <= text.len()
                    && text.is_char_boundary(e.range.start)
                    && text.is_char_boundary(e.range.end),
                "{}: edit {:?}",
                d.rule,
                e.range
            );
        }
    }
    diags
}

/// Fixes to a fixpoint: (the text, rounds that changed it).
fn fixpoint(linter: &Linter, path: &str, text: &str) -> (String, usize) {
    let mut text = text.to_string();
    for round in 0..32 {
        let diags = check_spans(&text, linter, path);
        let (next, applied) = apply_fixes(&text, &diags, true);
        if applied == 0 || next == text {
            return (text, round);
        }
        text = next;
    }
    panic!("no fixpoint in 32 rounds: {text:?}");
}

fn assert_fix_is_idempotent(path: &str, text: &str) -> String {
    let linter = Linter::builtin();
    let (once, rounds) = fixpoint(&linter, path, text);
    assert!(rounds <= CLI_ROUNDS, "{rounds} rounds for {text:?}");
    let (twice, again) = fixpoint(&linter, path, &once);
    assert_eq!(again, 0, "fixed text still had fixes: {once:?}");
    assert_eq!(once, twice);
    once
}

/// Found by the `fixes` fuzz target (crash-20efaace…): the missing-section
/// fix inserted its headings at the end of an HTML comment that is never
/// closed, where they are comment, not headings; every run inserted them
/// again (`--fix --unsafe-fixes` added the whole skeleton four times per run).
const FUZZ_UNCLOSED_COMMENT: &str = "art the worker.   - This was Kim's fault\n  - Jan had moeten kijken\n# Postmortem: database outage\r\n# Contributing Factors\r\n<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--<!--`code span`";

#[test]
fn sections_are_not_inserted_into_an_unclosed_comment_or_fence() {
    for text in [
        FUZZ_UNCLOSED_COMMENT,
        "# Postmortem: cache outage\n\n<!-- draft notes\n",
        "# Postmortem: cache outage\n\n```\ncode\n",
        "# Postmortem: cache outage\r\n\r\n~~~~\r\ncode\r\n~~~\r\n",
    ] {
        let fixed = assert_fix_is_idempotent("postmortems/2024-01-02-db.md", text);
        assert_eq!(
            fixed.matches("## Impact").count(),
            0,
            "no heading inserted where it would not be one: {fixed:?}"
        );
        // The findings are still reported, just without a fix.
        let diags = Linter::builtin()
            .lint("postmortems/2024-01-02-db.md", &fixed)
            .diagnostics;
        let missing: Vec<_> = diags
            .iter()
            .filter(|d| d.rule == "missing-section")
            .collect();
        assert!(!missing.is_empty());
        assert!(missing.iter().all(|d| d.fix.is_none()));
    }
}

/// Found by the `fixes` fuzz target (second run): with no title heading the
/// metadata fix inserted its lines after the first line, an HTML comment
/// that is never closed; every run inserted them again.
const FUZZ_METADATA_IN_COMMENT: &str =
    "\n<!-- blamelint-disablethe on-call engineer missed the page \n";

#[test]
fn metadata_is_not_inserted_into_an_unclosed_comment() {
    for text in [
        FUZZ_METADATA_IN_COMMENT,
        "<!-- Postmortem: cache outage\n\nBob restarted the cache.\n",
    ] {
        let fixed = assert_fix_is_idempotent("postmortems/2024-01-02-db.md", text);
        assert_eq!(
            fixed, text,
            "nothing can be inserted where it would be seen"
        );
        let diags = Linter::builtin()
            .lint("postmortems/2024-01-02-db.md", &fixed)
            .diagnostics;
        let missing = diags.iter().find(|d| d.rule == "metadata-missing").unwrap();
        assert!(missing.fix.is_none());
    }
    // With a title, the lines still go in.
    let fixed = assert_fix_is_idempotent(
        "postmortems/2024-01-02-db.md",
        "# Postmortem: x\n\nSome text.\n",
    );
    assert!(fixed.contains("\n**Date:** "), "{fixed:?}");
}

#[test]
fn sections_are_still_inserted_after_a_closed_fence_or_comment() {
    for text in [
        "# Postmortem: cache outage\n\n```\ncode\n```\n",
        "# Postmortem: cache outage\n\n<!-- notes -->\n",
        "# Postmortem: cache outage\n\nSome text.\n",
    ] {
        let fixed = assert_fix_is_idempotent("postmortems/2024-01-02-db.md", text);
        assert_eq!(fixed.matches("## Impact").count(), 1, "{fixed:?}");
        assert!(fixed.starts_with(text.lines().next().unwrap()));
    }
}

/// Found by the `fixes` fuzz target after the outline became block by block:
/// an HTML comment opened mid-paragraph and never closed, then blank lines
/// at the end. The comment's range stopped before the blank lines, so the
/// missing sections were "inserted" at the very end, inside the comment,
/// on every run.
#[test]
fn sections_are_not_inserted_after_an_unclosed_comment_and_blank_lines() {
    let verbatim = include_str!("fuzz_regressions/fixes-unclosed-comment-blank-tail.md");
    for text in [
        verbatim,
        "# Postmortem: cache outage\nSome text.\n<!-- draft notes\nmore\n\n\n\n",
        "# Postmortem: cache outage\r\n\r\n```\r\ncode\r\n\r\n\r\n",
    ] {
        let fixed = assert_fix_is_idempotent("incidents/outage.markdown", text);
        assert!(
            fixed.len() <= text.len() + 2000,
            "the skeleton was inserted more than once: {fixed:?}"
        );
    }
}
