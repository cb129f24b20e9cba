//! Postmortem structure checks: sections, metadata, Action Items, timeline,
//! Five Whys, the section-insertion fix and `new_postmortem`.

use blamelint_core::fix::apply_fixes;
use blamelint_core::structure::{self, Template};
use blamelint_core::{Diagnostic, Linter};
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/structure")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap_or_else(|e| panic!("{name}: {e}")).replace("\r\n", "\n")
}

/// Structure diagnostics only (blame rules are someone else's).
fn lint(path: &str, text: &str) -> Vec<Diagnostic> {
    Linter::builtin().lint(path, text).diagnostics.into_iter().filter(|d| d.category == structure::CATEGORY).collect()
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// Measures the linter against the developer corpus (not part of the repo):
/// `cargo test -p blamelint-core --test structure corpus_expectations -- --ignored --nocapture`.
/// The corpus folder is `$BLAMELINT_CORPUS` or `../shared/corpus` beside the repo.
#[test]
#[ignore]
fn corpus_expectations() {
    let dir = std::env::var("BLAMELINT_CORPUS").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")).join("docs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("no corpus at {}", dir.display());
        return;
    };
    let template = Template::builtin();
    let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "md")).collect();
    names.sort();
    let (mut matched, mut missed, mut extra) = (0, 0, 0);
    for md in names {
        let text = std::fs::read_to_string(&md).unwrap();
        let expected: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(md.with_extension("expected.json")).unwrap()).unwrap();
        let name = md.file_name().unwrap().to_string_lossy().to_string();
        // The corpus files are not under postmortems/: detection by title.
        let diags = lint(&name, &text);
        println!("== {name}");
        // Sections.
        let missing_msgs: Vec<&Diagnostic> = diags.iter().filter(|d| d.rule == "missing-section").collect();
        let mut reported: Vec<String> = missing_msgs.iter().map(|d| d.message.trim_start_matches("Missing required section: ").to_string()).collect();
        for exp in expected["missing_sections"].as_array().unwrap() {
            let exp = exp.as_str().unwrap();
            let title = template.match_heading(exp).map(|i| template.sections[i].title.clone()).unwrap_or(exp.to_string());
            match reported.iter().position(|r| *r == title) {
                Some(i) => {
                    reported.remove(i);
                    matched += 1;
                    println!("  matched  missing section {exp}");
                }
                None => {
                    missed += 1;
                    println!("  MISSED   missing section {exp}");
                }
            }
        }
        for r in reported {
            extra += 1;
            println!("  EXTRA    missing section {r}");
        }
        // Action items.
        let mut ai: Vec<(usize, &Diagnostic)> = diags.iter().filter(|d| d.rule.starts_with("action-item")).map(|d| (line_of(&text, d.span.start), d)).collect();
        for p in expected["action_item_problems"].as_array().unwrap() {
            let line = p["line"].as_u64().unwrap() as usize;
            let problem = p["problem"].as_str().unwrap();
            let rule = if problem.starts_with("missing owner") {
                "action-item-missing-owner"
            } else if problem.starts_with("missing due date") {
                "action-item-missing-due-date"
            } else if problem.starts_with("invalid due date") {
                "action-item-invalid-due-date"
            } else {
                "?"
            };
            match ai.iter().position(|(l, d)| *l == line && d.rule == rule) {
                Some(i) => {
                    let (_, d) = ai.remove(i);
                    matched += 1;
                    println!("  matched  line {line} {problem}: {} `{}`", d.message, &text[d.span.clone()]);
                }
                None => {
                    missed += 1;
                    println!("  MISSED   line {line} {problem}");
                }
            }
        }
        for (l, d) in ai {
            extra += 1;
            println!("  EXTRA    line {l} {}: {}", d.rule, d.message);
        }
        for d in diags.iter().filter(|d| d.rule != "missing-section" && !d.rule.starts_with("action-item")) {
            println!("  (other)  line {} {}: {}", line_of(&text, d.span.start), d.rule, d.message);
        }
    }
    println!("matched {matched}, missed {missed}, extra {extra}");
}

#[test]
#[ignore]
fn dump_fixtures() {
    let mut names: Vec<_> = std::fs::read_dir(fixtures()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect();
    names.sort();
    for n in names {
        let text = fixture(&n);
        println!("== {n}");
        for d in lint(&format!("postmortems/{n}"), &text) {
            println!("  ({:?}, {:?}, {:?}),  // line {} {:?}", d.rule, d.message, &text[d.span.clone()], line_of(&text, d.span.start), d.severity);
        }
    }
}

#[test]
#[ignore]
fn dump_fix() {
    for n in ["incomplete.md", "reordered.md", "seed-style.md", "action-items-prose.md"] {
        let text = fixture(n);
        let d = lint(&format!("postmortems/{n}"), &text);
        let (fixed, k) = apply_fixes(&text, &d, true);
        println!("== {n} ({k} fixes)\n{fixed}<<EOF");
    }
}
