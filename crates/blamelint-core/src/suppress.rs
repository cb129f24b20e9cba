//! `<!-- blamelint-... -->` comments: suppressions and per-document settings.
//!
//! ```markdown
//! <!-- blamelint-disable-next-line hindsight -->
//! <!-- blamelint-disable-line -->            (on the flagged line)
//! <!-- blamelint-disable person-as-cause -->  ...  <!-- blamelint-enable -->
//! <!-- blamelint-disable-file -->
//! <!-- blamelint-language nl -->
//! ```
//! Rules are named by id or by category; none named means all.

use crate::line_index::LineIndex;
use crate::markdown::blocks::{split_blocks, BlockKind};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    DisableFile(Vec<String>),
    Disable(Vec<String>),
    Enable(Vec<String>),
    DisableNextLine(Vec<String>),
    DisableLine(Vec<String>),
    Language(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub directive: Directive,
    /// The whole `<!-- ... -->`.
    pub range: Range<usize>,
}

/// Finds directive comments outside code blocks and front matter.
pub fn parse_comments(text: &str, markdown: bool) -> Vec<Comment> {
    if !text.contains("blamelint-") {
        return Vec::new();
    }
    let excluded: Vec<Range<usize>> = if markdown {
        split_blocks(text)
            .into_iter()
            .filter(|b| {
                matches!(
                    b.kind,
                    BlockKind::Code | BlockKind::IndentedCode | BlockKind::FrontMatter
                )
            })
            .map(|b| b.range)
            .collect()
    } else {
        Vec::new()
    };
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(i) = text[pos..].find("<!--") {
        let start = pos + i;
        let Some(j) = text[start + 4..].find("-->") else {
            break;
        };
        let end = start + 4 + j + 3;
        pos = end;
        if excluded.iter().any(|r| r.start <= start && start < r.end) {
            continue;
        }
        let body = text[start + 4..end - 3].trim();
        let mut words = body
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty());
        let Some(head) = words.next() else { continue };
        let args: Vec<String> = words.map(str::to_string).collect();
        let directive = match head {
            "blamelint-disable-file" => Directive::DisableFile(args),
            "blamelint-disable" => Directive::Disable(args),
            "blamelint-enable" => Directive::Enable(args),
            "blamelint-disable-next-line" => Directive::DisableNextLine(args),
            "blamelint-disable-line" => Directive::DisableLine(args),
            "blamelint-language" => match args.first() {
                Some(l) => Directive::Language(l.to_lowercase()),
                None => continue,
            },
            _ => continue,
        };
        out.push(Comment {
            directive,
            range: start..end,
        });
    }
    out
}

fn names(list: &[String], rule: &str, category: &str) -> bool {
    list.is_empty() || list.iter().any(|n| n == rule || n == category)
}

/// Decides whether a finding is suppressed by the comments.
pub struct Suppressions<'a> {
    comments: &'a [Comment],
    index: &'a LineIndex,
}

impl<'a> Suppressions<'a> {
    pub fn new(comments: &'a [Comment], index: &'a LineIndex) -> Self {
        Suppressions { comments, index }
    }

    pub fn is_suppressed(&self, rule: &str, category: &str, offset: usize) -> bool {
        let line = self.index.line_of(offset);
        let mut disabled = false;
        for c in self.comments {
            match &c.directive {
                Directive::DisableFile(list) if names(list, rule, category) => return true,
                Directive::DisableNextLine(list)
                    if names(list, rule, category)
                        && self.index.line_of(c.range.end) + 1 == line =>
                {
                    return true
                }
                Directive::DisableLine(list)
                    if names(list, rule, category)
                        && self.index.line_of(c.range.start) <= line
                        && line <= self.index.line_of(c.range.end) =>
                {
                    return true
                }
                Directive::Disable(list)
                    if c.range.start <= offset && names(list, rule, category) =>
                {
                    disabled = true
                }
                Directive::Enable(list)
                    if c.range.start <= offset && names(list, rule, category) =>
                {
                    disabled = false
                }
                _ => {}
            }
        }
        disabled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes() {
        let text = "<!-- blamelint-disable-next-line hindsight -->\nA\nB <!-- blamelint-disable-line -->\n<!-- blamelint-disable person-as-cause -->\nC\n<!-- blamelint-enable -->\nD\n```\n<!-- blamelint-disable-file -->\n```\n";
        let comments = parse_comments(text, true);
        assert_eq!(comments.len(), 4);
        let idx = LineIndex::new(text);
        let s = Suppressions::new(&comments, &idx);
        let at = |needle: &str| text.find(needle).unwrap();
        assert!(s.is_suppressed("should-have", "hindsight", at("A")));
        assert!(!s.is_suppressed("forgot", "person-as-cause", at("A")));
        assert!(s.is_suppressed("forgot", "person-as-cause", at("B")));
        assert!(s.is_suppressed("forgot", "person-as-cause", at("C")));
        assert!(!s.is_suppressed("should-have", "hindsight", at("C")));
        assert!(!s.is_suppressed("forgot", "person-as-cause", at("D")));
    }
}
