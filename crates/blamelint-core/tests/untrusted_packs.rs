//! User rule packs are untrusted data (README, "Writing your own rule pack"):
//! each limit the README promises, checked here. Every case must fail fast
//! with a clear error naming the file (and the rule, where there is one),
//! and none may overflow a normal thread's stack.

use blamelint_core::rules::{MAX_RULES, MAX_RULE_FILE_BYTES};
use blamelint_core::{ExtraTerms, RuleError, RuleSet, RuleSource};
use std::time::{Duration, Instant};

fn rule(id: &str, regex: &str) -> String {
    format!(
        "id = \"{id}\"\ncategory = \"minimizing\"\nseverity = \"warning\"\n\
         message = \"m\"\nexplanation = \"e\"\n\n[[match]]\nregex = '''{regex}'''\ntriggers = [\"zz\"]\n"
    )
}

fn phrase_rule(id: &str, phrase: &str) -> String {
    format!(
        "id = \"{id}\"\ncategory = \"minimizing\"\nseverity = \"warning\"\n\
         message = \"m\"\nexplanation = \"e\"\n\n[[match]]\nphrases = [\"{phrase}\"]\n"
    )
}

fn load(sources: Vec<RuleSource>) -> Result<RuleSet, RuleError> {
    RuleSet::with_user_sources(sources, &ExtraTerms::default())
}

fn source(name: &str, text: String) -> RuleSource {
    RuleSource {
        name: name.into(),
        text,
    }
}

/// Runs `f` on a thread with std's default stack (2 MiB) and a deadline.
fn on_default_thread<T: Send + 'static>(
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let start = Instant::now();
    let out = std::thread::spawn(f)
        .join()
        .expect("no panic, no stack overflow");
    assert!(start.elapsed() < limit, "took {:?}", start.elapsed());
    out
}

#[test]
fn a_huge_regex_is_rejected_fast() {
    for (i, re) in [
        // Each would compile to far more than the 2 MiB limit.
        r"\w{1000}\w{1000}zz",
        r"(?:[a-z]{1,50}\s){1,200}zz",
        r"zz(?:\pL{100}){100}",
    ]
    .into_iter()
    .enumerate()
    {
        let err = on_default_thread(Duration::from_secs(20), move || {
            load(vec![source(
                "team/huge.toml",
                rule(&format!("huge-{i}"), re),
            )])
            .expect_err("over the size limit")
        });
        assert_eq!(err.source, "team/huge.toml");
        assert_eq!(err.rule.as_deref(), Some(format!("huge-{i}").as_str()));
        assert!(
            err.message.contains("invalid regex") && err.message.contains("size limit"),
            "{}",
            err.message
        );
    }
}

#[test]
fn deeply_nested_regex_groups_are_rejected() {
    let re = "(".repeat(10_000) + "zz" + &")".repeat(10_000);
    let err = on_default_thread(Duration::from_secs(20), move || {
        load(vec![source("team/nest.toml", rule("nest", &re))]).expect_err("nest limit")
    });
    assert!(err.message.contains("nest"), "{}", err.message);
}

#[test]
fn more_rules_than_the_limit_are_rejected() {
    let sources: Vec<RuleSource> = (0..6_000)
        .map(|i| {
            source(
                &format!("team/r{i}.toml"),
                phrase_rule(&format!("team-{i}"), &format!("zzword{i}")),
            )
        })
        .collect();
    let err = load(sources).expect_err("6,000 rules");
    assert!(
        err.message
            .contains(&format!("at most {MAX_RULES} are allowed")),
        "{}",
        err.message
    );
    assert_eq!(err.source, "rule packs");
}

#[test]
fn four_thousand_rules_load_and_run() {
    let sources: Vec<RuleSource> = (0..4_000)
        .map(|i| {
            source(
                &format!("team/r{i}.toml"),
                phrase_rule(&format!("team-{i}"), &format!("zzword{i}")),
            )
        })
        .collect();
    let set = load(sources).expect("4,000 rules are allowed");
    assert!(set.rule("team-3999").is_some());
    let linter = blamelint_core::Linter::new(std::sync::Arc::new(set), Default::default());
    let found = linter
        .lint("a.md", "Kim zzword3999 the flag.\n")
        .diagnostics;
    assert!(found.iter().any(|d| d.rule == "team-3999"), "{found:?}");
}

