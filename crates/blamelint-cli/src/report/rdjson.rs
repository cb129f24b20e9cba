//! Reviewdog Diagnostic Format (`reviewdog -f=rdjson`): one `DiagnosticResult`.
//! Columns are 1-based UTF-8 byte counts and ranges end exclusively, as the
//! format specifies; fix edits become `suggestions`.

use super::sarif::RULE_DOCS_BASE;
use super::Checked;
use blamelint_core::line_index::ColumnUnit;
use blamelint_core::Severity;
use serde_json::{json, Value};
use std::io::{self, Write};

const SOURCE_URL: &str = "https://blamelint.dev";

fn position(c: &Checked, offset: usize) -> Value {
    let lc = c.index.line_col(&c.text, offset, ColumnUnit::Utf8);
    json!({"line": lc.line + 1, "column": lc.col + 1})
}

fn range(c: &Checked, start: usize, end: usize) -> Value {
    json!({"start": position(c, start), "end": position(c, end)})
}

pub fn print(checked: &[Checked], out: &mut dyn Write) -> io::Result<()> {
    let mut diagnostics = Vec::new();
    for c in checked {
        for d in &c.diagnostics {
            let mut diag = json!({
                "message": d.message,
                "location": {"path": c.path, "range": range(c, d.span.start, d.span.end)},
                "severity": match d.severity {
                    Severity::Error => "ERROR",
                    Severity::Warning => "WARNING",
                    Severity::Info | Severity::Hint => "INFO",
                },
                "code": {"value": d.rule, "url": format!("{RULE_DOCS_BASE}{}", d.rule)},
            });
            if let Some(f) = &d.fix {
                diag["suggestions"] = f
                    .edits
                    .iter()
                    .map(|e| {
                        json!({"range": range(c, e.range.start, e.range.end), "text": e.replacement})
                    })
                    .collect();
            }
            diagnostics.push(diag);
        }
    }
    let doc = json!({
        "source": {"name": "blamelint", "url": SOURCE_URL},
        "diagnostics": diagnostics,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
