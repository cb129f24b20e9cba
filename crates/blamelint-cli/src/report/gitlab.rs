//! GitLab Code Quality report: a JSON array of Code Climate issues
//! (`description`, `check_name`, `fingerprint`, `severity`, `location`).
//! The fingerprint hashes path, rule, flagged text, the line's content and the
//! occurrence, not the line number, so a finding keeps it when lines move and
//! the merge request widget shows only new findings.

use super::Checked;
use crate::baseline::{context_hash, flagged_text, fnv1a64};
use blamelint_core::Severity;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{self, Write};

pub fn print(checked: &[Checked], out: &mut dyn Write) -> io::Result<()> {
    let mut issues = Vec::new();
    for c in checked {
        let path = c.path.replace('\\', "/");
        let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
        for d in &c.diagnostics {
            let text = flagged_text(c, d);
            let hash = context_hash(c, d);
            let n = seen
                .entry((d.rule.clone(), text.clone(), hash.clone()))
                .or_default();
            *n += 1;
            let key = format!("{path}\0{}\0{text}\0{hash}\0{n}", d.rule);
            issues.push(json!({
                "description": d.message,
                "check_name": d.rule,
                "fingerprint": format!("{:016x}", fnv1a64(key.as_bytes())),
                "severity": match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info | Severity::Hint => "info",
                },
                "location": {"path": path, "lines": {"begin": c.pos(d.span.start).line}},
            }));
        }
    }
    serde_json::to_writer_pretty(&mut *out, &Value::Array(issues))?;
    writeln!(out)
}
