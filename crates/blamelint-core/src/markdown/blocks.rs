//! A fast line scanner that cuts a Markdown document into blocks separated by
//! blank lines, and marks the ones that are never prose (fenced code, front
//! matter, HTML comment blocks). It exists so that tree-sitter only parses the
//! few blocks a prefilter hit lands in: parsing a whole 5 MB file to lint three
//! sentences is what makes naive linters slow.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// Paragraphs, lists, tables, headings, quotes: parsed by tree-sitter.
    Prose,
    /// Fenced code, including an unterminated fence running to the end.
    Code,
    /// YAML (`---`) or TOML (`+++`) front matter at the top of the file.
    FrontMatter,
    /// A block that starts with `<!--` and runs to the line holding `-->`.
    Comment,
    /// Indented code (4+ spaces with no list before it).
    IndentedCode,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub range: Range<usize>,
    /// For a prose block indented 4+ spaces that continues a list: parse it as
    /// a list item's continuation rather than as indented code.
    pub continues_list: bool,
}

fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let mut i = start;
        while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
            i += 1;
        }
        if i < bytes.len() {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 2;
            } else {
                i += 1;
            }
        }
        pos = i;
        Some(start..i)
    })
}

fn content(line: &str) -> &str {
    line.trim_end_matches(['\n', '\r'])
}

fn indent_of(line: &str) -> usize {
    let mut n = 0;
    for b in line.bytes() {
        match b {
            b' ' => n += 1,
            b'\t' => n += 4 - n % 4,
            _ => break,
        }
    }
    n
}

/// `(fence char, fence length)` when `line` opens a fence.
fn fence_open(line: &str) -> Option<(u8, usize)> {
    // Most lines have neither fence character: skip the parsing below.
    if !line.bytes().any(|b| b == b'`' || b == b'~') {
        return None;
    }
    let c = content(line);
    let trimmed = c.trim_start_matches(' ');
    if c.len() - trimmed.len() > 3 {
        return None;
    }
    // A fence may sit inside a list item or a quote: skip those markers.
    let trimmed = strip_container_markers(trimmed);
    let ch = *trimmed.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let n = trimmed.bytes().take_while(|&b| b == ch).count();
    if n < 3 {
        return None;
    }
    if ch == b'`' && trimmed[n..].contains('`') {
        return None;
    }
    Some((ch, n))
}

fn strip_container_markers(mut s: &str) -> &str {
    loop {
        let t = s.trim_start_matches(' ');
        if let Some(rest) = t.strip_prefix('>') {
            s = rest;
            continue;
        }
        if let Some(rest) = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .or_else(|| t.strip_prefix("+ "))
        {
            s = rest;
            continue;
        }
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && digits < 10 {
            let rest = &t[digits..];
            if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
                s = r;
                continue;
            }
        }
        return t;
    }
}

fn fence_closes(line: &str, ch: u8, len: usize) -> bool {
    let t = strip_container_markers(content(line)).trim_end();
    t.len() >= len && t.bytes().all(|b| b == ch)
}

fn is_list_start(line: &str) -> bool {
    let t = content(line).trim_start();
    if t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") {
        return true;
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
}

/// The range of front matter at the top of the file, when there is one.
pub fn front_matter(text: &str) -> Option<Range<usize>> {
    let mut it = lines(text);
    let first = it.next()?;
    let marker = content(text[first.clone()].trim_start_matches('\u{feff}'));
    if marker != "---" && marker != "+++" {
        return None;
    }
    for r in it {
        let c = content(&text[r.clone()]);
        if c == marker || (marker == "---" && c == "...") {
            return Some(0..r.end);
        }
    }
    None
}

