//! SARIF 2.1.0, with rule metadata in the driver.

use super::Checked;
use blamelint_core::{RuleSet, Severity};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{self, Write};

pub const RULE_DOCS_BASE: &str = "https://blamelint.dev/rules/";

pub fn print(checked: &[Checked], out: &mut dyn Write) -> io::Result<()> {
    let set = RuleSet::builtin();
    let mut rule_index: BTreeMap<String, usize> = BTreeMap::new();
    let mut rules: Vec<Value> = Vec::new();
    let mut ensure = |id: &str, category: &str| -> usize {
        if let Some(i) = rule_index.get(id) {
            return *i;
        }
        let r = set.rule(id);
        rules.push(json!({
            "id": id,
            "name": id,
            "shortDescription": {"text": r.map(|r| r.message.replace("{match}", "…")).unwrap_or_else(|| id.to_string())},
            "fullDescription": {"text": r.map(|r| r.explanation.clone()).unwrap_or_default()},
            "help": {"text": r.map(|r| r.explanation.clone()).unwrap_or_default(), "markdown": r.map(|r| r.explanation.clone()).unwrap_or_default()},
            "helpUri": format!("{RULE_DOCS_BASE}{id}"),
            "properties": {"tags": [category]},
            "defaultConfiguration": {"level": r.map(|r| level(r.severity)).unwrap_or("warning")},
        }));
        rule_index.insert(id.to_string(), rules.len() - 1);
        rules.len() - 1
    };
    let mut results = Vec::new();
    for c in checked {
        for d in &c.diagnostics {
            let idx = ensure(&d.rule, &d.category);
            let s = c.pos(d.span.start);
            let e = c.pos(d.span.end);
            let mut result = json!({
                "ruleId": d.rule,
                "ruleIndex": idx,
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": c.path.replace('\\', "/")},
                    "region": {"startLine": s.line, "startColumn": s.column, "endLine": e.line, "endColumn": e.column,
                               "byteOffset": c.file_offset(d.span.start), "byteLength": d.span.end - d.span.start}
                }}],
            });
            if let Some(f) = &d.fix {
                result["fixes"] = json!([{
                    "description": {"text": f.title},
                    "artifactChanges": [{"artifactLocation": {"uri": c.path.replace('\\', "/")},
                        "replacements": f.edits.iter().map(|ed| json!({
                            "deletedRegion": {"byteOffset": c.file_offset(ed.range.start), "byteLength": ed.range.end - ed.range.start},
                            "insertedContent": {"text": ed.replacement}})).collect::<Vec<_>>()}]
                }]);
            }
            results.push(result);
        }
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "blamelint", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://blamelint.dev", "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}
