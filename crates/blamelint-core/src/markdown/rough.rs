//! A cheap, parser-free approximation of [`mask_block`](super::prose::mask_block)
//! that the engine runs first to decide whether a block needs the real parse.
//!
//! tree-sitter-md parses a few MB/s; the prefilter's literals ("should",
//! "how", "not") occur in most blocks of real documents, yet few blocks hold
//! a finding. So every block with hits is first masked here by line and byte
//! rules, the rules run on that, and only a block where they find something
//! is parsed and linted again for real. The findings reported are always
//! those of the real parse.
//!
//! The approximation leans towards *more* prose: it keeps text that the
//! parser might mask (HTML blocks, indented code inside lists, image alt
//! text) and masks only what it recognises for sure, so that a block with a
//! real finding also has a rough one. An engine test checks, on every
//! fixture and on generated documents, that gating never changes a result.

use super::prose::{MaskedBlock, Unit, UnitKind, CODE_BYTE};
use std::ops::Range;

/// Masks `doc[range]` like the parser would, approximately.
pub fn rough_mask(doc: &str, range: Range<usize>) -> MaskedBlock {
    let src = &doc[range.clone()];
    let bytes = src.as_bytes();
    let mut masked = bytes.to_vec();
    let lines = line_ranges(bytes);
    let table = lines.iter().any(|l| is_delimiter_row(&bytes[l.clone()]));
    let mut units: Vec<Unit> = Vec::new();
    // The unit being extended by continuation lines: (start, quote depth).
    let mut open: Option<(usize, u8)> = None;
    let close = |open: &mut Option<(usize, u8)>, end: usize, units: &mut Vec<Unit>| {
        if let Some((start, depth)) = open.take() {
            let end = trim_eol(bytes, start..end);
            if start < end {
                units.push(Unit {
                    kind: UnitKind::Paragraph,
                    range: start..end,
                    quote_depth: depth,
                });
            }
        }
    };
    for line in &lines {
        let end = trim_eol(bytes, line.clone());
        let prefix = container_prefix(bytes, line.start..end);
        for b in &mut masked[line.start..prefix.end] {
            *b = b' ';
        }
        let content = prefix.end..end;
        let text = &bytes[content.clone()];
        if table && text.contains(&b'|') {
            close(&mut open, line.start, &mut units);
            if is_delimiter_row(text) {
                blank(&mut masked, content);
                continue;
            }
            for cell in cells(bytes, content) {
                mask_inline(bytes, &mut masked, cell.clone());
                units.push(Unit {
                    kind: UnitKind::TableCell,
                    range: cell,
                    quote_depth: prefix.quote_depth,
                });
            }
            continue;
        }
        if let Some(heading) = atx_heading(bytes, content.clone()) {
            close(&mut open, line.start, &mut units);
            blank(&mut masked, content.start..heading.start);
            blank(&mut masked, heading.end..content.end);
            mask_inline(bytes, &mut masked, heading.clone());
            if !heading.is_empty() {
                units.push(Unit {
                    kind: UnitKind::Heading,
                    range: heading,
                    quote_depth: prefix.quote_depth,
                });
            }
            continue;
        }
        if is_rule_line(text) {
            // A setext underline or a thematic break: not prose itself.
            close(&mut open, line.start, &mut units);
            blank(&mut masked, content);
            continue;
        }
        // A deeper quote opens a new block; a shallower line may be a lazy
        // continuation of the open paragraph.
        if prefix.list_marker || open.is_none_or(|(_, depth)| prefix.quote_depth > depth) {
            close(&mut open, line.start, &mut units);
            open = Some((content.start, prefix.quote_depth));
        }
    }
    close(&mut open, bytes.len(), &mut units);
    for u in &units {
        if u.kind == UnitKind::Paragraph {
            mask_inline(bytes, &mut masked, u.range.clone());
        }
    }
    let masked = String::from_utf8(masked).unwrap_or_else(|_| {
        // Only ASCII is written, over ASCII; keep the block whole if not.
        src.to_string()
    });
    for u in &mut units {
        u.range = (u.range.start + range.start)..(u.range.end + range.start);
    }
    MaskedBlock {
        offset: range.start,
        masked,
        units,
    }
}

fn line_ranges(bytes: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push(start..bytes.len());
    }
    out
}

