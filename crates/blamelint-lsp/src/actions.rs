//! Code actions. Quick fixes are built from `Diagnostic.data` as the client
//! hands it back (so they match what the user sees, not whatever the server
//! linted since); only "fix all" lints, because it must see the current text.

use crate::convert::{self, DiagnosticData, SOURCE};
use crate::line_index::LineIndex;
use blamelint_core::line_index::ColumnUnit;
use blamelint_core::{Applicability, Diagnostic};
use std::collections::{HashMap, HashSet};
use std::ops::Range as ByteRange;
use tower_lsp::lsp_types::{
    self, CodeAction, CodeActionKind, CodeActionOrCommand, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, Range, TextDocumentEdit, TextEdit, Url,
    WorkspaceEdit,
};

pub const FIX_ALL_KIND: &str = "source.fixAll.blamelint";
pub const FIX_ALL_TITLE: &str = "Fix all safe problems in this file";
/// The structure check whose fixes "insert all missing sections" combines.
pub const MISSING_SECTION: &str = "missing-section";

/// The document as the action is computed against.
pub struct Target<'a> {
    pub uri: &'a Url,
    pub version: i32,
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub unit: ColumnUnit,
    /// Whether the client takes versioned `documentChanges`: then an edit made
    /// for an older version is refused by the client instead of misapplied.
    pub document_changes: bool,
}

impl Target<'_> {
    fn workspace_edit(&self, edits: Vec<TextEdit>) -> WorkspaceEdit {
        if self.document_changes {
            let doc = TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: self.uri.clone(),
                    version: Some(self.version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            };
            WorkspaceEdit {
                document_changes: Some(DocumentChanges::Edits(vec![doc])),
                ..WorkspaceEdit::default()
            }
        } else {
            WorkspaceEdit {
                changes: Some(HashMap::from([(self.uri.clone(), edits)])),
                ..WorkspaceEdit::default()
            }
        }
    }
}

/// Whether a client's `only` filter admits `kind` (LSP kinds are
/// hierarchical: `source` admits `source.fixAll.blamelint`).
pub fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    match only {
        None => true,
        Some(list) => list.iter().any(|o| {
            let o = o.as_str();
            kind == o || (kind.starts_with(o) && kind.as_bytes().get(o.len()) == Some(&b'.'))
        }),
    }
}

/// Per diagnostic: its fix (when its data is for the current version), and
/// "Disable <rule> for this line".
pub fn quick_fixes(
    target: &Target,
    diagnostics: &[lsp_types::Diagnostic],
) -> Vec<CodeActionOrCommand> {
    let mut fixes = Vec::new();
    let mut disables = Vec::new();
    let mut disabled: HashSet<(u32, String)> = HashSet::new();
    let mut sections: Vec<(&lsp_types::Diagnostic, Vec<TextEdit>)> = Vec::new();
    for d in diagnostics {
        if d.source.as_deref() != Some(SOURCE) {
            continue;
        }
        let Some(data) = d
            .data
            .clone()
            .and_then(|v| serde_json::from_value::<DiagnosticData>(v).ok())
        else {
            continue;
        };
        if let Some(fix) = &data.fix {
            // Ranges in `data` belong to `data.version`; applied to another
            // version they would land in the wrong place.
            if data.version == target.version && !fix.edits.is_empty() {
                let action = CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(target.workspace_edit(fix.edits.clone())),
                    is_preferred: Some(fix.applicability == Applicability::Safe),
                    ..CodeAction::default()
                };
                fixes.push(action);
                if data.rule == MISSING_SECTION {
                    sections.push((d, fix.edits.clone()));
                }
            }
        }
        let line = d.range.start.line;
        if disabled.insert((line, data.rule.clone())) {
            if let Some(edit) = disable_edit(target.text, target.index, line, &data.rule) {
                disables.push(CodeAction {
                    title: format!("Disable {} for this line", data.rule),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(target.workspace_edit(vec![edit])),
                    is_preferred: Some(false),
                    ..CodeAction::default()
                });
            }
        }
    }
    // The one fix offered is the preferred one even when unsafe: the user
    // asked for a fix and there is no better candidate.
    if fixes.len() == 1 {
        fixes[0].is_preferred = Some(true);
    }
    if let Some(all) = insert_all_sections(target, &sections) {
        fixes.push(all);
    }
    fixes
        .into_iter()
        .chain(disables)
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// Several sections missing (their diagnostics sit on the same title, so the
/// client sends them together): one action inserting all of them. Inserts at
/// the same position keep the core's (template) order, which LSP preserves
/// for same-position inserts.
fn insert_all_sections(
    target: &Target,
    sections: &[(&lsp_types::Diagnostic, Vec<TextEdit>)],
) -> Option<CodeAction> {
    if sections.len() < 2 {
        return None;
    }
    let mut edits: Vec<TextEdit> = sections
        .iter()
        .flat_map(|(_, e)| e.iter().cloned())
        .collect();
    let key = |p: &Position| (p.line, p.character);
    edits.sort_by_key(|e| key(&e.range.start));
    // Anything but pure inserts sharing a point must not overlap.
    if edits
        .windows(2)
        .any(|w| key(&w[1].range.start) < key(&w[0].range.end))
    {
        return None;
    }
    Some(CodeAction {
        title: format!("Insert all {} missing sections", sections.len()),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(sections.iter().map(|(d, _)| (*d).clone()).collect()),
        edit: Some(target.workspace_edit(edits)),
        is_preferred: Some(false),
        ..CodeAction::default()
    })
}

