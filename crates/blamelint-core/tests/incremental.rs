//! `lint_incremental` reuses unchanged blocks' findings and must give
//! exactly what a fresh `lint` gives, edit after edit.

use blamelint_core::{BlockMemo, Linter};

const DOC: &str = "# Postmortem: INC-9 - Queue stall\n\n\
Bob should have checked the logs. The alert should have fired at 80%.\n\n\
- 14:05 Alice rolled back the deploy.\n- The on-call engineer simply forgot the backfill.\n\n\
| Action | Owner |\n|---|---|\n| Kim forgot the flag | @kim |\n\n\
```\nBob should have known.\n```\n\n\
> Why didn't you test this?\n\n\
Als Jan de logs had gelezen, hadden we het eerder gezien.\n";

/// A small deterministic PRNG so the edits are the same every run.
struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn incremental_equals_fresh_lint_across_edits() {
    let linter = Linter::builtin();
    let mut memo = BlockMemo::default();
    let mut text = DOC.to_string();
    let pieces = [
        "x",
        " ",
        "\n",
        "\n\n",
        "should have ",
        "Bob ",
        "🎉",
        "`",
        "- ",
        "| a |",
    ];
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for round in 0..300 {
        let fresh = linter.lint("postmortems/inc.md", &text).diagnostics;
        let incremental = linter
            .lint_incremental("postmortems/inc.md", &text, &mut memo)
            .diagnostics;
        assert_eq!(incremental, fresh, "round {round}, text:\n{text}");
        // Edit: insert or delete at a char boundary.
        let mut at = (rng.next() as usize) % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        if rng.next().is_multiple_of(3) && at < text.len() {
            let end = text[at..]
                .char_indices()
                .nth(1)
                .map(|(i, _)| at + i)
                .unwrap_or(text.len());
            text.replace_range(at..end, "");
        } else {
            text.insert_str(at, pieces[(rng.next() as usize) % pieces.len()]);
        }
    }
    assert!(!memo.is_empty(), "the memo holds blocks between runs");
}

#[test]
fn settings_change_does_not_serve_stale_findings() {
    let mut memo = BlockMemo::default();
    let text = "Bob should have checked the logs.\n";
    let all = Linter::builtin();
    assert_eq!(
        all.lint_incremental("a.md", text, &mut memo)
            .diagnostics
            .len(),
        1
    );
    let mut quiet = Linter::builtin();
    quiet.settings.ignore = vec!["hindsight".into()];
    assert!(quiet
        .lint_incremental("a.md", text, &mut memo)
        .diagnostics
        .is_empty());
}

/// The structure checks parse the postmortem incrementally from its last
/// tree. Edits that move sections, break tables and open fences must still
/// give what a fresh parse gives, structure findings included.
#[test]
fn incremental_structure_equals_fresh_on_a_full_postmortem() {
    let sample = include_str!("../../../examples/postmortem-checkout-outage.md");
    let linter = Linter::builtin();
    let mut memo = BlockMemo::default();
    let mut text = sample.to_string();
    let pieces = [
        "\n## ",
        "\n\n",
        "| x | y |\n",
        "|---|",
        "```\n",
        "- [ ] ",
        "# ",
        "x",
        "\r\n",
        "> ",
        "<!-- ",
        "-->",
        "Owner",
        "🎉",
        "\n---\n",
    ];
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    let mut structure_seen = 0;
    for round in 0..200 {
        let fresh = linter.lint("pm.md", &text);
        let incremental = linter.lint_incremental("pm.md", &text, &mut memo);
        assert_eq!(
            incremental.diagnostics, fresh.diagnostics,
            "round {round}, text:\n{text}"
        );
        structure_seen += fresh
            .diagnostics
            .iter()
            .filter(|d| d.category == "structure")
            .count();
        // Every tenth round, go back to the sample: a large edit.
        if round % 10 == 9 {
            text = sample.to_string();
            continue;
        }
        let mut at = (rng.next() as usize) % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        if rng.next().is_multiple_of(4) && at < text.len() {
            let mut end = (at + 1 + (rng.next() as usize) % 40).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, "");
        } else {
            text.insert_str(at, pieces[(rng.next() as usize) % pieces.len()]);
        }
    }
    assert!(
        structure_seen > 0,
        "the edits never produced a structure finding"
    );
}
