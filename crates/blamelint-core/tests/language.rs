//! Document and paragraph languages: declared (comment, front matter,
//! config) or detected, and mixed documents linted paragraph by paragraph.

use blamelint_core::language::LanguageDetector;
use blamelint_core::{Linter, RuleSet, RuleSource, Settings};
use std::path::PathBuf;
use std::sync::Arc;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/language")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// (1-based line, rule, flagged text, severity) of every non-structure finding.
fn findings(linter: &Linter, path: &str, text: &str) -> Vec<(usize, String, String, String)> {
    linter
        .lint(path, text)
        .diagnostics
        .into_iter()
        .filter(|d| d.category != "structure")
        .map(|d| {
            (
                text[..d.span.start].matches('\n').count() + 1,
                d.rule.clone(),
                text[d.span.clone()].to_string(),
                d.severity.as_str().to_string(),
            )
        })
        .collect()
}

fn rules(linter: &Linter, text: &str) -> Vec<String> {
    findings(linter, "doc.md", text)
        .into_iter()
        .map(|f| f.1)
        .collect()
}

fn with_language(language: &str) -> Linter {
    Linter::new(
        RuleSet::builtin(),
        Settings {
            language: Some(language.to_string()),
            ..Settings::default()
        },
    )
}

const DUTCH: &str =
    "De storing begon om negen uur. Jan had de logs moeten controleren voordat hij de \
nieuwe versie uitrolde, maar niemand had hem verteld dat de schijf bijna vol was.\n";
const ENGLISH: &str =
    "The outage started at nine. Bob should have checked the logs before he rolled \
out the new version, but nobody had told him that the disk was almost full.\n";