fn trim_eol(bytes: &[u8], r: Range<usize>) -> usize {
    let mut end = r.end;
    while end > r.start && matches!(bytes[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    end
}

fn blank(masked: &mut [u8], r: Range<usize>) {
    for b in &mut masked[r] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

struct Prefix {
    /// Where the line's content starts.
    end: usize,
    quote_depth: u8,
    /// The line opens a list item, so it starts a new unit.
    list_marker: bool,
}

/// Leading whitespace, quote markers and list markers, in any nesting.
fn container_prefix(bytes: &[u8], line: Range<usize>) -> Prefix {
    let mut i = line.start;
    let mut quote_depth = 0u8;
    let mut list_marker = false;
    loop {
        while i < line.end && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
        if i < line.end && bytes[i] == b'>' {
            quote_depth = quote_depth.saturating_add(1);
            i += 1;
            continue;
        }
        if let Some(after) = list_marker_end(bytes, i, line.end) {
            list_marker = true;
            i = after;
            continue;
        }
        break;
    }
    Prefix {
        end: i,
        quote_depth,
        list_marker,
    }
}

/// The end of a list marker at `i` (`-`, `*`, `+`, `1.`, `1)`), when one is
/// there and is followed by whitespace or the end of the line.
fn list_marker_end(bytes: &[u8], i: usize, end: usize) -> Option<usize> {
    let spaced = |j: usize| j == end || matches!(bytes[j], b' ' | b'\t');
    if i < end && matches!(bytes[i], b'-' | b'*' | b'+') && spaced(i + 1) {
        // "- - -" and "***" are thematic breaks, not markers.
        if is_rule_line(&bytes[i..end]) {
            return None;
        }
        return Some(i + 1);
    }
    let digits = bytes[i..end]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let j = i + digits;
    if (1..10).contains(&digits) && j < end && matches!(bytes[j], b'.' | b')') && spaced(j + 1) {
        return Some(j + 1);
    }
    None
}

/// `---`, `***`, `___`, `===` and spaced forms: breaks and setext underlines.
fn is_rule_line(text: &[u8]) -> bool {
    let t: Vec<u8> = text
        .iter()
        .copied()
        .filter(|b| !matches!(b, b' ' | b'\t'))
        .collect();
    t.len() >= 2 && matches!(t[0], b'-' | b'*' | b'_' | b'=') && t.iter().all(|&b| b == t[0])
}

/// The text of an ATX heading (`## Title ##` -> `Title`).
fn atx_heading(bytes: &[u8], content: Range<usize>) -> Option<Range<usize>> {
    let text = &bytes[content.clone()];
    let level = text.iter().take_while(|&&b| b == b'#').count();
    if !(1..=6).contains(&level) || !(level == text.len() || matches!(text[level], b' ' | b'\t')) {
        return None;
    }
    let mut start = content.start + level;
    while start < content.end && matches!(bytes[start], b' ' | b'\t') {
        start += 1;
    }
    let mut end = content.end;
    while end > start && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    let closing = bytes[start..end]
        .iter()
        .rev()
        .take_while(|&&b| b == b'#')
        .count();
    if closing > 0 && (end - closing == start || matches!(bytes[end - closing - 1], b' ' | b'\t')) {
        end -= closing;
        while end > start && matches!(bytes[end - 1], b' ' | b'\t') {
            end -= 1;
        }
    }
    Some(start..end)
}

/// `|---|:--:|`: the row that makes a table.
fn is_delimiter_row(text: &[u8]) -> bool {
    let t = trim(text);
    t.contains(&b'-')
        && t.contains(&b'|')
        && t.iter()
            .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
}

fn trim(text: &[u8]) -> &[u8] {
    let s = text
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .unwrap_or(text.len());
    let e = text
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .map_or(s, |e| e + 1);
    &text[s..e]
}

/// The cells of a table row, split at unescaped pipes (GFM splits inside
/// code spans too), trimmed; pipes are blanked by the caller's copy.
fn cells(bytes: &[u8], row: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = row.start;
    let mut i = row.start;
    while i < row.end {
        match bytes[i] {
            b'\\' => i += 1,
            b'|' => {
                out.push(start..i);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(start..row.end);
    out.into_iter()
        .filter_map(|c| {
            let t = trim(&bytes[c.clone()]);
            if t.is_empty() {
                return None;
            }
            let s = c.start + (t.as_ptr() as usize - bytes[c.clone()].as_ptr() as usize);
            Some(s..s + t.len())
        })
        .collect()
}

/// Code spans, autolinks and link destinations become [`CODE_BYTE`]; HTML
/// tags, emphasis, brackets and escapes become spaces.
fn mask_inline(bytes: &[u8], masked: &mut [u8], r: Range<usize>) {
    let fill = |masked: &mut [u8], r: Range<usize>, with: u8| {
        for b in &mut masked[r] {
            if *b != b'\n' && *b != b'\r' {
                *b = with;
            }
        }
    };
    let mut i = r.start;
    while i < r.end {
        match bytes[i] {
            b'\\' if i + 1 < r.end && bytes[i + 1].is_ascii_punctuation() => {
                masked[i] = b' ';
                i += 2;
                continue;
            }
            b'`' => {
                let n = run(bytes, i, r.end, b'`');
                if let Some(close) = find_run(bytes, i + n, r.end, b'`', n) {
                    fill(masked, i..close + n, CODE_BYTE);
                    i = close + n;
                } else {
                    i += n;
                }
                continue;
            }
            b'<' => {
                if let Some(end) = bytes[i..r.end].iter().position(|&b| b == b'>') {
                    let inner = &bytes[i + 1..i + end];
                    let first = inner.first().copied().unwrap_or(b' ');
                    if inner.contains(&b':') && !inner.contains(&b' ') || is_email(inner) {
                        fill(masked, i..i + end + 1, CODE_BYTE);
                    } else if first.is_ascii_alphabetic() || first == b'/' || first == b'!' {
                        fill(masked, i..i + end + 1, b' ');
                    }
                    i += end + 1;
                    continue;
                }
            }
            b']' if bytes.get(i + 1) == Some(&b'(') && i + 1 < r.end => {
                masked[i] = b' ';
                if let Some(close) = closing_paren(bytes, i + 1, r.end) {
                    masked[i + 1] = b' ';
                    fill(masked, i + 2..close, CODE_BYTE);
                    masked[close] = b' ';
                    i = close + 1;
                    continue;
                }
            }
            b']' if bytes.get(i + 1) == Some(&b'[') && i + 1 < r.end => {
                // `[text][label]`: the parser keeps the label's brackets.
                masked[i] = b' ';
                let label_end = bytes[i + 1..r.end].iter().position(|&b| b == b']');
                i += label_end.map_or(2, |e| e + 2);
                continue;
            }
            b'*' | b'~' | b'[' | b']' => masked[i] = b' ',
            b'!' if bytes.get(i + 1) == Some(&b'[') => masked[i] = b' ',
            b'_' => {
                let word = |j: Option<&u8>| j.is_some_and(|b| b.is_ascii_alphanumeric());
                let before = i.checked_sub(1).and_then(|j| bytes.get(j));
                if !(word(before) && word(bytes.get(i + 1))) {
                    masked[i] = b' ';
                }
            }
            _ => {}
        }
        i += 1;
    }
}

fn run(bytes: &[u8], i: usize, end: usize, ch: u8) -> usize {
    bytes[i..end].iter().take_while(|&&b| b == ch).count()
}

/// The start of the next run of exactly `n` `ch` bytes in `bytes[from..end]`.
fn find_run(bytes: &[u8], from: usize, end: usize, ch: u8, n: usize) -> Option<usize> {
    let mut j = from;
    while j < end {
        if bytes[j] == ch {
            let m = run(bytes, j, end, ch);
            if m == n {
                return Some(j);
            }
            j += m;
        } else {
            j += 1;
        }
    }
    None
}

/// The `)` closing the `(` at `open`, allowing one level of nesting, on the
/// same line.
fn closing_paren(bytes: &[u8], open: usize, end: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (j, &b) in bytes.iter().enumerate().take(end).skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            b'\n' => return None,
            _ => {}
        }
    }
    None
}

fn is_email(inner: &[u8]) -> bool {
    inner.contains(&b'@') && !inner.iter().any(|b| b.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<(UnitKind, String)> {
        let b = rough_mask(text, 0..text.len());
        b.units
            .iter()
            .map(|u| (u.kind, b.masked[u.range.clone()].to_string()))
            .collect()
    }

    #[test]
    fn lists_quotes_and_headings_become_units() {
        assert_eq!(
            units("# Bob *forgot* #\n- one `x`\n  two\n  > - three\n"),
            vec![
                (UnitKind::Heading, "Bob  forgot ".to_string()),
                (
                    UnitKind::Paragraph,
                    "one \u{1}\u{1}\u{1}\n  two".to_string()
                ),
                (UnitKind::Paragraph, "three".to_string()),
            ]
        );
    }

    #[test]
    fn tables_split_into_cells() {
        assert_eq!(
            units("| a | b \\| c |\n|---|---|\n| [Bob](http://x) | y |"),
            vec![
                (UnitKind::TableCell, "a".to_string()),
                (UnitKind::TableCell, "b  | c".to_string()),
                (
                    UnitKind::TableCell,
                    " Bob  \u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1} ".to_string()
                ),
                (UnitKind::TableCell, "y".to_string()),
            ]
        );
    }

    #[test]
    fn html_autolinks_and_snake_case() {
        assert_eq!(
            units("See <b>this</b> <https://a.b> and snake_case _em_ a < b"),
            vec![(
                UnitKind::Paragraph,
                "See    this     \u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1} and snake_case  em  a < b".to_string()
            )]
        );
    }

    #[test]
    fn rules_and_setext_lines_are_not_prose() {
        assert_eq!(
            units("Title\n=====\ntext\n- - -\nmore"),
            vec![
                (UnitKind::Paragraph, "Title".to_string()),
                (UnitKind::Paragraph, "text".to_string()),
                (UnitKind::Paragraph, "more".to_string()),
            ]
        );
    }
}
