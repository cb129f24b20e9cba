//! `blamelint.toml` / `.blamelint.toml`. The core parses text the caller
//! read; finding the file and reading extra rule packs is the caller's job.

use crate::diagnostic::Severity;
use crate::line_index::{ColumnUnit, LineIndex};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

pub const CONFIG_FILE_NAMES: &[&str] = &["blamelint.toml", ".blamelint.toml"];

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Rule ids or categories to run (default: all).
    #[serde(default)]
    pub select: Vec<String>,
    /// Rule ids or categories to skip.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Severity per rule id or category.
    #[serde(default)]
    pub severity: BTreeMap<String, SeverityValue>,
    /// Extra rule packs: TOML files or folders, relative to the config file.
    #[serde(default)]
    pub rule_paths: Vec<String>,
    /// Document language: a pack's language code, or "auto".
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub terms: Terms,
    /// Globs of files to lint (default: `*.md`, `*.markdown`, `*.txt`).
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub postmortem: PostmortemConfig,
    #[serde(default)]
    pub report: ReportConfig,
}

/// `blamelint report`: how Action Item statuses are read and the completion
/// targets (docs/report.md).
///
/// ```toml
/// [report]
/// done = ["shipped", "🚀"]      # also count these as done
/// open = ["parked"]             # ... as open
/// cancelled = ["descoped"]      # ... as cancelled (left out of the rates)
/// target = 0.8                  # completion rate target
/// escalate-below = 0.7          # below this, the report says "escalate"
/// ```
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ReportConfig {
    /// Extra status words (or emoji) meaning done; checked before the built-in ones.
    #[serde(default)]
    pub done: Vec<String>,
    /// Extra status words meaning open (not done yet).
    #[serde(default)]
    pub open: Vec<String>,
    /// Extra status words meaning cancelled / won't do.
    #[serde(default)]
    pub cancelled: Vec<String>,
    /// Completion rate target (default 0.8).
    #[serde(default)]
    pub target: Option<f64>,
    /// Below this completion rate the report says "escalate" (default 0.7).
    #[serde(default)]
    pub escalate_below: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeverityValue(pub Severity);

impl<'de> Deserialize<'de> for SeverityValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Severity::parse(&s).map(SeverityValue).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown severity `{s}`; expected error, warning, info or hint"
            ))
        })
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    /// Words that name people: the team's names, roles.
    #[serde(default)]
    pub persons: Vec<String>,
    /// Words that name systems: service names, tools.
    #[serde(default)]
    pub systems: Vec<String>,
}

/// Structure checks: which files are postmortems and which template applies.
///
/// ```toml
/// [postmortem]
/// paths = ["docs/incidents/**"]
/// severities = ["SEV-1", "SEV-2", "SEV-3"]
/// order = ["Executive Summary", "Timeline", "Impact"]
///
/// [postmortem.synonyms]
/// "Action Items" = ["Remediation plan"]
///
/// [[postmortem.sections]]
/// title = "Customer Communication"
/// requirement = "required"
/// after = "Impact"
/// ```
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PostmortemConfig {
    /// Globs of files that are postmortems, matched case-insensitively
    /// against the path (default: `**/postmortems/**`, `**/incidents/**`,
    /// `*postmortem*`, `*post-mortem*`, skipping `README.md` / `index.md`
    /// indexes; a glob without `/` matches the file
    /// name). Files whose front matter says `type: postmortem`, or whose
    /// first heading starts with "Postmortem", are postmortems regardless.
    #[serde(default)]
    pub paths: Option<Vec<String>>,
    /// A template TOML file replacing the built-in one, relative to the config.
    #[serde(default)]
    pub template: Option<String>,
    /// Accepted severity values (default P0-P3 and SEV-1..SEV-4).
    #[serde(default)]
    pub severities: Option<Vec<String>>,
    /// Accepted Action Items priorities (default P0-P3).
    #[serde(default)]
    pub priorities: Option<Vec<String>>,
    /// Sections to add to the template, or template sections to change
    /// (matched by title or synonym).
    #[serde(default)]
    pub sections: Vec<SectionConfig>,
    /// Extra heading synonyms per section title: `"Action Items" = ["Todo"]`.
    #[serde(default)]
    pub synonyms: BTreeMap<String, Vec<String>>,
    /// Extra Action Items column names per column: `owner`, `action`,
    /// `priority`, `due-date`, `status`, `id`: `owner = ["Driver"]`.
    #[serde(default)]
    pub columns: BTreeMap<String, Vec<String>>,
    /// Order of the top-level sections, by title (subsections follow their
    /// parent). Sections not listed keep their template order after these.
    /// Decides where the missing-section fix inserts and what `new` writes.
    #[serde(default)]
    pub order: Option<Vec<String>>,
}

