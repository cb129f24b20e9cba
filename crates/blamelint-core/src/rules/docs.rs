//! Rule documentation generated from the packs: the README's rule table and
//! `docs/rules.md`. A test fails when the committed copies are stale.

use super::spec::RuleKind;
use super::{Rule, RuleSet};

fn sorted(set: &RuleSet) -> Vec<&Rule> {
    let mut rules: Vec<&Rule> = set.rules.iter().collect();
    rules.sort_by(|a, b| {
        (a.language.as_str(), a.category.as_str(), a.id.as_str()).cmp(&(
            b.language.as_str(),
            b.category.as_str(),
            b.id.as_str(),
        ))
    });
    rules
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The table between `<!-- rules:start -->` and `<!-- rules:end -->`.
pub fn markdown_table(set: &RuleSet) -> String {
    let mut s = String::from(
        "| Rule | Category | Language | Severity | Flags, for example |\n|---|---|---|---|---|\n",
    );
    for r in sorted(set) {
        let example = match (r.kind, r.flag.first()) {
            (RuleKind::Structure, _) => "(document structure)".to_string(),
            (_, Some(e)) => format!("“{}”", cell(e)),
            (_, None) => String::new(),
        };
        s.push_str(&format!(
            "| [`{}`](docs/rules.md#{}) | {} | {} | {} | {} |\n",
            r.id, r.id, r.category, r.language, r.severity, example
        ));
    }
    s
}

/// Every rule's explanation, suggestions and examples.
pub fn rules_reference(set: &RuleSet) -> String {
    let mut s = String::from("# Rule reference\n\n<!-- Generated from rules/ by `BLAMELINT_BLESS=1 cargo test -p blamelint-core --test docs_fresh`; do not edit. -->\n\n");
    for r in sorted(set) {
        s.push_str(&format!(
            "## {}\n\nCategory `{}` · language `{}` · default severity `{}` · source `{}`\n\n",
            r.id,
            r.category,
            r.language,
            r.severity,
            r.source.trim_start_matches(super::builtin::PREFIX)
        ));
        s.push_str(&demote_headings(r.explanation.trim()));
        s.push_str("\n\n");
        if !r.suggestions.is_empty() {
            s.push_str("**Suggestions**\n\n");
            for x in &r.suggestions {
                s.push_str(&format!("- {}\n", x.replace("{match}", "…")));
            }
            s.push('\n');
        }
        if let Some(f) = &r.fix {
            s.push_str(
                &format!(
                    "**Fix** ({:?}): replaces the flagged text with “{}”.\n\n",
                    f.applicability,
                    f.replacement.replace("{match}", "…")
                )
                .to_lowercase()
                .replacen("**fix**", "**Fix**", 1),
            );
        }
        for (title, list) in [("Flagged", &r.flag), ("Not flagged", &r.pass)] {
            if !list.is_empty() {
                s.push_str(&format!("**{title}**\n\n"));
                for x in list {
                    s.push_str(&format!("- {x}\n"));
                }
                s.push('\n');
            }
        }
    }
    s
}

fn demote_headings(md: &str) -> String {
    md.lines()
        .map(|l| {
            if l.starts_with('#') {
                format!("##{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Replaces the text between the two markers in `readme`.
pub fn splice(readme: &str, start: &str, end: &str, body: &str) -> Option<String> {
    let a = readme.find(start)? + start.len();
    let b = readme[a..].find(end)? + a;
    Some(format!("{}\n{}{}", &readme[..a], body, &readme[b..]))
}
