//! The outline is built block by block (so an editor re-parses only the
//! block an edit touched). It must equal the outline of one parse of the
//! whole document: on every fixture, on edited postmortems, and, on request,
//! on a whole corpus (`BLAMELINT_OUTLINE_CORPUS=DIR`).

mod common;

use blamelint_core::config::PostmortemConfig;
use blamelint_core::rules::RuleSet;
use blamelint_core::structure::outline::{Outline, OutlineMemo};
use blamelint_core::structure::template::{resolve, Template};

fn render(o: &Outline) -> String {
    // Opaque ranges by the non-blank lines they cover: a block's range ends
    // before its line ending, a node's after it, and an indented code
    // node takes the blank lines after it.
    let lines: Vec<&str> = o.text.split('\n').collect();
    let line_of = |pos: usize| o.text[..pos].matches('\n').count();
    let mut opaque: Vec<usize> = o
        .opaque
        .iter()
        .filter(|r| !r.is_empty())
        .flat_map(|r| line_of(r.start)..=line_of(r.end - 1))
        .filter(|&l| lines.get(l).is_some_and(|s| !s.trim().is_empty()))
        .collect();
    opaque.sort_unstable();
    opaque.dedup();
    let headings: Vec<_> = o
        .headings
        .iter()
        .map(|h| (h.level, h.line.clone(), h.text.clone(), h.section))
        .collect();
    let tables: Vec<_> = o
        .tables
        .iter()
        .map(|t| (t.range.clone(), t.header.clone(), t.rows.clone()))
        .collect();
    let tasks: Vec<_> = o
        .tasks
        .iter()
        .map(|t| (t.checked, t.text.clone()))
        .collect();
    let items: Vec<_> = o
        .list_items
        .iter()
        .map(|l| (l.ordered, l.text.clone()))
        .collect();
    format!(
        "headings {headings:?}\ntables {tables:?}\ntasks {tasks:?}\nitems {items:?}\nopaque {opaque:?}\ntitle {:?} {:?}\nbody_end {}",
        o.title, o.title_span, o.body_end
    )
}

fn template() -> std::rc::Rc<Template> {
    resolve(&RuleSet::builtin(), &PostmortemConfig::default())
}

fn assert_same(text: &str, template: &Template, what: &str) {
    let blocks = render(&Outline::new(text, template));
    let whole = render(&Outline::whole_document(text, template));
    assert_eq!(blocks, whole, "{what}:\n{text}");
}

#[test]
fn block_outline_equals_whole_document_on_fixtures() {
    let t = template();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut n = 0;
    for dir in ["examples", "tests/fixtures", "docs", "editors"] {
        for path in common::files(&root.join(dir), &["md"]) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            assert_same(&text, &t, &path.display().to_string());
            n += 1;
        }
    }
    assert!(n > 20, "only {n} files");
}

#[test]
fn block_outline_equals_whole_document_on_tricky_shapes() {
    let t = template();
    for text in [
        "# T\n\n- item\n\n    continued paragraph\n\n      indented code in the item\n",
        "- [ ] a task\n\n- [x] done\n\n  - nested\n",
        "Title\n=====\n\nSub\n---\n\n---\n\n***\n",
        "## Action Items\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>\nhtml\n</div>\n",
        "---\ntitle: x\n---\n# Post\n\n```\n# not a heading\n\n```\n",
        "<!-- a\n\n# hidden -->\n# Real\n",
        "1. one\n2. two\n\n   > quoted\n\n10) ten\n",
    ] {
        assert_same(text, &t, "shape");
    }
}

/// A memo carried across edits gives what a fresh outline gives.
#[test]
fn memo_outline_equals_fresh_across_edits() {
    let t = template();
    let sample = include_str!("../../../examples/postmortem-checkout-outage.md");
    let pieces = [
        "\n## ", "\n\n", "| x |\n", "|---|", "```\n", "- [ ] ", "    ", "x", "---\n",
    ];
    let mut memo = OutlineMemo::default();
    let mut text = sample.to_string();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..150 {
        let fresh = render(&Outline::new(&text, &t));
        let with_memo = render(&Outline::with_memo(&text, &t, Some(&mut memo)));
        assert_eq!(with_memo, fresh, "round {round}");
        assert_same(&text, &t, &format!("round {round}"));
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut at = (seed as usize) % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.insert_str(at, pieces[(seed as usize >> 20) % pieces.len()]);
    }
}

#[test]
#[ignore]
fn block_outline_equals_whole_document_on_a_corpus() {
    let Some(dir) = std::env::var_os("BLAMELINT_OUTLINE_CORPUS") else {
        return;
    };
    let t = template();
    let (mut n, mut differ) = (0, 0);
    for path in common::files(std::path::Path::new(&dir), &["md"]) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        n += 1;
        let blocks = render(&Outline::new(&text, &t));
        let whole = render(&Outline::whole_document(&text, &t));
        if blocks != whole {
            differ += 1;
            eprintln!("{}", path.display());
            for (a, b) in blocks.lines().zip(whole.lines()) {
                if a != b {
                    // The first place the two differ, with some context.
                    let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
                    let from = a[..at].rfind('(').unwrap_or(0).min(at);
                    let show = |s: &str| s[from.min(s.len())..(at + 120).min(s.len())].to_string();
                    eprintln!("  blocks ...{}\n  whole  ...{}", show(a), show(b));
                }
            }
        }
    }
    eprintln!("{differ} of {n} files differ");
    assert_eq!(differ, 0);
}
