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
