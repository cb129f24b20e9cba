//! Postmortem structure checks (sections, metadata, action items, timeline).

use crate::config::PostmortemConfig;
use crate::diagnostic::Diagnostic;
use crate::rules::RuleSet;

/// Whether `path`/`text` is a postmortem (structure rules run only on those).
pub fn is_postmortem(_path: &str, _text: &str, _config: &PostmortemConfig) -> bool {
    false
}

/// Structure diagnostics for a postmortem.
pub fn check(
    _path: &str,
    _text: &str,
    _config: &PostmortemConfig,
    _rules: &RuleSet,
) -> Vec<Diagnostic> {
    Vec::new()
}
