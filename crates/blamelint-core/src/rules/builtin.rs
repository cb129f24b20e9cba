//! The rule packs under `rules/`, embedded at build time.

use super::RuleSource;

mod files {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// Prefix of built-in source names: `builtin:en/hindsight-should-have.toml`.
pub const PREFIX: &str = "builtin:";

pub fn sources() -> Vec<RuleSource> {
    files::FILES
        .iter()
        .map(|(name, text)| RuleSource {
            name: format!("{PREFIX}{name}"),
            text: (*text).to_string(),
        })
        .collect()
}

/// Raw embedded files (rule docs generation, templates).
pub fn files() -> &'static [(&'static str, &'static str)] {
    files::FILES
}