#[test]
fn mixed_document_is_linted_paragraph_by_paragraph() {
    let text = fixture("mixed-guide.md");
    let got = findings(&Linter::builtin(), "guide.md", &text);
    let want: Vec<(usize, &str, &str, &str)> = vec![
        (13, "blame-question-who", "Who broke", "warning"),
        (14, "hindsight-should-have", "should have", "warning"),
        (
            19,
            "nl-hindsight-had-moeten",
            "had de migratie eerst op staging moeten",
            "warning",
        ),
        (
            19,
            "nl-character-judgement-iedereen-zag",
            "had iedereen kunnen zien",
            "warning",
        ),
        (24, "nl-blame-question-waarom", "Waarom heb", "warning"),
        (27, "person-as-cause-forgot", "forgot", "warning"),
        // A quoted chat line: evidence, reported at info.
        (29, "nl-blame-question-wie", "wie heeft dit gedaan", "info"),
    ];
    let want: Vec<(usize, String, String, String)> = want
        .into_iter()
        .map(|(l, r, t, s)| (l, r.to_string(), t.to_string(), s.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn findings_never_overlap_in_mixed_text() {
    let text = format!("{DUTCH}\n{ENGLISH}\n{}", fixture("mixed-guide.md"));
    let diags = Linter::builtin().lint("doc.md", &text).diagnostics;
    for (i, a) in diags.iter().enumerate() {
        for b in &diags[i + 1..] {
            assert!(
                a.span.end <= b.span.start || b.span.end <= a.span.start,
                "{} and {} overlap",
                a.rule,
                b.rule
            );
        }
    }
}

#[test]
fn document_language_is_detected() {
    let linter = Linter::builtin();
    let nl = linter.lint("doc.md", DUTCH);
    assert_eq!((nl.language.as_str(), nl.language_declared), ("nl", false));
    assert_eq!(rules(&linter, DUTCH), vec!["nl-hindsight-had-moeten"]);
    let en = linter.lint("doc.md", ENGLISH);
    assert_eq!((en.language.as_str(), en.language_declared), ("en", false));
    assert_eq!(rules(&linter, ENGLISH), vec!["hindsight-should-have"]);
    // `language = "auto"` is the same as leaving it unset.
    assert_eq!(with_language("auto").lint("doc.md", DUTCH).language, "nl");
    // Plain text is detected too.
    assert_eq!(
        findings(&linter, "notes.txt", DUTCH)
            .into_iter()
            .map(|f| f.1)
            .collect::<Vec<_>>(),
        vec!["nl-hindsight-had-moeten"]
    );
}

#[test]
fn short_documents_fall_back_but_their_rules_still_run() {
    let linter = Linter::builtin();
    // Too short to detect: the document reports the default language, and the
    // paragraph runs the rules its words lead to.
    let r = linter.lint("doc.md", "Jan vergat de flag.\n");
    assert_eq!(r.language, "en");
    assert_eq!(
        rules(&linter, "Jan vergat de flag.\n"),
        vec!["nl-person-as-cause-vergat"]
    );
    assert_eq!(
        rules(&linter, "Bob forgot the flag.\n"),
        vec!["person-as-cause-forgot"]
    );
    // A document without anything to flag is not detected at all.
    assert_eq!(
        linter.lint("doc.md", "Alles ging goed vandaag.\n").language,
        "en"
    );
}

#[test]
fn code_does_not_count_as_prose() {
    let code = "```python\n# The deploy script should have checked the logs before it ran.\n\
        def should_have_checked(logs):\n    return all(line.ok for line in logs)\n```\n\n";
    let text = format!("{}\n{DUTCH}", code.repeat(6));
    let r = Linter::builtin().lint("doc.md", &text);
    assert_eq!(r.language, "nl");
    assert_eq!(
        rules(&Linter::builtin(), &text),
        vec!["nl-hindsight-had-moeten"]
    );
    let set = RuleSet::builtin();
    let detector = LanguageDetector::new(&set).expect("two detectable packs");
    assert_eq!(detector.detect_document(&text, true), Some("nl"));
    // Inline code, handles and version numbers are not words either.
    assert_eq!(
        detector.detect("`should_have_checked` @bob v1.2.3 Jan"),
        None
    );
}

#[test]
fn front_matter_declares_the_language() {
    let linter = Linter::builtin();
    let text = format!("---\ntitle: Review\nlang: nl\n---\n\n{ENGLISH}\n{DUTCH}");
    let r = linter.lint("doc.md", &text);
    assert_eq!((r.language.as_str(), r.language_declared), ("nl", true));
    // Declared: every paragraph is Dutch, English rules do not run.
    assert_eq!(rules(&linter, &text), vec!["nl-hindsight-had-moeten"]);
    // A region is not a language; an unknown language declares nothing.
    let text = format!("---\nlanguage: \"nl-BE\"\n---\n\n{ENGLISH}");
    assert!(rules(&linter, &text).is_empty());
    let text = format!("---\nlang: fr\n---\n\n{ENGLISH}");
    let r = linter.lint("doc.md", &text);
    assert_eq!((r.language.as_str(), r.language_declared), ("en", false));
    assert_eq!(rules(&linter, &text), vec!["hindsight-should-have"]);
}

#[test]
fn comment_overrides_front_matter_and_config() {
    let text =
        format!("---\nlang: nl\n---\n\n<!-- blamelint-language en -->\n\n{DUTCH}\n{ENGLISH}");
    for linter in [Linter::builtin(), with_language("nl")] {
        let r = linter.lint("doc.md", &text);
        assert_eq!((r.language.as_str(), r.language_declared), ("en", true));
        assert_eq!(rules(&linter, &text), vec!["hindsight-should-have"]);
    }
    // A comment inside a code block declares nothing.
    let text = format!("```\n<!-- blamelint-language en -->\n```\n\n{DUTCH}");
    assert_eq!(Linter::builtin().lint("doc.md", &text).language, "nl");
}

#[test]
fn config_declares_the_language() {
    let text = format!("{DUTCH}\n{ENGLISH}");
    let nl = with_language("nl");
    let r = nl.lint("doc.md", &text);
    assert_eq!((r.language.as_str(), r.language_declared), ("nl", true));
    assert_eq!(rules(&nl, &text), vec!["nl-hindsight-had-moeten"]);
    assert_eq!(
        rules(&with_language("en"), &text),
        vec!["hindsight-should-have"]
    );
    // Unknown: as if unset.
    assert_eq!(
        rules(&with_language("xx"), &text),
        vec!["nl-hindsight-had-moeten", "hindsight-should-have"]
    );
}

#[test]
fn english_phrases_in_a_dutch_paragraph_are_still_found() {
    // The paragraph is Dutch, but only English rules have literals in it.
    let text = "Na een lange analyse kwamen we uit bij de conclusie van het team: \
        root cause: human error tijdens de failover.\n";
    let got = rules(&Linter::builtin(), text);
    assert!(
        got.contains(&"human-error-root-cause".to_string()),
        "{got:?}"
    );
    assert!(got.iter().all(|r| !r.starts_with("nl-")), "{got:?}");
}

#[test]
fn unsure_units_run_every_candidate_pack_without_double_findings() {
    // A Dutch team pack that also flags the English word: a short line is too
    // short to detect, so both packs run on it, and one finding remains.
    let user = RuleSource {
        name: "team/nl/team-forgot.toml".into(),
        text: r#"id = "team-forgot"
category = "person-as-cause"
language = "nl"
severity = "warning"
message = "m"
explanation = "e"
flag = ["Kenji forgot."]
pass = ["De job forgot."]

[[match]]
phrases = ["forgot"]
subject = "person"
"#
        .into(),
    };
    let set = RuleSet::with_user_sources(vec![user], &Default::default()).expect("valid pack");
    let linter = Linter::new(Arc::new(set), Settings::default());
    let got = findings(&linter, "doc.md", "Kenji forgot.\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].2, "forgot");
    // Long enough to detect: only the English pack runs.
    let text =
        "During the failover last night Kenji forgot to renew the certificate for the API.\n";
    assert_eq!(rules(&linter, text), vec!["person-as-cause-forgot"]);
}
