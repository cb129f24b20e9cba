//! Turns one prose block into a *masked* copy: same length, same byte offsets,
//! with everything that is not prose (code spans, link destinations, HTML,
//! emphasis markers, quote and list markers) blanked out. Rules match on the
//! masked text, so every span they report is already a span of the original.

use std::cell::RefCell;
use std::ops::Range;
use tree_sitter::{Node, Parser, Tree};

/// Code spans and URLs become runs of this byte: rules see "something that is
/// not a person" there instead of nothing.
pub const CODE_BYTE: u8 = 0x01;

#[derive(Debug, Clone, PartialEq, Eq, Copy)]
pub enum UnitKind {
    Heading,
    Paragraph,
    TableCell,
}

/// A run of prose that sentences never cross: a heading, a paragraph (also
/// inside list items and quotes), a table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub kind: UnitKind,
    /// Absolute byte range in the document.
    pub range: Range<usize>,
    /// Nesting depth in block quotes (0 outside quotes): quoted chat logs are
    /// reported at a lower severity.
    pub quote_depth: u8,
}

#[derive(Debug, Clone)]
pub struct MaskedBlock {
    /// Absolute offset of `masked[0]` in the document.
    pub offset: usize,
    pub masked: String,
    pub units: Vec<Unit>,
}

// The two grammars of tree-sitter-md, driven separately rather than through
// `MarkdownParser`, which parses the inline content of every block: that is
// most of its cost, and only the units a prefilter hit lands in need it.
thread_local! {
    static BLOCK_PARSER: RefCell<Option<Parser>> =
        RefCell::new(new_parser(&tree_sitter_md::LANGUAGE.into()));
    static INLINE_PARSER: RefCell<Option<Parser>> =
        RefCell::new(new_parser(&tree_sitter_md::INLINE_LANGUAGE.into()));
}

fn new_parser(language: &tree_sitter::Language) -> Option<Parser> {
    let mut p = Parser::new();
    p.set_language(language).ok().map(|_| p)
}

/// The block structure of a block or a document (headings, lists, tables,
/// code), without inline content: what structure checks and the outline need.
pub fn parse_block_structure(input: &[u8]) -> Option<Tree> {
    BLOCK_PARSER.with(|p| p.borrow_mut().as_mut()?.parse(input, None))
}

/// Rewrites a block that continues a list item (indented 4+ spaces, which on
/// its own would parse as indented code) into a list item of the same
/// length: "    text" -> "-   text".
pub(crate) fn mark_as_list_item(input: &mut [u8]) {
    if let Some(first) = input.iter().position(|&b| b != b' ' && b != b'\t') {
        if first >= 2 {
            input[0] = b'-';
            for b in &mut input[1..first] {
                *b = b' ';
            }
        }
    }
}

/// Parses the inline content of `input[ranges]` (one paragraph, heading or
/// cell, minus its container markers); node offsets are offsets in `input`.
fn parse_inline(input: &[u8], ranges: &[tree_sitter::Range]) -> Option<Tree> {
    INLINE_PARSER.with(|p| {
        let mut p = p.borrow_mut();
        let p = p.as_mut()?;
        p.set_included_ranges(ranges).ok()?;
        p.parse_with_options(&mut |byte, _| &input[byte.min(input.len())..], None, None)
    })
}

/// The included ranges of a block node's inline content: its range minus its
/// named children (the container markers of continuation lines), as
/// tree-sitter-md's own `MarkdownParser` computes them.
fn inline_ranges(node: Node) -> Vec<tree_sitter::Range> {
    let mut range = node.range();
    let mut ranges = Vec::new();
    let mut c = node.walk();
    for child in node.named_children(&mut c) {
        let r = child.range();
        ranges.push(tree_sitter::Range {
            start_byte: range.start_byte,
            start_point: range.start_point,
            end_byte: r.start_byte,
            end_point: r.start_point,
        });
        range.start_byte = r.end_byte;
        range.start_point = r.end_point;
    }
    ranges.push(range);
    ranges
}

/// Which units need their inline syntax masked: those a prefilter hit starts
/// in. Other units are copied as they are; rules never look at them.
#[derive(Clone, Copy)]
pub enum Focus<'a> {
    All,
    /// Absolute byte offsets, sorted.
    Hits(&'a [usize]),
}

impl Focus<'_> {
    fn wants(&self, r: Range<usize>) -> bool {
        match self {
            Focus::All => true,
            Focus::Hits(h) => {
                let i = h.partition_point(|&x| x < r.start);
                i < h.len() && h[i] < r.end
            }
        }
    }
}

