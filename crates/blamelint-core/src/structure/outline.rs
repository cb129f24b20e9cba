//! The document's outline: headings (with the template section each one
//! names), tables, task-list items and the ranges that are never prose.
//!
//! Built block by block (the line scanner's blank-line blocks, each parsed by
//! tree-sitter-md's block grammar on its own), so that an editor can keep
//! each block's part in an [`OutlineMemo`] and re-parse only the block an
//! edit touched. A test compares the result with one parse of the whole
//! document.

use super::template::Template;
use crate::markdown::blocks::{front_matter, split_blocks, BlockKind};
use crate::markdown::prose::{mark_as_list_item, parse_block_structure};
use crate::memo::{block_key, BlockCache};
use std::ops::Range;
use tree_sitter::Node;

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// The heading's line(s), from the line start, without the line ending.
    pub line: Range<usize>,
    /// The heading text, trimmed (no `#` markers); empty range at the
    /// marker's end when the heading has no text.
    pub text: Range<usize>,
    /// The template section the heading names.
    pub section: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub range: Range<usize>,
    /// Line ranges (without line endings): header row, then body rows.
    pub header: Range<usize>,
    pub rows: Vec<Range<usize>>,
}

#[derive(Debug, Clone)]
pub struct TaskItem {
    pub checked: bool,
    /// The item's text after the `[ ]` marker, trimmed, first line.
    pub text: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct ListItem {
    /// The item's first line content after its marker, trimmed.
    pub text: Range<usize>,
    /// Whether it is an ordered (`1.`) item.
    pub ordered: bool,
}

#[derive(Debug)]
pub struct Outline<'a> {
    pub text: &'a str,
    pub headings: Vec<Heading>,
    pub tables: Vec<Table>,
    pub tasks: Vec<TaskItem>,
    pub list_items: Vec<ListItem>,
    /// Code blocks, HTML blocks and front matter: never read as content.
    pub opaque: Vec<Range<usize>>,
    pub front_matter: Option<Range<usize>>,
    /// Index into `headings` of the document title, when there is one.
    pub title: Option<usize>,
    /// Where document-level diagnostics go: the title's text, or the first
    /// non-blank line.
    pub title_span: Range<usize>,
    /// Sections end here at the latest: before a closing `---` footer.
    pub body_end: usize,
    /// A made-up list item at this offset that the walk leaves out.
    skip_item_at: Option<usize>,
}

/// The start of the line holding `pos`.
pub fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// The end of the line holding `pos`, before its line ending.
pub fn line_end(text: &str, pos: usize) -> usize {
    let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    if end > pos && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// Lines of `text[range]` as absolute ranges without line endings.
pub fn lines_in(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = range.start;
    while pos < range.end {
        let end = line_end(text, pos).min(range.end);
        out.push(pos..end);
        match text[end..].find('\n') {
            Some(i) => pos = end + i + 1,
            None => break,
        }
    }
    out
}

/// `range` shrunk to exclude surrounding whitespace.
pub fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.start + s.trim_end().len();
    if end < start {
        start..start
    } else {
        start..end
    }
}

fn trim_newline(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    r.start..r.start + s.trim_end_matches(['\n', '\r']).len()
}

/// One block's part of an outline, ranges relative to the block's start.
#[derive(Debug, Clone, Default)]
struct BlockOutline {
    headings: Vec<Heading>,
    tables: Vec<Table>,
    tasks: Vec<TaskItem>,
    list_items: Vec<ListItem>,
    opaque: Vec<Range<usize>>,
    breaks: Vec<usize>,
}

impl BlockOutline {
    /// `block` is the block with its line ending, when it has one: the
    /// whole-document parse puts that in some nodes' ranges.
    fn parse(block: &str, continues_list: bool) -> BlockOutline {
        // tree-sitter-md does not see a heading on a last line without a
        // line ending: give it one (ranges past the text are cut when the
        // block is appended).
        let mut own = String::with_capacity(block.len() + 1);
        own.push_str(block);
        if !block.ends_with('\n') {
            own.push('\n');
        }
        let mut o = Outline::empty(&own);
        let mut input = own.as_bytes().to_vec();
        if continues_list {
            // Leave the made-up list item itself out.
            o.skip_item_at = Some(0);
            mark_as_list_item(&mut input);
        }
        let mut breaks = Vec::new();
        if let Some(tree) = parse_block_structure(&input) {
            o.walk(tree.root_node(), &mut breaks);
        }
        BlockOutline {
            headings: o.headings,
            tables: o.tables,
            tasks: o.tasks,
            list_items: o.list_items,
            opaque: o.opaque,
            breaks,
        }
    }

