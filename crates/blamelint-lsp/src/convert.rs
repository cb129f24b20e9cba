//! Core findings (byte spans) -> LSP diagnostics (line/column in the
//! negotiated encoding), and the `data` payload code actions are built from.

use crate::line_index::LineIndex;
use blamelint_core::line_index::ColumnUnit;
use blamelint_core::{Applicability, Diagnostic, Severity};
use serde::{Deserialize, Serialize};
use std::ops::Range as ByteRange;
use tower_lsp::lsp_types::{
    self, CodeDescription, DiagnosticSeverity, NumberOrString, Position, PositionEncodingKind,
    Range, TextEdit, Url,
};

/// Where each rule's documentation lives: `<base><rule id>`.
pub const RULES_BASE_URL: &str = "https://blamelint.dev/rules/";

pub const SOURCE: &str = "blamelint";

/// UTF-8 when the client offers it (no conversion cost, exact for editors
/// that count bytes), else the UTF-16 every client must support.
pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> (ColumnUnit, PositionEncodingKind) {
    match offered {
        Some(list) if list.contains(&PositionEncodingKind::UTF8) => {
            (ColumnUnit::Utf8, PositionEncodingKind::UTF8)
        }
        _ => (ColumnUnit::Utf16, PositionEncodingKind::UTF16),
    }
}

pub fn position(text: &str, index: &LineIndex, offset: usize, unit: ColumnUnit) -> Position {
    let (line, character) = index.position(text, offset, unit);
    Position { line, character }
}

pub fn range(text: &str, index: &LineIndex, span: &ByteRange<usize>, unit: ColumnUnit) -> Range {
    Range {
        start: position(text, index, span.start, unit),
        end: position(text, index, span.end, unit),
    }
}

pub fn offset(text: &str, index: &LineIndex, pos: Position, unit: ColumnUnit) -> usize {
    index.offset(text, pos.line, pos.character, unit)
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// `Diagnostic.data`: everything a code action needs, so actions are computed
/// from what the client hands back rather than from server state that may
/// have moved on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticData {
    pub rule: String,
    pub category: String,
    /// The document version the ranges below belong to.
    pub version: i32,
    #[serde(default)]
    pub suggestions: Vec<String>,
    #[serde(default)]
    pub fix: Option<FixData>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FixData {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<TextEdit>,
}

pub fn rule_url(rule: &str) -> Option<Url> {
    Url::parse(&format!("{RULES_BASE_URL}{rule}")).ok()
}

pub fn diagnostic(
    d: &Diagnostic,
    text: &str,
    index: &LineIndex,
    unit: ColumnUnit,
    version: i32,
) -> lsp_types::Diagnostic {
    let fix = d.fix.as_ref().map(|f| FixData {
        title: f.title.clone(),
        applicability: f.applicability,
        edits: f
            .edits
            .iter()
            .map(|e| TextEdit {
                range: range(text, index, &e.range, unit),
                new_text: e.replacement.clone(),
            })
            .collect(),
    });
    let data = DiagnosticData {
        rule: d.rule.clone(),
        category: d.category.clone(),
        version,
        suggestions: d.suggestions.clone(),
        fix,
    };
    lsp_types::Diagnostic {
        range: range(text, index, &d.span, unit),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.clone())),
        code_description: rule_url(&d.rule).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        related_information: None,
        tags: None,
        data: serde_json::to_value(data).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use blamelint_core::{Edit, Fix};

    #[test]
    fn diagnostic_carries_code_link_and_fix_data() {
        let text = "🎉 a\r\nBob should have x";
        let start = text.find("should").unwrap();
        let d = Diagnostic {
            rule: "hindsight-should-have".into(),
            category: "hindsight".into(),
            severity: Severity::Warning,
            message: "m".into(),
            span: start..start + 11,
            suggestions: vec!["ask why".into()],
            fix: Some(Fix::safe_edit(
                "Rewrite",
                Edit {
                    range: start..start + 11,
                    replacement: "could".into(),
                },
            )),
        };
        let idx = LineIndex::new(text);
        let l = diagnostic(&d, text, &idx, ColumnUnit::Utf16, 7);
        assert_eq!(
            l.range,
            Range::new(Position::new(1, 4), Position::new(1, 15))
        );
        assert_eq!(
            l.code_description.unwrap().href.as_str(),
            "https://blamelint.dev/rules/hindsight-should-have"
        );
        let data: DiagnosticData = serde_json::from_value(l.data.unwrap()).unwrap();
        assert_eq!(data.version, 7);
        let fix = data.fix.unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(fix.edits[0].range, l.range);
    }

    #[test]
    fn negotiates_utf8_only_when_offered() {
        assert_eq!(
            negotiate(Some(&[
                PositionEncodingKind::UTF16,
                PositionEncodingKind::UTF8
            ]))
            .0,
            ColumnUnit::Utf8
        );
        assert_eq!(
            negotiate(Some(&[PositionEncodingKind::UTF32])).0,
            ColumnUnit::Utf16
        );
        assert_eq!(negotiate(None).0, ColumnUnit::Utf16);
    }
}