/// Masks the prose block `doc[range]`. `continues_list` blocks are indented
/// list continuations that would otherwise parse as indented code.
pub fn mask_block(
    doc: &str,
    range: Range<usize>,
    continues_list: bool,
    focus: Focus,
) -> MaskedBlock {
    let src = &doc[range.clone()];
    if !continues_list && is_single_paragraph(src) {
        // Most prose blocks are one plain paragraph: skip the block grammar
        // (and, without inline syntax, the parser altogether). The result is
        // what the full parse gives; a test compares the two.
        let unit = Unit {
            kind: UnitKind::Paragraph,
            range: range.clone(),
            quote_depth: 0,
        };
        if has_no_inline_syntax(src) {
            return MaskedBlock {
                offset: range.start,
                masked: src.to_string(),
                units: vec![unit],
            };
        }
        // No included ranges: the whole input.
        if let Some(tree) = parse_inline(src.as_bytes(), &[]) {
            let mut masked = src.as_bytes().to_vec();
            mask_inline(tree.root_node(), &mut masked);
            if let Ok(masked) = String::from_utf8(masked) {
                return MaskedBlock {
                    offset: range.start,
                    masked,
                    units: vec![unit],
                };
            }
        }
    }
    let mut input: Vec<u8> = src.as_bytes().to_vec();
    if continues_list {
        mark_as_list_item(&mut input);
    }
    let mut masked: Vec<u8> = src
        .bytes()
        .map(|b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect();
    let mut units = Vec::new();
    if let Some(tree) = parse_block_structure(&input) {
        let mut cx = Collect {
            input: &input,
            src: src.as_bytes(),
            masked: &mut masked,
            units: &mut units,
            focus,
            offset: range.start,
        };
        cx.collect(tree.root_node(), 0);
    }
    for u in &mut units {
        u.range = (u.range.start + range.start)..(u.range.end + range.start);
    }
    let masked = String::from_utf8(masked).unwrap_or_else(|_| {
        // Masking only writes ASCII over whole nodes; should a node ever end
        // inside a character, drop the block rather than report a bad span.
        units.clear();
        " ".repeat(src.len())
    });
    MaskedBlock {
        offset: range.start,
        masked,
        units,
    }
}

/// True when masking `src` needs no parser at all: one paragraph without
/// inline syntax, masked as it is.
pub fn is_plain(src: &str, continues_list: bool) -> bool {
    !continues_list && is_single_paragraph(src) && has_no_inline_syntax(src)
}

/// True when a block is one paragraph and nothing else: no line starts
/// block syntax (list, heading, quote, table, HTML block, link reference
/// definition, setext underline, thematic break, indented code).
fn is_single_paragraph(src: &str) -> bool {
    for (i, line) in src.split('\n').enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let t = line.trim_start_matches(' ');
        if i == 0 && indent > 3 || t.starts_with('\t') {
            return false;
        }
        let first = t.as_bytes().first().copied().unwrap_or(b' ');
        if matches!(
            first,
            b'-' | b'+' | b'*' | b'_' | b'#' | b'>' | b'=' | b'|' | b'<' | b'[' | b'`' | b'~'
        ) {
            return false;
        }
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && matches!(t.as_bytes().get(digits), Some(b'.') | Some(b')')) {
            return false;
        }
    }
    true
}

/// True when a single paragraph also has no inline syntax: parsing it would
/// change nothing, so the parser is skipped entirely.
fn has_no_inline_syntax(src: &str) -> bool {
    has_no_inline_syntax_bytes(src.as_bytes())
}

fn has_no_inline_syntax_bytes(src: &[u8]) -> bool {
    !src.iter().any(|&b| {
        matches!(
            b,
            b'`' | b'<' | b'[' | b']' | b'*' | b'_' | b'|' | b'\\' | b'~' | b'&' | b'!'
        )
    })
}

struct Collect<'a> {
    /// What the block parser saw (`src`, list continuations re-marked).
    input: &'a [u8],
    src: &'a [u8],
    masked: &'a mut [u8],
    units: &'a mut Vec<Unit>,
    focus: Focus<'a>,
    /// Where the block starts in the document (the focus is in document
    /// offsets, nodes in block offsets).
    offset: usize,
}

impl Collect<'_> {
    fn collect(&mut self, node: Node, quote_depth: u8) {
        let kind = match node.kind() {
            "fenced_code_block"
            | "indented_code_block"
            | "html_block"
            | "link_reference_definition"
            | "minus_metadata"
            | "plus_metadata"
            | "pipe_table_delimiter_row" => return,
            "inline" => match node.parent().map(|p| p.kind()) {
                Some("atx_heading") | Some("setext_heading") => UnitKind::Heading,
                Some("paragraph")
                    if node.parent().and_then(|p| p.parent()).map(|g| g.kind())
                        == Some("setext_heading") =>
                {
                    UnitKind::Heading
                }
                _ => UnitKind::Paragraph,
            },
            "pipe_table_cell" => UnitKind::TableCell,
            _ => {
                let depth = if node.kind() == "block_quote" {
                    quote_depth.saturating_add(1)
                } else {
                    quote_depth
                };
                let mut c = node.walk();
                for child in node.children(&mut c) {
                    self.collect(child, depth);
                }
                return;
            }
        };
        let r = node.byte_range();
        self.masked[r.clone()].copy_from_slice(&self.src[r.clone()]);
        if kind != UnitKind::TableCell {
            mask_line_prefixes(self.src, self.masked, r.clone());
        }
        if self
            .focus
            .wants((r.start + self.offset)..(r.end + self.offset))
        {
            let parsed = if has_no_inline_syntax_bytes(&self.src[r.clone()]) {
                true
            } else if let Some(inline) = parse_inline(self.input, &inline_ranges(node)) {
                mask_inline(inline.root_node(), self.masked);
                true
            } else {
                false
            };
            if !parsed && kind == UnitKind::TableCell {
                mask_code_spans(self.src, self.masked, r.clone());
            }
        }
        self.units.push(Unit {
            kind,
            range: r,
            quote_depth,
        });
    }
}

