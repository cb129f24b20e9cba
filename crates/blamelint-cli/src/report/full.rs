//! `full` (source line, caret, message, suggestion) and `concise`.

use super::Checked;
use annotate_snippets::{Level, Renderer, Snippet};
use blamelint_core::Severity;
use std::io::{self, Write};

fn level(s: Severity) -> Level {
    match s {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
        Severity::Hint => Level::Note,
    }
}

pub fn print(checked: &[Checked], out: &mut dyn Write, concise: bool) -> io::Result<()> {
    let renderer = Renderer::styled();
    let mut total = 0;
    let mut files = 0;
    for c in checked {
        if !c.diagnostics.is_empty() {
            files += 1;
        }
        for d in &c.diagnostics {
            total += 1;
            let p = c.pos(d.span.start);
            if concise {
                writeln!(
                    out,
                    "{}:{}:{}: {}[{}] {}",
                    c.path, p.line, p.column, d.severity, d.rule, d.message
                )?;
                continue;
            }
            // annotate-snippets draws `^` only for error-level annotations;
            // the title keeps the real severity.
            // Render only the lines the span touches, so huge files stay cheap.
            let first = c.index.line_of(d.span.start);
            let last = c
                .index
                .line_of(d.span.end.saturating_sub(1).max(d.span.start));
            let start = c.index.line_range(first).map(|r| r.start).unwrap_or(0);
            let end = c
                .index
                .line_range(last)
                .map(|r| r.end)
                .unwrap_or(c.text.len());
            let source = c.text[start..end].trim_end_matches(['\n', '\r']);
            let span = (d.span.start - start)..(d.span.end - start).min(source.len());
            let origin = c.path.clone();
            let suggestion = d.suggestions.first().map(|s| format!("suggestion: {s}"));
            let fix_note = d.fix.as_ref().map(|f| {
                format!(
                    "fix available ({}): {}",
                    if f.applicability == blamelint_core::Applicability::Safe {
                        "safe"
                    } else {
                        "unsafe, --unsafe-fixes"
                    },
                    f.title
                )
            });
            let mut msg = level(d.severity).title(&d.message).id(&d.rule).snippet(
                Snippet::source(source)
                    .line_start(first + 1)
                    .origin(&origin)
                    .annotation(Level::Error.span(span).label(&d.category)),
            );
            if let Some(s) = &suggestion {
                msg = msg.footer(Level::Help.title(s));
            }
            if let Some(f) = &fix_note {
                msg = msg.footer(Level::Note.title(f));
            }
            writeln!(out, "{}\n", renderer.render(msg))?;
        }
    }
    if !concise {
        if total == 0 {
            writeln!(
                out,
                "No problems found in {} file{}.",
                checked.len(),
                if checked.len() == 1 { "" } else { "s" }
            )?;
        } else {
            writeln!(
                out,
                "Found {total} problem{} in {files} file{}.",
                if total == 1 { "" } else { "s" },
                if files == 1 { "" } else { "s" }
            )?;
        }
    }
    Ok(())
}