/// Whether a template section must, should or may be present.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Requirement {
    /// Missing: `missing-section` (warning); only placeholders: `empty-section`.
    Required,
    /// Missing: `missing-section-recommended` (info).
    Recommended,
    /// Recognised (so it is not mistaken for the title), never reported.
    #[default]
    Optional,
}

/// One `[[postmortem.sections]]` entry.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SectionConfig {
    /// The heading: a new section's title, or a template section's title
    /// or synonym to change that section.
    pub title: String,
    /// Other headings accepted for it.
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// New sections default to `required`; changed ones keep theirs.
    #[serde(default)]
    pub requirement: Option<Requirement>,
    /// Title of the section this one belongs in (a subsection).
    #[serde(default)]
    pub parent: Option<String>,
    /// Title of the section it comes after (default: last, or last in its parent).
    #[serde(default)]
    pub after: Option<String>,
    /// The one line the missing-section fix and `blamelint new` put under the heading.
    #[serde(default)]
    pub prompt: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file name the caller gave.
    pub path: String,
    /// 1-based; 0 when unknown.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path, self.line, self.column, self.message
            )
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

/// toml's message for `e`, never empty: for some input (a lone `\r`) toml
/// points at the spot but says nothing.
pub(crate) fn toml_message(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim();
    if !message.is_empty() {
        return message.to_string();
    }
    let at = e
        .span()
        .and_then(|s| text.get(s.start..))
        .and_then(|t| t.chars().next());
    match at {
        Some('\r') => "a carriage return (\\r) must be followed by a line feed (\\n)".into(),
        Some(c) if c.is_control() => {
            format!("control character U+{:04X} is not allowed here", c as u32)
        }
        _ => "invalid TOML".into(),
    }
}

impl Config {
    pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
        toml::from_str::<Config>(text).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let idx = LineIndex::new(text);
                    let lc = idx.line_col(text, span.start, ColumnUnit::Char);
                    (lc.line as usize + 1, lc.col as usize + 1)
                }
                None => (0, 0),
            };
            ConfigError {
                path: path.to_string(),
                line,
                column,
                message: toml_message(text, &e),
            }
        })
    }

    /// Layers `other` over `self`: lists extend, maps and scalars override.
    /// Used for editor settings on top of the file config.
    pub fn merged_with(&self, other: &Config) -> Config {
        let mut c = self.clone();
        if !other.select.is_empty() {
            c.select = other.select.clone();
        }
        c.ignore.extend(other.ignore.iter().cloned());
        c.severity
            .extend(other.severity.iter().map(|(k, v)| (k.clone(), *v)));
        c.rule_paths.extend(other.rule_paths.iter().cloned());
        if other.language.is_some() {
            c.language = other.language.clone();
        }
        c.terms.persons.extend(other.terms.persons.iter().cloned());
        c.terms.systems.extend(other.terms.systems.iter().cloned());
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_line_and_column() {
        let err = Config::parse("select = [\"hindsight\"]\n  colour = 1\n", "blamelint.toml")
            .unwrap_err();
        assert_eq!((err.line, err.column), (2, 3));
        assert!(
            err.message.contains("unknown field `colour`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn lone_carriage_return_has_a_message() {
        // Found by tests/properties.rs: toml reports no message for it.
        let err = Config::parse("\rselect = []\n", "b.toml").unwrap_err();
        assert_eq!((err.line, err.column), (1, 1));
        assert!(err.message.contains("carriage return"), "{}", err.message);
    }

    #[test]
    fn bad_severity() {
        let err = Config::parse("[severity]\nhindsight = \"loud\"\n", "b.toml").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("unknown severity `loud`"));
    }
}
