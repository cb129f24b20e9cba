//! The data every front-end consumes. Spans are byte offsets into the text the
//! caller handed in; converting them to lines and columns is the caller's job.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "hint" => Some(Severity::Hint),
            "info" | "information" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether applying a fix keeps the author's meaning (ruff's safe/unsafe split).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Safe,
    Unsafe,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    /// Non-overlapping, sorted by start.
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe_edit(title: impl Into<String>, edit: Edit) -> Fix {
        Fix {
            title: title.into(),
            applicability: Applicability::Safe,
            edits: vec![edit],
        }
    }

    pub fn unsafe_edit(title: impl Into<String>, edit: Edit) -> Fix {
        Fix {
            title: title.into(),
            applicability: Applicability::Unsafe,
            edits: vec![edit],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub rule: String,
    pub category: String,
    pub severity: Severity,
    pub message: String,
    pub span: Range<usize>,
    pub suggestions: Vec<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn sort_key(&self) -> (usize, usize, &str) {
        (self.span.start, self.span.end, self.rule.as_str())
    }
}
