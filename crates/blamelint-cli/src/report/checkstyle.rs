//! Checkstyle XML: a `<file>` per linted file, an `<error>` per finding.

use super::{xml, Checked};
use blamelint_core::Severity;
use std::io::{self, Write};

pub fn print(checked: &[Checked], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    for c in checked {
        if c.diagnostics.is_empty() {
            writeln!(out, r#"  <file name="{}"/>"#, xml::attr(&c.path))?;
            continue;
        }
        writeln!(out, r#"  <file name="{}">"#, xml::attr(&c.path))?;
        for d in &c.diagnostics {
            let p = c.pos(d.span.start);
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "info",
            };
            writeln!(
                out,
                r#"    <error line="{}" column="{}" severity="{severity}" message="{}" source="blamelint.{}"/>"#,
                p.line,
                p.column,
                xml::attr(&d.message),
                xml::attr(&d.rule)
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}
