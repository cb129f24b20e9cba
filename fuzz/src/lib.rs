//! Shared pieces of the fuzz targets: a Markdown-shaped document generator
//! driven by the fuzzer's bytes, and the invariants every lint must keep.

use blamelint_core::{Diagnostic, LintResult, Linter};
use std::sync::OnceLock;

/// The built-in linter, built once per process (building it is the slow part).
pub fn linter() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(Linter::builtin)
}

/// Paths that switch between Markdown, plain text and the postmortem checks.
pub const PATHS: &[&str] = &[
    "notes.md",
    "notes.txt",
    "postmortems/2024-01-02-db.md",
    "incidents/outage.markdown",
    "docs/README.md",
];

/// Reads the fuzzer's bytes as a stream of small choices.
pub struct Bytes<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { data, pos: 0 }
    }
    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }
    pub fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }
    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.byte() as usize % n
    }
    pub fn pick<'s>(&mut self, list: &[&'s str]) -> &'s str {
        list[self.below(list.len())]
    }
    /// Up to `max` raw bytes, as lossy UTF-8.
    pub fn raw(&mut self, max: usize) -> String {
        let n = self.below(max + 1);
        let end = (self.pos + n).min(self.data.len());
        let s = String::from_utf8_lossy(&self.data[self.pos.min(end)..end]).into_owned();
        self.pos += n;
        s
    }
}

const BLAME: &[&str] = &[
    "Bob should have checked the dashboard",
    "the intern forgot to renew the certificate",
    "Root cause: human error",
    "Amir simply forgot to flip the flag",
    "Noor just had to restart the worker",
    "@alice broke the deploy",
    "Why didn't you run the tests?",
    "It was obviously a careless mistake",
    "the on-call engineer missed the page",
    "This was Kim's fault",
    "he should be held accountable",
    "Jan had moeten kijken",
    "de stagiair vergat het certificaat",
    "Piet heeft gewoon de config aangepast",
    "the deploy script failed",
    "We should have had an alert",
    "If only Sam had read the runbook",
    "who approved this?",
    "basically",
    "just",
    "should have",
    "human error",
    "Simply put, the cache is fine",
];

const WORDS: &[&str] = &[
    "the",
    "database",
    "alert",
    "cache",
    "at",
    "14:02",
    "UTC",
    "and",
    "then",
    "a",
    "config",
    "change",
    "rolled",
    "out",
    "to",
    "eu-west-1",
    "customers",
    "saw",
    "errors",
    "for",
    "42",
    "minutes",
    "TODO",
    "TBD",
    "SEV-1",
    "P2",
    "2024-01-02",
];

const INLINE: &[&str] = &[
    "`code span`",
    "[link](https://example.com/x)",
    "<https://example.com>",
    "*emphasis*",
    "**strong**",
    "_x_",
    "<b>html</b>",
    "🎉",
    "👩\u{200d}💻",
    "e\u{301}",
    "漢字",
    "שלום",
    "\u{feff}",
    "\t",
    "\\",
    "’",
    "“quoted”",
    "&amp;",
    "![img](a.png)",
    "[^1]",
    "~~struck~~",
    "\u{0}",
];

const COMMENTS: &[&str] = &[
    "<!-- blamelint-disable-next-line -->",
    "<!-- blamelint-disable-next-line hindsight -->",
    "<!-- blamelint-disable-line -->",
    "<!-- blamelint-disable person-as-cause -->",
    "<!-- blamelint-disable -->",
    "<!-- blamelint-enable -->",
    "<!-- blamelint-enable minimizing -->",
    "<!-- blamelint-disable-file -->",
    "<!-- blamelint-disable-file minimizing-just, hindsight -->",
    "<!-- blamelint-language nl -->",
    "<!-- blamelint-language en-GB -->",
    "<!-- blamelint-language -->",
    "<!-- a plain comment -->",
    "<!--",
    "-->",
    "<!-- blamelint-disable",
];

const HEADINGS: &[&str] = &[
    "Postmortem: database outage",
    "Summary",
    "Executive Summary",
    "Timeline",
    "Impact",
    "Root Cause",
    "Contributing Factors",
    "Action Items",
    "Lessons Learned",
    "5 Whys",
    "Detection",
    "Resolution",
    "Tijdlijn",
];

const LINE_ENDINGS: &[&str] = &["\n", "\n", "\n", "\r\n", "\r", "\n\n"];

