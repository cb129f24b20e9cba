//! Applying fix edits to a text.

use crate::diagnostic::{Applicability, Diagnostic, Edit};

/// Applies the fixes of `diagnostics` allowed by `unsafe_fixes`; edits that
/// overlap an earlier one, fall outside the text or split a character are
/// skipped. Returns the new text and how many fixes were applied.
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> (String, usize) {
    let mut fixes: Vec<&[Edit]> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| unsafe_fixes || f.applicability == Applicability::Safe)
        .map(|f| f.edits.as_slice())
        .filter(|e| !e.is_empty())
        .collect();
    fixes.sort_by_key(|e| e[0].range.start);
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut applied = 0;
    for edits in fixes {
        let valid = edits.iter().all(|e| {
            e.range.start >= pos
                && e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        }) && edits.windows(2).all(|w| w[0].range.end <= w[1].range.start);
        if !valid {
            continue;
        }
        for e in edits {
            out.push_str(&text[pos..e.range.start]);
            out.push_str(&e.replacement);
            pos = e.range.end;
        }
        applied += 1;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}