    fn append_to(&self, o: &mut Outline, breaks: &mut Vec<usize>, at: usize) {
        let limit = o.text.len();
        let mv = |r: &Range<usize>| (r.start + at).min(limit)..(r.end + at).min(limit);
        o.headings.extend(self.headings.iter().map(|h| Heading {
            level: h.level,
            line: mv(&h.line),
            text: mv(&h.text),
            section: None,
        }));
        o.tables.extend(self.tables.iter().map(|t| Table {
            range: mv(&t.range),
            header: mv(&t.header),
            rows: t.rows.iter().map(mv).collect(),
        }));
        o.tasks.extend(self.tasks.iter().map(|t| TaskItem {
            checked: t.checked,
            text: mv(&t.text),
        }));
        o.list_items
            .extend(self.list_items.iter().map(|l| ListItem {
                text: mv(&l.text),
                ordered: l.ordered,
            }));
        o.opaque.extend(self.opaque.iter().map(mv));
        breaks.extend(self.breaks.iter().map(|b| (b + at).min(limit)));
    }
}

/// Each block's outline from earlier versions of a document, by block hash.
#[derive(Debug, Default)]
pub struct OutlineMemo(BlockCache<BlockOutline>);

impl<'a> Outline<'a> {
    pub fn new(text: &'a str, template: &Template) -> Outline<'a> {
        Outline::with_memo(text, template, None)
    }

    fn empty(text: &'a str) -> Outline<'a> {
        Outline {
            text,
            headings: Vec::new(),
            tables: Vec::new(),
            tasks: Vec::new(),
            list_items: Vec::new(),
            opaque: Vec::new(),
            front_matter: None,
            title: None,
            title_span: 0..0,
            body_end: text.len(),
            skip_item_at: None,
        }
    }

    /// [`Outline::new`], reusing the parts of blocks that `memo` has seen.
    pub fn with_memo(
        text: &'a str,
        template: &Template,
        mut memo: Option<&mut OutlineMemo>,
    ) -> Outline<'a> {
        let mut o = Outline::empty(text);
        let mut breaks = Vec::new();
        if let Some(m) = memo.as_deref_mut() {
            m.0.begin();
        }
        let blocks = split_blocks(text);
        for (i, block) in blocks.iter().enumerate() {
            let end = text[block.range.end..]
                .find('\n')
                .map_or(text.len(), |i| block.range.end + i + 1);
            match block.kind {
                BlockKind::Code | BlockKind::IndentedCode | BlockKind::Comment => {
                    // Up to the next block: an unclosed comment or fence then
                    // covers the blank lines at the end of the text too, where
                    // an inserted section would be comment, not a heading.
                    let next = blocks.get(i + 1).map_or(text.len(), |b| b.range.start);
                    o.opaque.push(block.range.start..next.max(end));
                }
                BlockKind::FrontMatter => {}
                BlockKind::Prose => {
                    let src = &text[block.range.start..end];
                    let parse = || BlockOutline::parse(src, block.continues_list);
                    match memo.as_deref_mut() {
                        Some(m) => {
                            m.0.get_or_insert_with(block_key(src, block.continues_list), parse)
                                .append_to(&mut o, &mut breaks, block.range.start)
                        }
                        None => parse().append_to(&mut o, &mut breaks, block.range.start),
                    }
                }
            }
        }
        if let Some(m) = memo {
            m.0.finish();
        }
        o.finish(template, breaks)
    }

    /// The outline from one parse of the whole document: the reference the
    /// block-by-block outline is tested against.
    #[doc(hidden)]
    pub fn whole_document(text: &'a str, template: &Template) -> Outline<'a> {
        let mut o = Outline::empty(text);
        let mut breaks = Vec::new();
        if let Some(tree) = parse_block_structure(text.as_bytes()) {
            o.walk(tree.root_node(), &mut breaks);
        }
        o.finish(template, breaks)
    }

    fn finish(self, template: &Template, breaks: Vec<usize>) -> Outline<'a> {
        let mut o = self;
        let text = o.text;
        let fm = front_matter(text);
        o.front_matter = fm.clone();
        if let Some(fm) = &fm {
            o.opaque.push(fm.clone());
        }
        o.opaque.sort_by_key(|r| r.start);
        for h in &mut o.headings {
            h.section = template.match_heading(&text[h.text.clone()]);
        }
        // The title: the first heading, when it names no section and no
        // later heading is of a higher level.
        if let Some(first) = o.headings.first() {
            let min_level = o.headings.iter().map(|h| h.level).min().unwrap_or(1);
            if first.section.is_none() && first.level <= min_level {
                o.title = Some(0);
            }
        }
        o.title_span = match o.title {
            Some(t) if !o.headings[t].text.is_empty() => o.headings[t].text.clone(),
            Some(t) => o.headings[t].line.clone(),
            None => {
                let from = fm.as_ref().map_or(0, |r| r.end);
                lines_in(text, from..text.len())
                    .into_iter()
                    .map(|l| trim_range(text, l))
                    .find(|l| !l.is_empty())
                    .unwrap_or(from..from)
            }
        };
        // A `---` after the last heading closes the body (a sign-off footer).
        let last_heading = o.headings.last().map_or(0, |h| h.line.end);
        if let Some(&b) = breaks.iter().filter(|&&b| b > last_heading).min() {
            o.body_end = b;
        }
        o
    }

    fn walk(&mut self, node: Node, breaks: &mut Vec<usize>) {
        let text = self.text;
        match node.kind() {
            "atx_heading" => {
                let mut level = 1;
                let mut content = None;
                let mut c = node.walk();
                for ch in node.children(&mut c) {
                    let k = ch.kind();
                    if let Some(n) = k
                        .strip_prefix("atx_h")
                        .and_then(|r| r.strip_suffix("_marker"))
                    {
                        level = n.parse().unwrap_or(1);
                    } else if k == "inline" {
                        content = Some(ch.byte_range());
                    }
                }
                let line = trim_newline(text, line_start(text, node.start_byte())..node.end_byte());
                let text_range = match content {
                    Some(r) => trim_range(text, r),
                    None => line.end..line.end,
                };
                self.headings.push(Heading {
                    level,
                    line,
                    text: text_range,
                    section: None,
                });
                return;
            }
            "setext_heading" => {
                let mut level = 1;
                let mut content = None;
                let mut c = node.walk();
                for ch in node.children(&mut c) {
                    match ch.kind() {
                        "setext_h2_underline" => level = 2,
                        "paragraph" => content = Some(ch.byte_range()),
                        _ => {}
                    }
                }
                let line = trim_newline(text, line_start(text, node.start_byte())..node.end_byte());
                let text_range = trim_range(text, content.unwrap_or(line.clone()));
                self.headings.push(Heading {
                    level,
                    line,
                    text: text_range,
                    section: None,
                });
                return;
            }
            "pipe_table" => {
                let mut header = None;
                let mut rows = Vec::new();
                let mut c = node.walk();
                for ch in node.children(&mut c) {
                    let r = trim_newline(text, line_start(text, ch.start_byte())..ch.end_byte());
                    match ch.kind() {
                        "pipe_table_header" => header = Some(r),
                        "pipe_table_row" => rows.push(r),
                        _ => {}
                    }
                }
                if let Some(header) = header {
                    self.tables.push(Table {
                        range: node.byte_range(),
                        header,
                        rows,
                    });
                }
                return;
            }
            "fenced_code_block"
            | "indented_code_block"
            | "html_block"
            | "minus_metadata"
            | "plus_metadata" => {
                self.opaque.push(node.byte_range());
                return;
            }
            "thematic_break" => {
                breaks.push(line_start(text, node.start_byte()));
                return;
            }
            "list_item" => {
                let mut c = node.walk();
                let mut marker_end = None;
                let mut ordered = false;
                let mut task = None;
                let mut first_para = None;
                for ch in node.children(&mut c) {
                    match ch.kind() {
                        k if k.starts_with("list_marker") => {
                            marker_end = Some(ch.end_byte());
                            ordered = k == "list_marker_dot" || k == "list_marker_parenthesis";
                        }
                        "task_list_marker_checked" => task = Some((true, ch.end_byte())),
                        "task_list_marker_unchecked" => task = Some((false, ch.end_byte())),
                        "paragraph" if first_para.is_none() => first_para = Some(ch.byte_range()),
                        _ => {}
                    }
                }
                let made_up = self.skip_item_at == Some(node.start_byte());
                if let Some(start) = task
                    .map(|t| t.1)
                    .filter(|_| !made_up)
                    .or(first_para.as_ref().map(|p| p.start))
                    .or(marker_end)
                    .filter(|_| !made_up)
                {
                    let start = start.min(text.len());
                    let end = line_end(text, start);
                    let r = trim_range(text, start..end);
                    match task {
                        Some((checked, _)) => self.tasks.push(TaskItem { checked, text: r }),
                        None => self.list_items.push(ListItem { text: r, ordered }),
                    }
                }
            }
            _ => {}
        }
        let mut c = node.walk();
        for ch in node.children(&mut c) {
            self.walk(ch, breaks);
        }
    }

    /// Headings after the title: the ones that can be sections.
    pub fn section_headings(&self) -> impl Iterator<Item = (usize, &Heading)> {
        let skip = self.title.map_or(0, |t| t + 1);
        self.headings.iter().enumerate().skip(skip)
    }

    /// The first heading naming template section `s`.
    pub fn find(&self, s: usize) -> Option<usize> {
        self.section_headings()
            .find(|(_, h)| h.section == Some(s))
            .map(|(i, _)| i)
    }

    /// Heading `i`'s whole section: from its line start to the next heading
    /// of the same or a higher level (or the body's end).
    pub fn section_range(&self, i: usize) -> Range<usize> {
        let h = &self.headings[i];
        let end = self.headings[i + 1..]
            .iter()
            .find(|n| n.level <= h.level)
            .map_or(self.body_end, |n| n.line.start);
        h.line.start..end.max(h.line.end)
    }

    /// Heading `i`'s content: after its line, up to its section's end.
    pub fn content_range(&self, i: usize) -> Range<usize> {
        let r = self.section_range(i);
        let start = (self.headings[i].line.end + 1).min(r.end.max(self.headings[i].line.end));
        start.min(r.end)..r.end
    }

    /// Heading `i`'s own content, up to the next heading of any level.
    pub fn own_content_range(&self, i: usize) -> Range<usize> {
        let r = self.content_range(i);
        let end = self
            .headings
            .get(i + 1)
            .map_or(r.end, |n| n.line.start.min(r.end).max(r.start));
        r.start..end
    }

    pub fn is_opaque(&self, pos: usize) -> bool {
        self.opaque.iter().any(|r| r.contains(&pos))
    }

    /// Whether `inserted`, put at `at`, would be what it is meant to be (a
    /// heading when `heading`, else any visible Markdown) at its offset
    /// `probe`, rather than code, HTML or front matter: at the end of a fence
    /// or an HTML comment that is never closed it would not be, the finding
    /// would stay, and `--fix` would insert it again on every run (found by
    /// `fuzz/fuzz_targets/fixes.rs`). Parses the fixed text only when an
    /// opaque block touches `at`.
    pub fn insertion_lands(
        &self,
        template: &Template,
        at: usize,
        inserted: &str,
        probe: usize,
        heading: bool,
    ) -> bool {
        if !(self.is_opaque(at) || at > 0 && self.is_opaque(at - 1)) {
            return true;
        }
        let fixed = format!("{}{inserted}{}", &self.text[..at], &self.text[at..]);
        let o = Outline::new(&fixed, template);
        let pos = at + probe;
        !o.is_opaque(pos) && (!heading || o.is_heading_line(pos))
    }

    pub fn is_heading_line(&self, pos: usize) -> bool {
        self.headings
            .iter()
            .any(|h| h.line.start <= pos && pos <= h.line.end)
    }
}

/// Splits a table row into cells: `(raw range between the pipes, trimmed
/// range)`. A `\|` does not split.
pub fn split_row(text: &str, row: Range<usize>) -> Vec<(Range<usize>, Range<usize>)> {
    let bytes = text.as_bytes();
    let mut seps = Vec::new();
    let mut i = row.start;
    while i < row.end {
        match bytes[i] {
            b'\\' => i += 2,
            b'|' => {
                seps.push(i);
                i += 1;
            }
            _ => i += 1,
        }
    }
    let content = trim_range(text, row.clone());
    let mut bounds: Vec<usize> = Vec::new();
    let leading = seps.first().is_some_and(|&s| s == content.start);
    let trailing =
        seps.last().is_some_and(|&s| s + 1 == content.end) && seps.len() > usize::from(leading);
    let mut start = if leading { seps[0] + 1 } else { content.start };
    let inner: Vec<usize> = seps
        .iter()
        .copied()
        .filter(|&s| !(leading && s == seps[0] || trailing && s + 1 == content.end))
        .collect();
    for s in inner {
        bounds.push(start);
        bounds.push(s);
        start = s + 1;
    }
    let last_end = if trailing {
        content.end - 1
    } else {
        content.end
    };
    if start <= last_end {
        bounds.push(start);
        bounds.push(last_end);
    }
    bounds
        .chunks(2)
        .map(|c| (c[0]..c[1], trim_range(text, c[0]..c[1])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_of_a_document() {
        let t = Template::builtin();
        let text = "---\ntype: postmortem\n---\n# Postmortem: DB outage\n\n**Date:** 2024-01-15\n\n## Summary\n\nText.\n\n### What Happened\n\nMore.\n\n## Action Items\n\n| Action | Owner |\n|---|---|\n| Add alert |  |\n\n- [ ] Task @bob\n\n```\n# not a heading\n```\n\n---\n\nSigned off\n";
        let o = Outline::new(text, &t);
        let hs: Vec<(&str, u8)> = o
            .headings
            .iter()
            .map(|h| (&text[h.text.clone()], h.level))
            .collect();
        assert_eq!(
            hs,
            vec![
                ("Postmortem: DB outage", 1),
                ("Summary", 2),
                ("What Happened", 3),
                ("Action Items", 2)
            ]
        );
        assert_eq!(o.title, Some(0));
        assert_eq!(&text[o.title_span.clone()], "Postmortem: DB outage");
        assert_eq!(
            &text[o.section_range(1)],
            "## Summary\n\nText.\n\n### What Happened\n\nMore.\n\n"
        );
        assert_eq!(&text[o.own_content_range(1)], "\nText.\n\n");
        assert_eq!(o.tables.len(), 1);
        assert_eq!(&text[o.tables[0].header.clone()], "| Action | Owner |");
        assert_eq!(&text[o.tables[0].rows[0].clone()], "| Add alert |  |");
        assert_eq!(o.tasks.len(), 1);
        assert_eq!(&text[o.tasks[0].text.clone()], "Task @bob");
        assert!(text[o.body_end..].starts_with("---\n\nSigned"));
        assert!(o.section_range(3).end == o.body_end);
    }

    #[test]
    fn rows_split_into_cells() {
        let text = "| a | b\\|c |  | d |";
        let cells: Vec<(&str, &str)> = split_row(text, 0..text.len())
            .into_iter()
            .map(|(r, t)| (&text[r], &text[t]))
            .collect();
        assert_eq!(
            cells,
            vec![(" a ", "a"), (" b\\|c ", "b\\|c"), ("  ", ""), (" d ", "d")]
        );
        let text = "a | b";
        let cells: Vec<&str> = split_row(text, 0..text.len())
            .into_iter()
            .map(|(_, t)| &text[t])
            .collect();
        assert_eq!(cells, vec!["a", "b"]);
    }
}
