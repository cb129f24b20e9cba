//! Document outline: the headings, nested by level.
//!
//! A line scan rather than a full Markdown parse: it is linear, allocation
//! light and fine on a 10 MB file, and headings are line-level syntax. It
//! skips front matter, fenced code, indented code and multi-line HTML comments.

use crate::convert;
use crate::line_index::LineIndex;
use blamelint_core::line_index::ColumnUnit;
use std::ops::Range as ByteRange;
use tower_lsp::lsp_types::{DocumentSymbol, Location, SymbolInformation, SymbolKind, Url};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub title: String,
    /// The heading's own lines (both lines of a setext heading).
    pub range: ByteRange<usize>,
    /// Where its section ends: the next heading of the same or a higher level.
    pub section_end: usize,
}

fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let rest = &text[start..];
        let end = rest.find(['\n', '\r']).map_or(text.len(), |i| start + i);
        pos = if text[end..].starts_with("\r\n") {
            end + 2
        } else {
            (end + 1).min(text.len())
        };
        Some((start, &text[start..end]))
    })
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// `(marker char, run length)` of a code fence opener/closer.
fn fence(line: &str) -> Option<(u8, usize)> {
    if indent(line) > 3 {
        return None;
    }
    let t = line.trim_start_matches(' ');
    let c = *t.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = t.bytes().take_while(|&b| b == c).count();
    (n >= 3).then_some((c, n))
}

fn atx(line: &str) -> Option<(u8, String)> {
    if indent(line) > 3 {
        return None;
    }
    let t = line.trim_start_matches(' ');
    let level = t.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let mut title = rest.trim();
    // An optional closing run of `#`s, if separated by a space.
    let stripped = title.trim_end_matches('#');
    if stripped.is_empty() || stripped.ends_with([' ', '\t']) {
        title = stripped.trim_end();
    }
    Some((level as u8, title.to_string()))
}

fn setext_level(line: &str) -> Option<u8> {
    if indent(line) > 3 {
        return None;
    }
    let t = line.trim();
    let c = *t.as_bytes().first()?;
    (matches!(c, b'=' | b'-') && t.bytes().all(|b| b == c)).then_some(if c == b'=' { 1 } else { 2 })
}

/// Whether a line could be the text of a setext heading (a paragraph line).
fn paragraph_like(line: &str) -> bool {
    let t = line.trim_start();
    if line.trim().is_empty() || indent(line) > 3 || atx(line).is_some() || fence(line).is_some() {
        return false;
    }
    let list = t.starts_with(['-', '*', '+']) && t[1..].starts_with([' ', '\t']) || {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && t[digits..].starts_with(['.', ')'])
    };
    !(list || t.starts_with(['>', '|', '<']) || setext_level(line).is_some())
}

pub fn headings(text: &str) -> Vec<Heading> {
    let mut out: Vec<Heading> = Vec::new();
    let mut open_fence: Option<(u8, usize)> = None;
    let mut in_comment = false;
    let mut prev: Option<(usize, &str)> = None;
    let mut front_matter: Option<&str> = None;
    for (n, (start, line)) in lines(text).enumerate() {
        let end = start + line.len();
        if n == 0 && (line == "---" || line == "+++") {
            front_matter = Some(if line == "---" { "---" } else { "+++" });
            continue;
        }
        if let Some(marker) = front_matter {
            if line == marker || (marker == "---" && line == "...") {
                front_matter = None;
            }
            continue;
        }
        if let Some((c, len)) = open_fence {
            if fence(line).is_some_and(|(c2, len2)| {
                c2 == c
                    && len2 >= len
                    && line
                        .trim_start()
                        .trim_start_matches(c as char)
                        .trim()
                        .is_empty()
            }) {
                open_fence = None;
            }
            prev = None;
            continue;
        }
        if in_comment {
            in_comment = !line.contains("-->");
            prev = None;
            continue;
        }
        if let Some(f) = fence(line) {
            open_fence = Some(f);
            prev = None;
            continue;
        }
        if line.trim_start().starts_with("<!--") && !line.contains("-->") {
            in_comment = true;
            prev = None;
            continue;
        }
        if let Some((level, title)) = atx(line) {
            out.push(Heading {
                level,
                title,
                range: start..end,
                section_end: text.len(),
            });
            prev = None;
            continue;
        }
        if let (Some(level), Some((pstart, ptext))) = (setext_level(line), prev) {
            out.push(Heading {
                level,
                title: ptext.trim().to_string(),
                range: pstart..end,
                section_end: text.len(),
            });
            prev = None;
            continue;
        }
        prev = paragraph_like(line).then_some((start, line));
    }
    // A section runs to the next heading of the same or a higher level.
    for i in 0..out.len() {
        let level = out[i].level;
        if let Some(next) = out[i + 1..].iter().find(|h| h.level <= level) {
            out[i].section_end = next.range.start;
        }
    }
    out
}

