//! Hover on a flagged span: the rule's explanation and the suggestions.

use crate::convert;
use crate::line_index::LineIndex;
use crate::lint::LintOutput;
use blamelint_core::line_index::ColumnUnit;
use std::fmt::Write;
use tower_lsp::lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

pub fn hover(
    output: &LintOutput,
    text: &str,
    index: &LineIndex,
    offset: usize,
    unit: ColumnUnit,
) -> Option<Hover> {
    // A zero-width span (an insertion point) still answers on its position.
    let hits: Vec<_> = output
        .diagnostics
        .iter()
        .filter(|d| d.span.start <= offset && (offset < d.span.end || offset == d.span.start))
        .collect();
    let first = hits.first()?;
    let mut md = String::new();
    for (i, d) in hits.iter().enumerate() {
        if i > 0 {
            md.push_str("\n\n---\n\n");
        }
        let _ = write!(
            md,
            "**{}** ([`{}`]({}{}))",
            d.message,
            d.rule,
            convert::RULES_BASE_URL,
            d.rule
        );
        if let Some(rule) = output.linter.rules.rule(&d.rule) {
            let explanation = rule.explanation.trim();
            if !explanation.is_empty() {
                let _ = write!(md, "\n\n{explanation}");
            }
        }
        if !d.suggestions.is_empty() {
            md.push_str("\n\n**Suggestions**\n");
            for s in &d.suggestions {
                let _ = write!(md, "\n- {s}");
            }
        }
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: md,
        }),
        range: Some(convert::range(text, index, &first.span, unit)),
    })
}
