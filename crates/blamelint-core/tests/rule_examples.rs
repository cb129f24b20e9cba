//! Every rule's own `flag` / `pass` examples, run through the full linter.

use blamelint_core::{Linter, RuleSet};

#[test]
fn rule_examples() {
    let linter = Linter::builtin();
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in linter
        .rules
        .rules
        .iter()
        .filter(|r| r.kind == blamelint_core::rules::spec::RuleKind::Pattern)
    {
        assert!(
            !rule.flag.is_empty(),
            "{}: rule `{}` has no `flag` examples",
            rule.source,
            rule.id
        );
        assert!(
            !rule.pass.is_empty(),
            "{}: rule `{}` has no `pass` examples",
            rule.source,
            rule.id
        );
        let lang = if rule.language == "*" {
            "en".to_string()
        } else {
            rule.language.clone()
        };
        for ex in &rule.flag {
            checked += 1;
            let text = format!("<!-- blamelint-language {lang} -->\n{ex}\n");
            let got = linter.lint("example.md", &text).diagnostics;
            if !got.iter().any(|d| d.rule == rule.id) {
                failures.push(format!(
                    "{}: `{}` should flag: {ex:?} (got {:?})",
                    rule.source,
                    rule.id,
                    got.iter().map(|d| &d.rule).collect::<Vec<_>>()
                ));
            }
        }
        for ex in &rule.pass {
            checked += 1;
            let text = format!("<!-- blamelint-language {lang} -->\n{ex}\n");
            let got = linter.lint("example.md", &text).diagnostics;
            if !got.is_empty() {
                failures.push(format!(
                    "{}: `{}` pass example was flagged: {ex:?} by {:?}",
                    rule.source,
                    rule.id,
                    got.iter()
                        .map(|d| (&d.rule, &text[d.span.clone()]))
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "{} rule example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn builtin_packs_load() {
    let set = RuleSet::builtin();
    assert!(
        set.rules.len() >= 30,
        "the English pack and structure docs load"
    );
    assert!(set.lexicon("en").is_some());
}

/// Built-in regexes are compiled on first use, not at load: compile every
/// one here so that a broken built-in pattern fails the suite, not a run.
#[test]
fn every_builtin_regex_compiles() {
    use blamelint_core::rules::Matcher;
    let set = RuleSet::builtin();
    let mut errors = Vec::new();
    let mut n = 0;
    for rule in &set.rules {
        for p in &rule.patterns {
            let matcher = match &p.matcher {
                Matcher::Regex(re) => Some(re),
                Matcher::Phrases(_) => None,
            };
            for re in matcher.into_iter().chain(
                [
                    &p.preceded_by,
                    &p.not_preceded_by,
                    &p.followed_by,
                    &p.not_followed_by,
                    &p.unless,
                ]
                .into_iter()
                .flatten(),
            ) {
                n += 1;
                if let Err(e) = re.check() {
                    errors.push(format!("{}: {e}", rule.id));
                }
            }
        }
    }
    assert!(n > 100, "only {n} regexes");
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