/// Builds a Markdown-shaped document from the fuzzer's bytes: headings,
/// fences (some unterminated), tables, HTML and suppression comments, front
/// matter, nested lists and blockquotes, emoji and combining marks, CRLF and
/// lone CR, and blame phrases, mixed with raw bytes.
pub fn markdown_document(b: &mut Bytes) -> String {
    let mut out = String::new();
    let crlf = b.below(4) == 0;
    let nl = |out: &mut String, b: &mut Bytes| {
        if crlf {
            out.push_str("\r\n");
        } else {
            out.push_str(b.pick(LINE_ENDINGS));
        }
    };
    let mut steps = 0;
    while !b.is_empty() && steps < 400 {
        steps += 1;
        match b.below(20) {
            0 => {
                out.push_str(&"#".repeat(1 + b.below(7)));
                out.push(' ');
                out.push_str(b.pick(HEADINGS));
                nl(&mut out, b);
            }
            1 => {
                let fence = b.pick(&["```", "~~~", "````", "``"]);
                out.push_str(fence);
                out.push_str(b.pick(&["", "text", "md", "rust {.x}"]));
                nl(&mut out, b);
                out.push_str(b.pick(BLAME));
                nl(&mut out, b);
                if b.below(3) != 0 {
                    out.push_str(fence);
                    nl(&mut out, b);
                }
            }
            2 => {
                let cols = 1 + b.below(4);
                for row in 0..1 + b.below(5) {
                    out.push('|');
                    for _ in 0..cols {
                        if row == 1 {
                            out.push_str(b.pick(&["---", ":--", "--:", ":-:", "-"]));
                        } else {
                            out.push(' ');
                            let list = if b.below(2) == 0 { BLAME } else { WORDS };
                            out.push_str(b.pick(list));
                            out.push(' ');
                        }
                        out.push('|');
                    }
                    nl(&mut out, b);
                }
            }
            3 | 4 => {
                out.push_str(b.pick(COMMENTS));
                if b.below(2) == 0 {
                    nl(&mut out, b);
                }
            }
            5 | 6 => {
                let depth = b.below(12);
                for _ in 0..depth {
                    out.push_str(b.pick(&["  ", "    ", "> ", "- ", "1. ", "\t", "* "]));
                }
                out.push_str(b.pick(&["- ", "* ", "1. ", "> ", "- [ ] ", ""]));
                out.push_str(b.pick(BLAME));
                nl(&mut out, b);
            }
            7..=9 => {
                out.push_str(b.pick(BLAME));
                out.push_str(b.pick(&[". ", ", ", " ", "? ", "! ", "; ", "\u{a0}"]));
            }
            10 => out.push_str(b.pick(INLINE)),
            11 => {
                out.push_str(b.pick(WORDS));
                out.push(' ');
            }
            12 => nl(&mut out, b),
            13 => {
                out.push_str("---");
                nl(&mut out, b);
                out.push_str(b.pick(&[
                    "type: postmortem",
                    "lang: nl",
                    "language: \"en\"",
                    "severity: SEV-1",
                    "title: x",
                ]));
                nl(&mut out, b);
                if b.below(3) != 0 {
                    out.push_str("---");
                    nl(&mut out, b);
                }
            }
            14 => {
                out.push_str("    ");
                out.push_str(b.pick(BLAME));
                nl(&mut out, b);
            }
            15 => out.push_str(&b.raw(24)),
            16 => {
                // A repeated construct, to reach deep nesting and long lines.
                let unit = b.pick(&["> ", "- ", "  ", "[", "*", "`", "<!--", "|", "\r", "\n"]);
                out.push_str(&unit.repeat(1 + b.byte() as usize * 4));
            }
            17 => {
                out.push_str("| Action | Owner | Priority | Due | Status |");
                nl(&mut out, b);
                out.push_str("|---|---|---|---|---|");
                nl(&mut out, b);
                for _ in 0..b.below(4) {
                    out.push_str("| Fix alerting | ");
                    out.push_str(b.pick(&["@alice", "", "TBD", "Bob"]));
                    out.push_str(" | ");
                    out.push_str(b.pick(&["P1", "P9", "", "high"]));
                    out.push_str(" | ");
                    out.push_str(b.pick(&["2024-02-30", "2024-03-01", "soon", ""]));
                    out.push_str(" | ");
                    out.push_str(b.pick(&["done", "open", "✅", ""]));
                    out.push_str(" |");
                    nl(&mut out, b);
                }
            }
            18 => {
                out.push_str(b.pick(&["- 14:02 ", "* 2024-01-02 10:00 UTC ", "| 09:00 | "]));
                out.push_str(b.pick(BLAME));
                nl(&mut out, b);
            }
            _ => {
                out.push_str(b.pick(&["<details>", "</details>", "<div>", "<br>", "<", ">"]));
            }
        }
    }
    out
}

/// The invariants of one lint result on `text`: every span and every fix
/// edit is a char-boundary range inside the text, and a fix's edits are
/// ordered and do not overlap.
pub fn check_result(text: &str, result: &LintResult) {
    for d in &result.diagnostics {
        check_diagnostic(text, d);
    }
}

pub fn check_diagnostic(text: &str, d: &Diagnostic) {
    let ok = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    assert!(
        ok(&d.span),
        "{}: span {:?} in a {}-byte text",
        d.rule,
        d.span,
        text.len()
    );
    if let Some(fix) = &d.fix {
        for e in &fix.edits {
            assert!(
                ok(&e.range),
                "{}: fix edit {:?} in a {}-byte text",
                d.rule,
                e.range,
                text.len()
            );
        }
        for w in fix.edits.windows(2) {
            assert!(
                w[0].range.end <= w[1].range.start,
                "{}: fix edits overlap or are out of order: {:?}",
                d.rule,
                fix.edits.iter().map(|e| &e.range).collect::<Vec<_>>()
            );
        }
    }
}