/// Splits `text` into blocks. Blank lines are not part of any block.
pub fn split_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut start = 0;
    if let Some(fm) = front_matter(text) {
        start = fm.end;
        blocks.push(Block {
            kind: BlockKind::FrontMatter,
            range: fm,
            continues_list: false,
        });
    }
    let mut it = lines(text).skip_while(|r| r.start < start).peekable();
    let mut prev_prose_was_list = false;
    let mut cur: Option<(usize, usize, bool)> = None; // start, end, continues a list
    let flush = |cur: &mut Option<(usize, usize, bool)>, blocks: &mut Vec<Block>| {
        if let Some((s, e, cont)) = cur.take() {
            blocks.push(Block {
                kind: BlockKind::Prose,
                range: s..e,
                continues_list: cont,
            });
        }
    };
    while let Some(r) = it.next() {
        let line = &text[r.clone()];
        if content(line).trim().is_empty() {
            if let Some((s, _, _)) = cur {
                prev_prose_was_list =
                    is_list_start(&text[s..]) || prev_prose_was_list && indent_of(&text[s..]) >= 2;
            }
            flush(&mut cur, &mut blocks);
            continue;
        }
        if let Some((ch, len)) = fence_open(line) {
            flush(&mut cur, &mut blocks);
            let mut end = r.end;
            for r2 in it.by_ref() {
                end = r2.end;
                if fence_closes(&text[r2.clone()], ch, len) {
                    break;
                }
            }
            blocks.push(Block {
                kind: BlockKind::Code,
                range: r.start..end,
                continues_list: false,
            });
            continue;
        }
        // An HTML comment block runs to its `-->`, across blank lines, and
        // may interrupt a paragraph (CommonMark's HTML block of type 2).
        if indent_of(line) <= 3 && content(line).trim_start().starts_with("<!--") {
            flush(&mut cur, &mut blocks);
            let mut end = r.end;
            let open = line.find("<!--").unwrap_or(0);
            let mut closed = line[open + 4..].contains("-->");
            while !closed {
                match it.next() {
                    Some(r2) => {
                        end = r2.end;
                        closed = text[r2].contains("-->");
                    }
                    None => break,
                }
            }
            blocks.push(Block {
                kind: BlockKind::Comment,
                range: r.start..end,
                continues_list: false,
            });
            continue;
        }
        match &mut cur {
            Some((_, e, _)) => *e = r.end,
            None => {
                let ind = indent_of(line);
                if ind >= 4 && !prev_prose_was_list {
                    let mut end = r.end;
                    while let Some(next) = it.peek() {
                        let l = &text[next.clone()];
                        if content(l).trim().is_empty() || indent_of(l) >= 4 {
                            end = next.end;
                            it.next();
                        } else {
                            break;
                        }
                    }
                    blocks.push(Block {
                        kind: BlockKind::IndentedCode,
                        range: r.start..end,
                        continues_list: false,
                    });
                    continue;
                }
                cur = Some((r.start, r.end, ind >= 4 && prev_prose_was_list));
            }
        }
    }
    flush(&mut cur, &mut blocks);
    // A block ends at its text, not at its line terminator.
    for b in &mut blocks {
        let s = &text[b.range.clone()];
        b.range.end = b.range.start + s.trim_end_matches(['\n', '\r']).len();
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(BlockKind, &str)> {
        split_blocks(text)
            .into_iter()
            .map(|b| (b.kind, &text[b.range]))
            .collect()
    }

    #[test]
    fn fences_front_matter_comments() {
        let text = "---\ntitle: x\n---\n# Title\n\nBob forgot.\n\n```sh\nshould have\n\n```\n<!-- a\n\nb -->\nText";
        assert_eq!(
            kinds(text),
            vec![
                (BlockKind::FrontMatter, "---\ntitle: x\n---"),
                (BlockKind::Prose, "# Title"),
                (BlockKind::Prose, "Bob forgot."),
                (BlockKind::Code, "```sh\nshould have\n\n```"),
                (BlockKind::Comment, "<!-- a\n\nb -->"),
                (BlockKind::Prose, "Text"),
            ]
        );
    }

    #[test]
    fn unterminated_fence_and_thematic_break() {
        assert_eq!(
            kinds("---\nhi\n\n~~~\ncode"),
            vec![
                (BlockKind::Prose, "---\nhi"),
                (BlockKind::Code, "~~~\ncode")
            ]
        );
    }

    #[test]
    fn indented_code_vs_list_continuation() {
        let k = kinds("para\n\n    code\n\n- item\n\n    more of the item\n");
        assert_eq!(k[1], (BlockKind::IndentedCode, "    code"));
        let b = split_blocks("- item\n\n    more of the item\n");
        assert!(b[1].continues_list);
    }
}
