//! Turns one prose block into a *masked* copy: same length, same byte offsets,
//! with everything that is not prose (code spans, link destinations, HTML,
//! emphasis markers, quote and list markers) blanked out. Rules match on the
//! masked text, so every span they report is already a span of the original.

use std::cell::RefCell;
use std::ops::Range;
use tree_sitter::Node;
use tree_sitter_md::{MarkdownParser, MarkdownTree};

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

thread_local! {
    static PARSER: RefCell<MarkdownParser> = RefCell::new(MarkdownParser::default());
    static INLINE_PARSER: RefCell<Option<tree_sitter::Parser>> = RefCell::new({
        let mut p = tree_sitter::Parser::new();
        p.set_language(&tree_sitter_md::INLINE_LANGUAGE.into()).ok().map(|_| p)
    });
}

/// Parses a whole document (used by structure checks and the outline).
pub fn parse_document(text: &str) -> Option<MarkdownTree> {
    PARSER.with(|p| p.borrow_mut().parse(text.as_bytes(), None))
}

/// Masks the prose block `doc[range]`. `continues_list` blocks are indented
/// list continuations that would otherwise parse as indented code.
pub fn mask_block(doc: &str, range: Range<usize>, continues_list: bool) -> MaskedBlock {
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
        if let Some(tree) =
            INLINE_PARSER.with(|p| p.borrow_mut().as_mut().and_then(|p| p.parse(src, None)))
        {
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
        // Same length, parsed as a list item: "    text" -> "-   text".
        if let Some(first) = input.iter().position(|&b| b != b' ' && b != b'\t') {
            if first >= 2 {
                input[0] = b'-';
                for b in &mut input[1..first] {
                    *b = b' ';
                }
            }
        }
    }
    let mut masked: Vec<u8> = src
        .bytes()
        .map(|b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect();
    let mut units = Vec::new();
    if let Some(tree) = PARSER.with(|p| p.borrow_mut().parse(&input, None)) {
        collect(
            &tree,
            tree.block_tree().root_node(),
            src.as_bytes(),
            &mut masked,
            &mut units,
            0,
        );
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
    !src.bytes().any(|b| {
        matches!(
            b,
            b'`' | b'<' | b'[' | b']' | b'*' | b'_' | b'|' | b'\\' | b'~' | b'&' | b'!'
        )
    })
}

fn collect(
    tree: &MarkdownTree,
    node: Node,
    src: &[u8],
    masked: &mut [u8],
    units: &mut Vec<Unit>,
    quote_depth: u8,
) {
    match node.kind() {
        "fenced_code_block"
        | "indented_code_block"
        | "html_block"
        | "link_reference_definition"
        | "minus_metadata"
        | "plus_metadata"
        | "pipe_table_delimiter_row" => return,
        "inline" => {
            let kind = match node.parent().map(|p| p.kind()) {
                Some("atx_heading") | Some("setext_heading") => UnitKind::Heading,
                Some("paragraph")
                    if node.parent().and_then(|p| p.parent()).map(|g| g.kind())
                        == Some("setext_heading") =>
                {
                    UnitKind::Heading
                }
                _ => UnitKind::Paragraph,
            };
            let r = node.byte_range();
            masked[r.clone()].copy_from_slice(&src[r.clone()]);
            mask_line_prefixes(src, masked, r.clone());
            if let Some(inline) = tree.inline_tree(&node) {
                mask_inline(inline.root_node(), masked);
            }
            units.push(Unit {
                kind,
                range: r,
                quote_depth,
            });
            return;
        }
        "pipe_table_cell" => {
            let r = node.byte_range();
            masked[r.clone()].copy_from_slice(&src[r.clone()]);
            if let Some(inline) = tree.inline_tree(&node) {
                mask_inline(inline.root_node(), masked);
            } else {
                mask_code_spans(src, masked, r.clone());
            }
            units.push(Unit {
                kind: UnitKind::TableCell,
                range: r,
                quote_depth,
            });
            return;
        }
        _ => {}
    }
    let depth = if node.kind() == "block_quote" {
        quote_depth.saturating_add(1)
    } else {
        quote_depth
    };
    let mut c = node.walk();
    for child in node.children(&mut c) {
        collect(tree, child, src, masked, units, depth);
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
        let b = mask_block(text, 0..text.len(), false);
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
            let fast = mask_block(text, 0..text.len(), false);
            let mut input = text.to_string();
            input.push_str("\n\n`x`"); // force the tree-sitter path
            let slow = mask_block(&input, 0..input.len(), false);
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
        let b = mask_block(text, 0..text.len(), true);
        assert_eq!(&b.masked[b.units[0].range.clone()], "Bob forgot the step");
    }
}
