//! The engine lints a rough, parser-free masking of each block first and
//! parses only blocks where that finds something. That pre-check must never
//! change a result: these tests lint with and without it and compare.

mod common;

use blamelint_core::rules::engine::set_exact;
use blamelint_core::Linter;

fn both(linter: &Linter, path: &str, text: &str) -> (Vec<String>, Vec<String>) {
    let render = |exact: bool| {
        set_exact(exact);
        let r = linter.lint(path, text);
        set_exact(false);
        r.diagnostics
            .iter()
            .map(|d| format!("{}@{:?}", d.rule, d.span))
            .collect::<Vec<_>>()
    };
    (render(false), render(true))
}

/// Documents where markup sits right next to blame: emphasis, links, code,
/// HTML, tables, nested lists and quotes, headings, setext, breaks.
const CASES: &[&str] = &[
    "- Bob **forgot** to run the migration.\n- The *on-call* simply forgot the backfill.\n",
    "1. [Bob](https://example.com/u/bob) should have checked the logs.\n2. `deploy.sh` should have refused.\n",
    "> Why didn't you test this?\n> > Bob forgot the\n> > flag again.\n",
    "| Action | Owner |\n|---|---|\n| Kim *forgot* the flag | @kim |\n| `cron` failed to run | ops |\n",
    "Title: Bob was careless\n=====\n\nThe intern <b>neglected</b> the alert.\n",
    "# Who broke the build?\n\n## The service failed to connect ##\n",
    "- item\n\n      Bob should have known better.\n",
    "- a\n  - b\n    - Bob _forgot_ the `--dry-run` flag.\n",
    "Root cause: human error <!-- ask Sam --> by the operator.\n",
    "* * *\nBob was sloppy.\n---\nSam missed the page.\n",
    "<div>\nBob forgot the step.\n</div>\n",
    "Term\n: Bob \\*forgot\\* it\n\n![Bob forgot](x.png) and Bob forgot.\n",
    "| a |\n|---|\n| Bob forgot \\| the key | \n",
    "- [ ] Bob forgot to file a ticket\n- [x] ~~Alice~~ Bob ignored the alert\n",
    "Why did you not check <https://status.example.com> before deploying?\n",
    "Het was *Jan* zijn schuld, hij had beter moeten weten.\n\n- Jan heeft de logs niet gelezen.\n",
];

#[test]
fn rough_gate_changes_no_result_on_markup_heavy_cases() {
    let linter = Linter::builtin();
    for text in CASES {
        let (gated, exact) = both(&linter, "case.md", text);
        assert_eq!(gated, exact, "{text:?}");
    }
}

#[test]
fn rough_gate_changes_no_result_on_fixtures() {
    let linter = Linter::builtin();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut seen = 0;
    for dir in ["tests/fixtures", "examples", "rules", "docs"] {
        for path in common::files(&root.join(dir), &["md", "toml", "txt"]) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let (gated, exact) = both(&linter, &path.to_string_lossy(), &text);
            assert_eq!(gated, exact, "{}", path.display());
            seen += 1;
        }
    }
    assert!(seen > 20, "only {seen} fixture files found");
}

/// Generated documents: the sentences of the rule examples wrapped in every
/// kind of container and inline markup.
#[test]
fn rough_gate_changes_no_result_on_generated_documents() {
    let linter = Linter::builtin();
    let mut sentences: Vec<String> = Vec::new();
    for r in &linter.rules.rules {
        sentences.extend(r.flag.iter().cloned());
        sentences.extend(r.pass.iter().cloned());
    }
    assert!(sentences.len() > 500);
    let wraps: [fn(&str) -> String; 10] = [
        |s| format!("- {s}\n"),
        |s| format!("1. intro\n   {s}\n"),
        |s| format!("> {s}\n"),
        |s| format!("| x | {s} |\n|---|---|\n"),
        |s| format!("# {s}\n"),
        |s| format!("{s}\n===\n"),
        |s| format!("- a\n  > *{s}*\n"),
        |s| emphasise_second_word(s),
        |s| format!("See [the doc](http://x.y/a.b) {s}\n"),
        |s| format!("`x` {s} <br>\n"),
    ];
    let mut failures = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        let text = wraps[i % wraps.len()](s);
        let (gated, exact) = both(&linter, "gen.md", &text);
        if gated != exact {
            failures.push(format!("{text:?}: gated {gated:?} exact {exact:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn emphasise_second_word(s: &str) -> String {
    let mut words: Vec<String> = s.split(' ').map(str::to_string).collect();
    if words.len() > 2 && words[1].chars().all(char::is_alphabetic) {
        words[1] = format!("**{}**", words[1]);
    }
    format!("- {}\n", words.join(" "))
}

/// Measures the pre-check on a directory of real Markdown (not part of the
/// suite: the corpus is not in the repository).
/// `BLAMELINT_GATE_CORPUS=../shared/bench/corpus cargo test --release -p blamelint-core --test rough_gate -- --ignored --nocapture`
#[test]
#[ignore]
fn rough_gate_on_a_corpus() {
    let Some(dir) = std::env::var_os("BLAMELINT_GATE_CORPUS") else {
        eprintln!("BLAMELINT_GATE_CORPUS not set");
        return;
    };
    let linter = Linter::builtin();
    let (mut files, mut differ) = (0, 0);
    for path in common::files(std::path::Path::new(&dir), &["md", "toml", "txt"]) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        files += 1;
        let (gated, exact) = both(&linter, &path.to_string_lossy(), &text);
        if gated != exact {
            differ += 1;
            eprintln!("{}:\n  gated {gated:?}\n  exact {exact:?}", path.display());
        }
    }
    eprintln!("{differ} of {files} files differ");
    assert_eq!(differ, 0);
}