fn name(h: &Heading) -> String {
    // Clients reject empty symbol names.
    if h.title.is_empty() {
        "#".repeat(h.level as usize)
    } else {
        h.title.clone()
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written
pub fn document_symbols(text: &str, index: &LineIndex, unit: ColumnUnit) -> Vec<DocumentSymbol> {
    fn attach(stack: &mut Vec<(u8, DocumentSymbol)>, roots: &mut Vec<DocumentSymbol>, down_to: u8) {
        while stack.last().is_some_and(|(l, _)| *l >= down_to) {
            let (_, sym) = stack.pop().expect("checked");
            match stack.last_mut() {
                Some((_, parent)) => parent.children.get_or_insert_with(Vec::new).push(sym),
                None => roots.push(sym),
            }
        }
    }
    let mut roots = Vec::new();
    let mut stack: Vec<(u8, DocumentSymbol)> = Vec::new();
    for h in headings(text) {
        attach(&mut stack, &mut roots, h.level);
        let sym = DocumentSymbol {
            name: name(&h),
            detail: Some(format!("h{}", h.level)),
            kind: SymbolKind::STRING,
            tags: None,
            deprecated: None,
            range: convert::range(text, index, &(h.range.start..h.section_end), unit),
            selection_range: convert::range(text, index, &h.range, unit),
            children: None,
        };
        stack.push((h.level, sym));
    }
    attach(&mut stack, &mut roots, 0);
    roots
}

/// For clients without hierarchical symbol support: a flat list whose
/// `containerName` names the parent heading.
#[allow(deprecated)]
pub fn symbol_information(
    uri: &Url,
    text: &str,
    index: &LineIndex,
    unit: ColumnUnit,
) -> Vec<SymbolInformation> {
    let hs = headings(text);
    let mut stack: Vec<(u8, String)> = Vec::new();
    let mut out = Vec::new();
    for h in &hs {
        while stack.last().is_some_and(|(l, _)| *l >= h.level) {
            stack.pop();
        }
        out.push(SymbolInformation {
            name: name(h),
            kind: SymbolKind::STRING,
            tags: None,
            deprecated: None,
            location: Location {
                uri: uri.clone(),
                range: convert::range(text, index, &(h.range.start..h.section_end), unit),
            },
            container_name: stack.last().map(|(_, n)| n.clone()),
        });
        stack.push((h.level, name(h)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_headings_outside_code_and_front_matter() {
        let text = "---\ntitle: x\n# not a heading\n---\n# Title #\r\n\r\nIntro\n\n## Timeline\n```\n# code\n```\n    # indented code\nSummary\n=======\n#hashtag\n### Deep ###\n<!--\n# hidden\n-->\n- item\n---\n## Next\n";
        let hs: Vec<(u8, &str)> = headings(text)
            .iter()
            .map(|h| (h.level, &text[h.range.clone()]))
            .collect();
        assert_eq!(
            hs,
            vec![
                (1, "# Title #"),
                (2, "## Timeline"),
                (1, "Summary\n======="),
                (3, "### Deep ###"),
                (2, "## Next")
            ]
        );
        let titles: Vec<String> = headings(text).into_iter().map(|h| h.title).collect();
        assert_eq!(titles, vec!["Title", "Timeline", "Summary", "Deep", "Next"]);
    }

    #[test]
    fn nests_by_level() {
        let text = "# A\n## B\n### C\n## D\n# E\n";
        let idx = LineIndex::new(text);
        let syms = document_symbols(text, &idx, ColumnUnit::Utf16);
        let shape: Vec<(String, Vec<String>)> = syms
            .iter()
            .map(|s| {
                (
                    s.name.clone(),
                    s.children
                        .iter()
                        .flatten()
                        .map(|c| c.name.clone())
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                ("A".to_string(), vec!["B".to_string(), "D".to_string()]),
                ("E".to_string(), vec![])
            ]
        );
        let b = &syms[0].children.as_ref().unwrap()[0];
        assert_eq!(b.children.as_ref().unwrap()[0].name, "C");
        // B's section runs until D.
        assert_eq!((b.range.start.line, b.range.end.line), (1, 3));
    }
}
