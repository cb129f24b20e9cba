//! The TOML schema of a rule file. One file, one rule: its doc, its matcher
//! and its own examples.

use crate::diagnostic::{Applicability, Severity};
use crate::subject::SubjectCondition;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub category: String,
    /// Defaults to the rule file's folder (`rules/en/...` -> `en`).
    #[serde(default)]
    pub language: Option<String>,
    pub severity: Severity,
    /// One line; `{match}` is replaced by the flagged text.
    pub message: String,
    /// Markdown: what it catches, why it harms learning, examples.
    pub explanation: String,
    #[serde(default)]
    pub suggestions: Vec<String>,
    #[serde(default)]
    pub fix: Option<FixSpec>,
    /// When two rules flag overlapping text, the higher priority one stays.
    #[serde(default)]
    pub priority: i32,
    /// `pattern` (default): matched by the engine. `structure`: a document
    /// check implemented in `structure/`; the file carries its doc only.
    #[serde(default)]
    pub kind: RuleKind,
    #[serde(rename = "match", default)]
    pub patterns: Vec<PatternSpec>,
    #[serde(default)]
    pub flag: Vec<String>,
    #[serde(default)]
    pub pass: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    #[default]
    Pattern,
    Structure,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixSpec {
    /// Replaces the flagged span. An empty replacement deletes it together
    /// with one following space.
    pub replacement: String,
    pub applicability: Applicability,
    #[serde(default)]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternSpec {
    /// Literal phrases, matched case-insensitively on word boundaries.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// A regex over the sentence, case-insensitive unless `case_sensitive`.
    /// A named group `span` narrows the reported range, a group `subject`
    /// names the subject explicitly (passive voice: "made by the intern").
    #[serde(default)]
    pub regex: Option<String>,
    /// Literals one of which every regex match contains, each at the start
    /// of a word: the prefilter. Prefer rare words; a trigger like "the"
    /// sends every paragraph to the parser.
    #[serde(default)]
    pub triggers: Vec<String>,
    /// More prefilter: groups of literals; every match contains one literal
    /// of each group. A block is parsed for this pattern only when all
    /// groups are present, so common triggers ("how", "if") stay cheap:
    /// `triggers = ["how"]`, `requires = [["could", "would", "can"]]`.
    #[serde(default)]
    pub requires: Vec<Vec<String>>,
    #[serde(default)]
    pub case_sensitive: bool,
    #[serde(default)]
    pub subject: SubjectCondition,
    /// Whether "I"/"we" as subject is flagged (default: no, that is
    /// accountability).
    #[serde(default)]
    pub first_person: bool,
    #[serde(default)]
    pub preceded_by: Option<String>,
    #[serde(default)]
    pub not_preceded_by: Option<String>,
    #[serde(default)]
    pub followed_by: Option<String>,
    #[serde(default)]
    pub not_followed_by: Option<String>,
    /// The match is dropped when this matches anywhere in the sentence.
    #[serde(default)]
    pub unless: Option<String>,
    /// Only in sentences ending with `?`.
    #[serde(default)]
    pub question: bool,
    /// Take the subject from the noun phrase right *after* the match instead
    /// of the one before it: "caused by the intern", "the culprit was a race
    /// condition", "that's on @kim". Its head word decides; a possessor
    /// ("Bob's script") only counts when no head follows. Ignored when the
    /// regex has a `subject` group.
    #[serde(default)]
    pub subject_after: bool,
    /// Drop matches that lie inside double quotes (`"…"`, `“…”`) within the
    /// sentence: a quoted phrase is mentioned, not used ("we avoid phrases
    /// like \"careless mistake\"").
    #[serde(default)]
    pub skip_quoted: bool,
    /// Drop matches whose next word is a system word: an adjective that
    /// describes a thing, not a person ("reckless retries", "sloppy
    /// timestamps", "lazy loading").
    #[serde(default)]
    pub not_before_system: bool,
    /// The match is a present-tense verb ("ignores", "fails to", "doesn't"):
    /// an unknown capitalized word opening the sentence before it reads as a
    /// product describing its behaviour ("Cargo ignores unknown keys"), not
    /// as a name. Pronouns, roles and listed names still count.
    #[serde(default)]
    pub present_tense: bool,
}