/// Inserts `<!-- blamelint-disable-next-line RULE -->` above `line`, with the
/// line's own indentation and quote markers (so it stays inside the same list
/// item or quote) and its own line ending (so CRLF files stay CRLF).
pub fn disable_edit(text: &str, index: &LineIndex, line: u32, rule: &str) -> Option<TextEdit> {
    let range = index.line_range(line as usize)?;
    let content = text.get(range.clone())?;
    let prefix_len = content
        .find(|c: char| !matches!(c, ' ' | '\t' | '>'))
        .unwrap_or(content.len());
    let prefix = content[..prefix_len].trim_end_matches(['\n', '\r']);
    let eol = line_ending(content)
        .or_else(|| {
            line.checked_sub(1)
                .and_then(|l| index.line_range(l as usize))
                .and_then(|r| text.get(r))
                .and_then(line_ending)
        })
        .unwrap_or("\n");
    let at = Position::new(line, 0);
    Some(TextEdit {
        range: Range::new(at, at),
        new_text: format!("{prefix}<!-- blamelint-disable-next-line {rule} -->{eol}"),
    })
}

fn line_ending(line: &str) -> Option<&'static str> {
    if line.ends_with("\r\n") {
        Some("\r\n")
    } else if line.ends_with('\n') {
        Some("\n")
    } else if line.ends_with('\r') {
        Some("\r")
    } else {
        None
    }
}

/// `source.fixAll.blamelint`: every safe fix of the current text as one
/// minimal edit, or None when there is nothing safe to fix.
pub fn fix_all(target: &Target, diagnostics: &[Diagnostic]) -> Option<CodeAction> {
    let (fixed, applied) = blamelint_core::fix::apply_fixes(target.text, diagnostics, false);
    if applied == 0 || fixed == target.text {
        return None;
    }
    let (span, replacement) = minimal_edit(target.text, &fixed);
    let edit = TextEdit {
        range: convert::range(target.text, target.index, &span, target.unit),
        new_text: replacement,
    };
    Some(CodeAction {
        title: FIX_ALL_TITLE.into(),
        kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
        edit: Some(target.workspace_edit(vec![edit])),
        ..CodeAction::default()
    })
}

/// The smallest single replacement turning `old` into `new`: the byte range
/// of `old` to replace and its replacement, cut on character boundaries.
pub fn minimal_edit(old: &str, new: &str) -> (ByteRange<usize>, String) {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    (
        prefix..old.len() - suffix,
        new[prefix..new.len() - suffix].to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_edit_is_minimal_and_char_safe() {
        let (r, s) = minimal_edit("a 🎉 b", "a 🎊 b");
        assert_eq!((r, s.as_str()), (2..6, "🎊"));
        let (r, s) = minimal_edit("aaa", "aaaa");
        assert_eq!((r, s.as_str()), (3..3, "a"));
        let (r, s) = minimal_edit("same", "same");
        assert_eq!((r, s.as_str()), (4..4, ""));
        for (old, new) in [("x😀y", "x😃y"), ("é", "e\u{301}"), ("ab", ""), ("", "ab")] {
            let (r, s) = minimal_edit(old, new);
            let mut out = old.to_string();
            out.replace_range(r, &s);
            assert_eq!(out, new);
        }
    }

    #[test]
    fn disable_edit_keeps_indentation_quotes_and_crlf() {
        let text = "# T\r\n\r\n  > Bob should have known.\r\nlast";
        let idx = LineIndex::new(text);
        let e = disable_edit(text, &idx, 2, "hindsight-should-have").unwrap();
        assert_eq!(
            e.range,
            Range::new(Position::new(2, 0), Position::new(2, 0))
        );
        assert_eq!(
            e.new_text,
            "  > <!-- blamelint-disable-next-line hindsight-should-have -->\r\n"
        );
        // The last line has no terminator: use the previous line's.
        assert_eq!(
            disable_edit(text, &idx, 3, "r").unwrap().new_text,
            "<!-- blamelint-disable-next-line r -->\r\n"
        );
        assert!(disable_edit(text, &idx, 9, "r").is_none());
    }

    #[test]
    fn only_filter_is_hierarchical() {
        let k = |s: &str| CodeActionKind::from(s.to_string());
        assert!(wanted(None, FIX_ALL_KIND));
        assert!(wanted(Some(&[k("source")]), FIX_ALL_KIND));
        assert!(wanted(Some(&[k("source.fixAll")]), FIX_ALL_KIND));
        assert!(!wanted(Some(&[k("source.fix")]), FIX_ALL_KIND));
        assert!(!wanted(Some(&[k("quickfix")]), FIX_ALL_KIND));
        assert!(wanted(Some(&[k("quickfix")]), "quickfix"));
    }
}
