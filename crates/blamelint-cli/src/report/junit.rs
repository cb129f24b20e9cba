//! JUnit XML: one test case per linted file, one `<failure>` per finding.
//! A file without findings is a passing test case; `failures` counts the
//! failing test cases (files), as JUnit consumers expect.

use super::{xml, Checked};
use std::io::{self, Write};

pub fn print(checked: &[Checked], out: &mut dyn Write) -> io::Result<()> {
    let tests = checked.len();
    let failures = checked.iter().filter(|c| !c.diagnostics.is_empty()).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="blamelint" tests="{tests}" failures="{failures}" errors="0">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="blamelint" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#
    )?;
    for c in checked {
        let name = xml::attr(&c.path);
        if c.diagnostics.is_empty() {
            writeln!(
                out,
                r#"    <testcase classname="blamelint" name="{name}" file="{name}"/>"#
            )?;
            continue;
        }
        writeln!(
            out,
            r#"    <testcase classname="blamelint" name="{name}" file="{name}">"#
        )?;
        for d in &c.diagnostics {
            let p = c.pos(d.span.start);
            let mut body = format!(
                "{}:{}:{}: {}[{}] {}",
                c.path, p.line, p.column, d.severity, d.rule, d.message
            );
            if let Some(s) = d.suggestions.first() {
                body.push_str("\nSuggestion: ");
                body.push_str(s);
            }
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}</failure>"#,
                xml::attr(&d.rule),
                xml::attr(&format!("{}:{}: {}", p.line, p.column, d.message)),
                xml::text(&body)
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}
