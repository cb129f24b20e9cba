//! The JSON contract: an array, one object per diagnostic (README).

use super::Checked;
use blamelint_core::Applicability;
use serde_json::{json, Value};
use std::io::{self, Write};

pub fn values(checked: &[Checked]) -> Vec<Value> {
    let mut out = Vec::new();
    for c in checked {
        for d in &c.diagnostics {
            let s = c.pos(d.span.start);
            let e = c.pos(d.span.end);
            let fix = d.fix.as_ref().map(|f| {
                json!({
                    "applicability": if f.applicability == Applicability::Safe { "safe" } else { "unsafe" },
                    "message": f.title,
                    "edits": f.edits.iter().map(|ed| json!({"byte_start": c.file_offset(ed.range.start), "byte_end": c.file_offset(ed.range.end), "replacement": ed.replacement})).collect::<Vec<_>>(),
                })
            });
            out.push(json!({
                "path": c.path,
                "rule": d.rule,
                "category": d.category,
                "severity": d.severity.as_str(),
                "message": d.message,
                "line": s.line,
                "column": s.column,
                "end_line": e.line,
                "end_column": e.column,
                "byte_start": c.file_offset(d.span.start),
                "byte_end": c.file_offset(d.span.end),
                "suggestions": d.suggestions,
                "fix": fix,
            }));
        }
    }
    out
}

pub fn print(checked: &[Checked], out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Value::Array(values(checked)))?;
    writeln!(out)
}