/// Nested TOML that a recursive parser, depth check or `Drop` could
/// overflow a 2 MiB stack on; each is also under the file size limit, so it
/// reaches the parser.
fn nested_documents() -> Vec<(&'static str, String)> {
    let n = 100_000;
    vec![
        (
            "arrays",
            format!("id = \"x\"\na = {}1{}\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "inline-tables",
            format!(
                "id = \"x\"\na = {}1{}\n",
                "{b=".repeat(n / 4),
                "}".repeat(n / 4)
            ),
        ),
        (
            "dotted-key",
            format!("id = \"x\"\n{}b = 1\n", "a.".repeat(n)),
        ),
        (
            "table-header",
            format!("id = \"x\"\n[{}b]\nc = 1\n", "a.".repeat(n)),
        ),
        (
            "array-tables",
            format!("id = \"x\"\n[[{}b]]\nc = 1\n", "a.".repeat(n)),
        ),
        ("unclosed", format!("id = \"x\"\na = {}\n", "[".repeat(n))),
        (
            "just-too-deep",
            format!("id = \"x\"\n{}b = 1\n", "a.".repeat(40)),
        ),
    ]
}

#[test]
fn deeply_nested_toml_is_rejected_without_a_stack_overflow() {
    for (what, text) in nested_documents() {
        assert!(text.len() <= MAX_RULE_FILE_BYTES, "{what}: {}", text.len());
        let err = on_default_thread(Duration::from_secs(30), move || {
            load(vec![source("team/deep.toml", text)]).expect_err("too deep")
        });
        assert_eq!(err.source, "team/deep.toml", "{what}");
        assert!(
            // toml's own recursion limit, with the line and column; or
            // blamelint's depth check (32) behind it.
            (err.message.starts_with("line 2, column ")
                && err.message.contains("recursion limit exceeded"))
                || err.message.contains("nesting deeper than 32 levels"),
            "{what}: {}",
            err.message
        );
    }
}

#[test]
fn nesting_just_under_the_limit_still_loads() {
    // 30 levels of arrays in an unknown key: rejected for the key, not the depth.
    let text = phrase_rule("team-ok", "zzdeep")
        + &format!("\n[x]\ny = {}1{}\n", "[".repeat(28), "]".repeat(28));
    let err = load(vec![source("team/ok.toml", text)]).expect_err("unknown key");
    assert!(!err.message.contains("nesting"), "{}", err.message);
}

#[test]
fn a_pack_file_over_the_size_limit_is_rejected() {
    let mut text = phrase_rule("team-big", "zzbig");
    text.push_str(&format!("# {}\n", "x".repeat(MAX_RULE_FILE_BYTES)));
    let start = Instant::now();
    let err = load(vec![source("team/big.toml", text)]).expect_err("too big");
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(err.source, "team/big.toml");
    assert!(
        err.message
            .contains(&format!("file is larger than {MAX_RULE_FILE_BYTES} bytes")),
        "{}",
        err.message
    );
    // Exactly at the limit is fine.
    let mut text = phrase_rule("team-edge", "zzedge");
    let pad = MAX_RULE_FILE_BYTES - text.len() - 3;
    text.push_str(&format!("# {}\n", "x".repeat(pad)));
    assert_eq!(text.len(), MAX_RULE_FILE_BYTES);
    load(vec![source("team/edge.toml", text)]).expect("at the limit");
}

#[test]
fn errors_name_the_file_and_rule() {
    let err = load(vec![source("team/bad.toml", rule("bad-regex", "zz("))]).unwrap_err();
    assert_eq!(
        err.to_string().split(": ").take(2).collect::<Vec<_>>(),
        ["team/bad.toml", "rule `bad-regex`"]
    );
}
