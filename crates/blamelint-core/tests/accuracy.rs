//! Sentence-level precision / recall on a labeled JSONL file, the same way
//! `scripts/accuracy.py` scores the CLI, but straight through the library.
//!
//! ```sh
//! BLAMELINT_SENTENCES=tests/sentences/en.jsonl BLAMELINT_LANG=en \
//!   cargo test -p blamelint-core --test accuracy -- --ignored --nocapture
//! ```
//!
//! `BLAMELINT_SENTENCES` may hold several paths separated by `:`; relative
//! paths are taken from the workspace root. `BLAMELINT_LANG` (default `en`)
//! selects the language, `all` keeps every line. `BLAMELINT_ERRORS=0` hides
//! the list of false positives and negatives. Every selected sentence becomes
//! one paragraph of one Markdown document, linted once.

use blamelint_core::Linter;
use std::collections::BTreeMap;
use std::path::PathBuf;

const BLAME: &[&str] = &[
    "hindsight",
    "person-as-cause",
    "character-judgement",
    "blame-question",
    "human-error",
    "minimizing",
    "blame-attribution",
];

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Counts {
    fn add(&mut self, gold: bool, pred: bool) {
        match (gold, pred) {
            (true, true) => self.tp += 1,
            (true, false) => self.fn_ += 1,
            (false, true) => self.fp += 1,
            (false, false) => self.tn += 1,
        }
    }
    fn p(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn r(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
}

struct Row {
    id: String,
    text: String,
    gold: bool,
    category: String,
}

fn load(paths: &str, lang: &str) -> Vec<Row> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut rows = Vec::new();
    for p in paths.split(':').filter(|p| !p.is_empty()) {
        let path = if PathBuf::from(p).is_absolute() {
            PathBuf::from(p)
        } else {
            root.join(p)
        };
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
            let get = |k: &str| {
                v.get(k)
                    .and_then(|x| x.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let label = get("label");
            if label == "borderline" || (lang != "all" && get("lang") != lang) {
                continue;
            }
            rows.push(Row {
                id: get("id"),
                text: get("text"),
                gold: label == "blame",
                category: get("category"),
            });
        }
    }
    rows
}

#[test]
#[ignore = "measurement, run by hand with BLAMELINT_SENTENCES set"]
fn accuracy() {
    let Ok(paths) = std::env::var("BLAMELINT_SENTENCES") else {
        eprintln!("BLAMELINT_SENTENCES not set; nothing to measure");
        return;
    };
    let lang = std::env::var("BLAMELINT_LANG").unwrap_or_else(|_| "en".into());
    let show_errors = std::env::var("BLAMELINT_ERRORS")
        .map(|v| v != "0")
        .unwrap_or(true);
    let rows = load(&paths, &lang);
    assert!(!rows.is_empty(), "no sentences selected");

    // One document, one paragraph per sentence, as scripts/accuracy.py does.
    let mut doc = String::new();
    let mut ranges = Vec::new();
    if lang != "all" && lang != "en" {
        doc.push_str(&format!("<!-- blamelint-language {lang} -->\n\n"));
    }
    for r in &rows {
        let start = doc.len();
        for l in r.text.lines().filter(|l| !l.trim().is_empty()) {
            doc.push_str(l.trim_end());
            doc.push('\n');
        }
        ranges.push(start..doc.len());
        doc.push('\n');
    }
    let linter = Linter::builtin();
    let t0 = std::time::Instant::now();
    let result = linter.lint("sentences.md", &doc);
    let elapsed = t0.elapsed();
    let mut fired: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
    for d in &result.diagnostics {
        if !BLAME.contains(&d.category.as_str()) {
            continue;
        }
        if let Some(i) = ranges.iter().position(|r| r.contains(&d.span.start)) {
            fired
                .entry(i)
                .or_default()
                .push((d.rule.clone(), doc[d.span.clone()].to_string()));
        }
    }

    let mut overall = Counts::default();
    let mut by_cat: BTreeMap<(bool, String), Counts> = BTreeMap::new();
    let mut by_rule: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let pred = fired.contains_key(&i);
        overall.add(r.gold, pred);
        by_cat
            .entry((!r.gold, r.category.clone()))
            .or_default()
            .add(r.gold, pred);
        for (rule, _) in fired.get(&i).into_iter().flatten() {
            let e = by_rule.entry(rule.clone()).or_default();
            if r.gold {
                e.0 += 1
            } else {
                e.1 += 1
            }
        }
        if r.gold != pred {
            errors.push((if r.gold { "FN" } else { "FP" }, i));
        }
    }
    println!(
        "{paths} ({lang}): {} sentences, linted in {elapsed:?}",
        rows.len()
    );
    println!(
        "overall  P={:.3} R={:.3}  TP={} FP={} FN={} TN={}",
        overall.p(),
        overall.r(),
        overall.tp,
        overall.fp,
        overall.fn_,
        overall.tn
    );
    for ((ok, cat), c) in &by_cat {
        if *ok {
            println!("  ok    {cat:<24} FP {}/{}", c.fp, c.fp + c.tn);
        } else {
            let cat_fp = by_rule
                .iter()
                .filter(|(rule, _)| rule.starts_with(cat.as_str()))
                .map(|(_, (_, fp))| fp)
                .sum::<usize>();
            println!(
                "  blame {cat:<24} recall {}/{} = {:.3}   (rule FPs in this category: {cat_fp})",
                c.tp,
                c.tp + c.fn_,
                c.r()
            );
        }
    }
    println!("rules:");
    for (rule, (tp, fp)) in &by_rule {
        println!("  {rule:<40} TP={tp:<4} FP={fp}");
    }
    if show_errors {
        errors.sort();
        for (kind, i) in errors {
            let r = &rows[i];
            let hits: Vec<String> = fired
                .get(&i)
                .into_iter()
                .flatten()
                .map(|(rule, m)| format!("{rule}[{m}]"))
                .collect();
            println!(
                "{kind} {:<10} {:<22} {}  {}",
                r.id,
                r.category,
                r.text,
                hits.join(" ")
            );
        }
    }
}

/// Line-level check against annotated documents: every `NAME.md` in
/// `BLAMELINT_DOCS` with a sibling `NAME.expected.json` (`blame_lines`,
/// `optional_lines`, 1-based). Prints missed and unexpected lines.
///
/// ```sh
/// BLAMELINT_DOCS=/path/to/docs cargo test -p blamelint-core --test accuracy docs -- --ignored --nocapture
/// ```
#[test]
#[ignore = "measurement, run by hand with BLAMELINT_DOCS set"]
fn docs() {
    let Ok(dir) = std::env::var("BLAMELINT_DOCS") else {
        eprintln!("BLAMELINT_DOCS not set; nothing to measure");
        return;
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("BLAMELINT_DOCS is a folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    names.sort();
    let linter = Linter::builtin();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for md in names {
        let Ok(exp) = std::fs::read_to_string(md.with_extension("expected.json")) else {
            continue;
        };
        let exp: serde_json::Value = serde_json::from_str(&exp).expect("valid expected.json");
        let lines = |k: &str| -> Vec<u64> {
            exp.get(k)
                .and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(|x| x.as_u64()).collect())
                .unwrap_or_default()
        };
        let (want, optional) = (lines("blame_lines"), lines("optional_lines"));
        let text = std::fs::read_to_string(&md).expect("readable");
        let mut got: Vec<(u64, String, String)> = linter
            .lint(&md.to_string_lossy(), &text)
            .diagnostics
            .into_iter()
            .filter(|d| BLAME.contains(&d.category.as_str()))
            .map(|d| {
                (
                    text[..d.span.start].matches('\n').count() as u64 + 1,
                    d.rule.clone(),
                    text[d.span.clone()].to_string(),
                )
            })
            .collect();
        got.dedup_by_key(|g| g.0);
        println!("{}", md.display());
        for w in &want {
            if got.iter().any(|g| g.0 == *w) {
                tp += 1;
            } else {
                fn_ += 1;
                println!(
                    "  FN line {w}: {}",
                    text.lines().nth(*w as usize - 1).unwrap_or_default()
                );
            }
        }
        for (line, rule, m) in &got {
            if !want.contains(line) && !optional.contains(line) {
                fp += 1;
                println!(
                    "  FP line {line} {rule}[{m}]: {}",
                    text.lines().nth(*line as usize - 1).unwrap_or_default()
                );
            }
        }
    }
    println!("docs: TP={tp} FP={fp} FN={fn_}");
}
