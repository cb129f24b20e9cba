//! The language server's incremental document sync against a reference
//! model. The bytes choose a position encoding (UTF-16 or UTF-8), a starting
//! text and a sequence of edits, with valid positions as well as positions
//! past a line's end, past the last line, inside a surrogate pair or a UTF-8
//! sequence, and reversed ranges. After each edit the server's text must
//! equal the model's, its incrementally updated line index must equal one
//! built from scratch (and agree with the core's), and positions must round
//! trip.
#![no_main]

use blamelint_core::line_index::{ColumnUnit, LineCol, LineIndex as CoreIndex};
use blamelint_fuzz::Bytes;
use blamelint_lsp::documents::Document;
use blamelint_lsp::line_index::LineIndex;
use libfuzzer_sys::fuzz_target;
use tower_lsp::lsp_types::{Position, Range, TextDocumentContentChangeEvent, Url};

const PIECES: &[&str] = &[
    "a",
    "bc",
    " ",
    "\n",
    "\r",
    "\r\n",
    "\n\r",
    "é",
    "e\u{301}",
    "🎉",
    "👩\u{200d}💻",
    "漢字",
    "\u{feff}",
    "\t",
    "should have",
    "\u{2028}",
    "",
];

/// The model's lines: (start, end of content) in bytes. A line ends at
/// `\n`, `\r\n` or a lone `\r` (LSP's definition).
fn model_lines(text: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\n' => {
                lines.push((start, i));
                start = i + 1;
            }
            '\r' => {
                lines.push((start, i));
                if let Some((_, '\n')) = chars.peek() {
                    chars.next();
                    start = i + 2;
                } else {
                    start = i + 1;
                }
            }
            _ => {}
        }
    }
    lines.push((start, text.len()));
    lines
}

fn width(c: char, unit: ColumnUnit) -> usize {
    match unit {
        ColumnUnit::Utf8 => c.len_utf8(),
        ColumnUnit::Utf16 => c.len_utf16(),
        ColumnUnit::Char => 1,
    }
}

/// LSP's rules: a line past the end is the end of the text, a column past
/// the content is the content's end, a column inside a character is that
/// character's start.
fn model_offset(text: &str, line: u32, col: u32, unit: ColumnUnit) -> usize {
    let lines = model_lines(text);
    let Some(&(start, end)) = lines.get(line as usize) else {
        return text.len();
    };
    let mut seen = 0usize;
    for (i, c) in text[start..end].char_indices() {
        if seen + width(c, unit) > col as usize {
            return start + i;
        }
        seen += width(c, unit);
    }
    end
}

fn model_position(text: &str, offset: usize, unit: ColumnUnit) -> (u32, u32) {
    let lines = model_lines(text);
    let line = lines
        .iter()
        .rposition(|&(s, _)| s <= offset)
        .expect("line 0 starts at 0");
    let col: usize = text[lines[line].0..offset]
        .chars()
        .map(|c| width(c, unit))
        .sum();
    (line as u32, col as u32)
}

fn boundary(text: &str, mut o: usize) -> usize {
    o = o.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// A position: usually a real one, sometimes one a confused client sends.
fn position(b: &mut Bytes, text: &str, unit: ColumnUnit) -> Position {
    let lines = model_lines(text).len() as u32;
    match b.below(8) {
        0 => Position::new(b.below(lines as usize + 3) as u32, b.byte() as u32),
        1 => Position::new(u32::MAX - b.below(2) as u32, u32::MAX),
        2 => Position::new(b.below(lines as usize) as u32, 1 + 2 * b.below(8) as u32),
        _ => {
            let o = boundary(
                text,
                (b.byte() as usize * 7 + b.byte() as usize) % (text.len() + 1),
            );
            let (l, c) = model_position(text, o, unit);
            Position::new(l, c)
        }
    }
}

fn insert(b: &mut Bytes) -> String {
    let mut s = String::new();
    for _ in 0..b.below(5) {
        if b.below(6) == 0 {
            s.push_str(&b.raw(6));
        } else {
            s.push_str(b.pick(PIECES));
        }
    }
    s
}

fn check_index(text: &str, index: &LineIndex) {
    assert_eq!(
        *index,
        LineIndex::new(text),
        "incremental index drifted for {text:?}"
    );
    let core = CoreIndex::new(text);
    let model = model_lines(text);
    assert_eq!(core.line_count(), model.len());
    for (i, &(s, _)) in model.iter().enumerate() {
        assert_eq!(index.line_range(i).map(|r| r.start), Some(s));
        assert_eq!(core.line_range(i).map(|r| r.start), Some(s));
    }
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes::new(data);
    let unit = if b.below(2) == 0 {
        ColumnUnit::Utf16
    } else {
        ColumnUnit::Utf8
    };
    let uri = Url::parse("file:///tmp/fuzz/postmortem.md").unwrap();
    let mut model = insert(&mut b) + &insert(&mut b);
    let mut doc = Document::new(&uri, 1, model.clone(), 1);
    let mut steps = 0;
    while !b.is_empty() && steps < 64 {
        steps += 1;
        let change = if b.below(16) == 0 {
            let text = insert(&mut b);
            model = text.clone();
            TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text,
            }
        } else {
            let p0 = position(&mut b, &model, unit);
            let p1 = if b.below(3) == 0 {
                p0
            } else {
                position(&mut b, &model, unit)
            };
            let text = insert(&mut b);
            let a = model_offset(&model, p0.line, p0.character, unit);
            let z = model_offset(&model, p1.line, p1.character, unit);
            model.replace_range(a.min(z)..a.max(z), &text);
            TextDocumentContentChangeEvent {
                range: Some(Range::new(p0, p1)),
                range_length: None,
                text,
            }
        };
        doc.apply(change, unit);
        assert_eq!(doc.text.as_str(), model.as_str());
        check_index(&doc.text, &doc.index);
        // Positions round trip through the server's index, and agree with
        // the model and the core's index.
        let text = doc.text.as_str();
        let mut o = boundary(text, b.byte() as usize % (text.len() + 1));
        if o > 0 && text[..o].ends_with('\r') && text[o..].starts_with('\n') {
            // Between the two bytes of a CRLF: no position names it.
            o -= 1;
        }
        let (l, c) = doc.index.position(text, o, unit);
        assert_eq!((l, c), model_position(text, o, unit));
        assert_eq!(doc.index.offset(text, l, c, unit), o);
        let core = CoreIndex::new(text);
        assert_eq!(core.line_col(text, o, unit), LineCol { line: l, col: c });
        assert_eq!(core.offset(text, LineCol { line: l, col: c }, unit), o);
    }
});
