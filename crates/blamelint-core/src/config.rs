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
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PostmortemConfig {
    /// Globs of files that are postmortems (default: `**/postmortems/**`,
    /// `**/incidents/**`, `*postmortem*`, `*post-mortem*`).
    #[serde(default)]
    pub paths: Option<Vec<String>>,
    /// A template TOML file replacing the built-in one, relative to the config.
    #[serde(default)]
    pub template: Option<String>,
    /// Accepted severity values (default P0-P3 and SEV-1..SEV-4).
    #[serde(default)]
    pub severities: Option<Vec<String>>,
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
                message: e.message().trim().to_string(),
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
    fn bad_severity() {
        let err = Config::parse("[severity]\nhindsight = \"loud\"\n", "b.toml").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("unknown severity `loud`"));
    }
}
