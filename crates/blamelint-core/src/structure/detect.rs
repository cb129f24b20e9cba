//! Which files are postmortems: path globs (configurable), front matter
//! `type: postmortem`, or a first heading that starts with "Postmortem".

use crate::config::PostmortemConfig;
use crate::markdown::blocks::front_matter;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::cell::RefCell;

/// Used when `[postmortem] paths` is not set.
pub const DEFAULT_PATHS: &[&str] = &[
    "**/postmortems/**",
    "**/incidents/**",
    "*postmortem*",
    "*post-mortem*",
];

/// File names the default globs skip: indexes of postmortems.
const INDEX_NAMES: &[&str] = &[
    "readme.md",
    "readme.markdown",
    "index.md",
    "_index.md",
    "summary.md",
];

/// A first heading (or first line) starting with one of these marks a postmortem.
pub const TITLE_PREFIXES: &[&str] = &["postmortem", "post-mortem", "post mortem"];

/// Front matter `type:` / `kind:` / `layout:` values that mark a postmortem.
const FRONT_MATTER_TYPES: &[&str] = &[
    "postmortem",
    "post-mortem",
    "incident-postmortem",
    "incident postmortem",
];

thread_local! {
    static GLOBS: RefCell<Option<(Vec<String>, Option<GlobSet>)>> = const { RefCell::new(None) };
}

/// Compiles `patterns` case-insensitively; a pattern without `/` matches
/// the file name anywhere (`*postmortem*` -> `**/*postmortem*`). Invalid
/// patterns are skipped (config validation reports them).
pub fn compile(patterns: &[String]) -> Option<GlobSet> {
    let mut b = GlobSetBuilder::new();
    let mut any = false;
    for p in patterns {
        let p = p.trim().replace('\\', "/");
        let full = if p.contains('/') {
            p.trim_start_matches("./").to_string()
        } else {
            format!("**/{p}")
        };
        if let Ok(g) = GlobBuilder::new(&full)
            .case_insensitive(true)
            .literal_separator(true)
            .build()
        {
            b.add(g);
            any = true;
        }
    }
    if any {
        b.build().ok()
    } else {
        None
    }
}

/// Invalid `paths` globs, with the reason (for config validation).
pub fn invalid_globs(config: &PostmortemConfig) -> Vec<String> {
    config
        .paths
        .iter()
        .flatten()
        .filter_map(|p| {
            GlobBuilder::new(p)
                .build()
                .err()
                .map(|e| format!("`{p}`: {e}"))
        })
        .collect()
}

/// Whether `path` matches the configured (or default) postmortem globs.
pub fn path_matches(path: &str, config: &PostmortemConfig) -> bool {
    let patterns: Vec<String> = match &config.paths {
        Some(p) => p.clone(),
        None => DEFAULT_PATHS.iter().map(|s| s.to_string()).collect(),
    };
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./");
    // An index of postmortems is not one.
    if config.paths.is_none() {
        let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
        if INDEX_NAMES.contains(&name.as_str()) {
            return false;
        }
    }
    GLOBS.with(|g| {
        let mut g = g.borrow_mut();
        if g.as_ref().map(|(p, _)| p != &patterns).unwrap_or(true) {
            let set = compile(&patterns);
            *g = Some((patterns, set));
        }
        g.as_ref()
            .and_then(|(_, s)| s.as_ref())
            .is_some_and(|s| s.is_match(path))
    })
}

/// Front matter says `type: postmortem` (also `kind:`, `layout:`, or a
/// `tags` list holding `postmortem`).
pub fn front_matter_says(text: &str) -> bool {
    let Some(fm) = front_matter(text) else {
        return false;
    };
    for line in text[fm].lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let k = k.trim().to_lowercase();
        let v = v.trim().trim_matches(['"', '\'']).to_lowercase();
        if matches!(
            k.as_str(),
            "type" | "kind" | "layout" | "doctype" | "category"
        ) && FRONT_MATTER_TYPES.contains(&v.as_str())
        {
            return true;
        }
        if k == "tags"
            && v.trim_matches(['[', ']'])
                .split(',')
                .any(|t| FRONT_MATTER_TYPES.contains(&t.trim().trim_matches(['"', '\''])))
        {
            return true;
        }
    }
    false
}

/// The first heading (or, with no heading before it, the first line)
/// starts with "Postmortem" / "Post-mortem".
pub fn title_says(text: &str) -> bool {
    let start = front_matter(text).map_or(0, |r| r.end);
    for line in text[start..].lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with("<!--") {
            continue;
        }
        let t = t
            .trim_start_matches('#')
            .trim_start()
            .trim_start_matches(['*', '_'])
            .trim_start();
        let lower: String = t.chars().take(16).collect::<String>().to_lowercase();
        return TITLE_PREFIXES.iter().any(|p| {
            lower.starts_with(p) && !lower[p.len()..].starts_with(|c: char| c.is_alphanumeric())
        });
    }
    false
}

pub fn is_postmortem(path: &str, text: &str, config: &PostmortemConfig) -> bool {
    path_matches(path, config) || front_matter_says(text) || title_says(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_paths() {
        let c = PostmortemConfig::default();
        assert!(path_matches("docs/postmortems/2024-01-db.md", &c));
        assert!(path_matches("Incidents/x.md", &c));
        assert!(path_matches("/abs/INC-1-PostMortem.md", &c));
        assert!(path_matches("notes\\post-mortem-jan.md", &c));
        assert!(path_matches("postmortems/a.md", &c));
        assert!(!path_matches("docs/readme.md", &c));
        assert!(!path_matches("postmortem-tools/readme.md", &c));
        assert!(!path_matches("docs/postmortems/README.md", &c));
        assert!(!path_matches("incidents/index.md", &c));
    }

    #[test]
    fn configured_paths() {
        let c = PostmortemConfig {
            paths: Some(vec!["docs/rca/**".into(), "*.incident.md".into()]),
            ..Default::default()
        };
        assert!(path_matches("docs/rca/one.md", &c));
        assert!(path_matches("x/y/db.INCIDENT.md", &c));
        assert!(!path_matches("postmortems/a.md", &c));
    }

    #[test]
    fn content() {
        assert!(front_matter_says(
            "---\ntitle: x\ntype: postmortem\n---\n# Hi\n"
        ));
        assert!(front_matter_says("---\ntags: [db, \"postmortem\"]\n---\n"));
        assert!(!front_matter_says("---\ntype: runbook\n---\n"));
        assert!(title_says("# Postmortem: DB outage\n"));
        assert!(title_says("\n## Post-mortem — queue\n"));
        assert!(title_says(
            "Postmortem: [INC-ID] - [Title]\n\n# Executive Summary\n"
        ));
        assert!(!title_says("# Postmortems 2024\n"));
        assert!(!title_says("# Postmortemish\n"));
        assert!(!title_says("# Runbook\n\n# Postmortem\n"));
    }
}
