//! GitHub Actions workflow commands: `::warning file=...,line=...::message`.

use super::Checked;
use blamelint_core::Severity;
use std::io::{self, Write};

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_prop(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn print(checked: &[Checked], out: &mut dyn Write) -> io::Result<()> {
    for c in checked {
        for d in &c.diagnostics {
            let s = c.pos(d.span.start);
            let e = c.pos(d.span.end);
            let kind = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            let mut msg = d.message.clone();
            if let Some(sug) = d.suggestions.first() {
                msg.push_str("\nSuggestion: ");
                msg.push_str(sug);
            }
            writeln!(
                out,
                "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_prop(&c.path),
                s.line,
                s.column,
                e.line,
                e.column,
                escape_prop(&format!("blamelint {}", d.rule)),
                escape_data(&msg)
            )?;
        }
    }
    Ok(())
}
