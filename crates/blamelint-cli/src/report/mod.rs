//! One output format enum, one reporter per format.

mod checkstyle;
mod full;
mod github;
mod gitlab;
mod json;
mod junit;
mod rdjson;
mod sarif;
mod xml;

use crate::args::{ColorChoice, OutputFormat};
use blamelint_core::line_index::{ColumnUnit, LineIndex};
use blamelint_core::Diagnostic;
use std::io::{self, Write};

/// A linted input, ready to report.
pub struct Checked {
    pub path: String,
    pub text: String,
    pub bom: bool,
    pub diagnostics: Vec<Diagnostic>,
    pub diff: Option<String>,
    pub is_stdin: bool,
    pub index: LineIndex,
}

/// 1-based line and character column of a byte offset.
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Checked {
    pub fn new(
        path: String,
        text: String,
        bom: bool,
        diagnostics: Vec<Diagnostic>,
        diff: Option<String>,
        is_stdin: bool,
    ) -> Checked {
        let index = LineIndex::new(&text);
        Checked {
            path,
            text,
            bom,
            diagnostics,
            diff,
            is_stdin,
            index,
        }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let lc = self.index.line_col(&self.text, offset, ColumnUnit::Char);
        Pos {
            line: lc.line as usize + 1,
            column: lc.col as usize + 1,
        }
    }

    /// Byte offsets in the file as stored (a UTF-8 BOM counts).
    pub fn file_offset(&self, offset: usize) -> usize {
        offset + if self.bom { 3 } else { 0 }
    }
}

pub fn color_choice(c: ColorChoice) -> anstream::ColorChoice {
    match c {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    }
}

pub fn print(
    format: OutputFormat,
    checked: &[Checked],
    out: &mut dyn Write,
    fix: bool,
) -> io::Result<()> {
    for c in checked {
        if let Some(d) = &c.diff {
            out.write_all(d.as_bytes())?;
        }
    }
    if fix {
        // `--fix` on standard input prints the fixed text, like ruff.
        if let Some(c) = checked.iter().find(|c| c.is_stdin) {
            if c.bom {
                out.write_all("\u{feff}".as_bytes())?;
            }
            return out.write_all(c.text.as_bytes());
        }
    }
    match format {
        OutputFormat::Full => full::print(checked, out, false),
        OutputFormat::Concise => full::print(checked, out, true),
        OutputFormat::Json => json::print(checked, out),
        OutputFormat::Github => github::print(checked, out),
        OutputFormat::Sarif => sarif::print(checked, out),
        OutputFormat::Gitlab => gitlab::print(checked, out),
        OutputFormat::Rdjson => rdjson::print(checked, out),
        OutputFormat::Junit => junit::print(checked, out),
        OutputFormat::Checkstyle => checkstyle::print(checked, out),
    }
}

pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}