fn fill(masked: &mut [u8], r: Range<usize>, byte: u8) {
    for b in &mut masked[r] {
        if *b != b'\n' && *b != b'\r' {
            *b = byte;
        }
    }
}

fn mask_inline(node: Node, masked: &mut [u8]) {
    match node.kind() {
        "code_span" | "uri_autolink" | "email_autolink" | "link_destination" => {
            fill(masked, node.byte_range(), CODE_BYTE);
            return;
        }
        "html_tag" | "image" | "emphasis_delimiter" | "link_title" | "latex_block" => {
            fill(masked, node.byte_range(), b' ');
            return;
        }
        "backslash_escape" => {
            let s = node.start_byte();
            fill(masked, s..s + 1, b' ');
            return;
        }
        "[" | "]" | "(" | ")"
            if node
                .parent()
                .is_some_and(|p| p.kind().ends_with("link") || p.kind() == "image") =>
        {
            fill(masked, node.byte_range(), b' ');
            return;
        }
        _ => {}
    }
    let mut c = node.walk();
    for child in node.children(&mut c) {
        mask_inline(child, masked);
    }
}

/// Continuation lines inside quotes and lists carry their container markers
/// inside the inline node's range; blank them.
fn mask_line_prefixes(src: &[u8], masked: &mut [u8], r: Range<usize>) {
    let mut i = r.start;
    while i < r.end {
        if src[i] == b'\n' || src[i] == b'\r' {
            let mut j = i + 1;
            loop {
                while j < r.end && (src[j] == b' ' || src[j] == b'\t') {
                    j += 1;
                }
                if j < r.end && src[j] == b'>' {
                    masked[j] = b' ';
                    j += 1;
                    continue;
                }
                break;
            }
            i = j;
        } else {
            i += 1;
        }
    }
}

/// Fallback for cells the inline parser did not cover.
fn mask_code_spans(src: &[u8], masked: &mut [u8], r: Range<usize>) {
    let mut i = r.start;
    while i < r.end {
        if src[i] == b'`' {
            if let Some(close) = src[i + 1..r.end].iter().position(|&b| b == b'`') {
                fill(masked, i..i + close + 2, CODE_BYTE);
                i += close + 2;
                continue;
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> (String, Vec<(UnitKind, String)>) {
        let b = mask_block(text, 0..text.len(), false, Focus::All);
        let units = b
            .units
            .iter()
            .map(|u| (u.kind, b.masked[u.range.clone()].to_string()))
            .collect();
        (b.masked, units)
    }

    #[test]
    fn masks_inline_markup() {
        let (_, units) =
            masked("- **14:05** Bob `forgot` [the link](http://x.y) <!-- c -->\n  and more");
        assert_eq!(units, vec![(UnitKind::Paragraph, "  14:05   Bob \u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}  the link  \u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}            \n  and more".to_string())]);
    }

    #[test]
    fn headings_cells_quotes() {
        let (_, units) = masked(
            "# Bob *forgot*\n\n| a | b |\n|---|---|\n| Bob `x` | y |\n\n> quote line\n> second",
        );
        assert_eq!(units[0], (UnitKind::Heading, "Bob  forgot ".to_string()));
        assert_eq!(
            units[3],
            (UnitKind::TableCell, "Bob \u{1}\u{1}\u{1} ".to_string())
        );
        assert_eq!(
            units.last().unwrap(),
            &(UnitKind::Paragraph, "quote line\n  second".to_string())
        );
    }

    #[test]
    fn plain_paragraphs_skip_the_parser_with_the_same_result() {
        for text in [
            "Bob forgot the step.\nThen it broke.",
            "  Two leading spaces, issue #12 and a > b.",
        ] {
            let fast = mask_block(text, 0..text.len(), false, Focus::All);
            let mut input = text.to_string();
            input.push_str("\n\n`x`"); // force the tree-sitter path
            let slow = mask_block(&input, 0..input.len(), false, Focus::All);
            assert_eq!(fast.units[0], slow.units[0], "{text:?}");
            assert_eq!(
                &fast.masked[fast.units[0].range.clone()],
                &slow.masked[slow.units[0].range.clone()]
            );
        }
        assert!(!is_single_paragraph("- item"));
        assert!(!is_single_paragraph("1. item"));
        assert!(!is_single_paragraph("Title\n====="));
        assert!(!has_no_inline_syntax("a *b*"));
    }

    #[test]
    fn list_continuation_is_prose() {
        let text = "    Bob forgot the step";
        let b = mask_block(text, 0..text.len(), true, Focus::All);
        assert_eq!(&b.masked[b.units[0].range.clone()], "Bob forgot the step");
    }
}
