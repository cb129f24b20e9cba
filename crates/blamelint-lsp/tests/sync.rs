//! Incremental document sync: random edits against a reference model, stale
//! versions, clamped ranges.

mod common;

use common::*;
use serde_json::{json, Value};

/// Pieces random edits insert: multi-byte, surrogate pairs, combining marks,
/// and every kind of line ending (including halves of a CRLF).
const PIECES: &[&str] = &[
    "a",
    "word ",
    "é",
    "e\u{301}",
    "🎉",
    "👩‍🔧",
    "漢字",
    "\n",
    "\r\n",
    "\r",
    " should have ",
    "\t",
    "ß",
];

/// A random valid position in `text` (at a character boundary within a
/// line's content), as (LSP position, byte offset).
fn random_position(rng: &mut Rng, text: &str, enc: Enc) -> (Value, usize) {
    let lines = line_contents(text);
    let line = rng.below(lines.len());
    let (s, e) = lines[line];
    let bounds: Vec<usize> = text[s..e]
        .char_indices()
        .map(|(i, _)| s + i)
        .chain([e])
        .collect();
    let off = bounds[rng.below(bounds.len())];
    let col: usize = text[s..off].chars().map(|c| enc.width(c)).sum();
    (json!({ "line": line, "character": col }), off)
}

fn random_edits(enc: Enc, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("doc.md"));
    // A long debounce: this test is about sync, and should not spend its
    // time linting every intermediate version.
    let mut c = Client::spawn(server_binary(), &[("BLAMELINT_LSP_DEBOUNCE_MS", "2000")]);
    let init = c.initialize(capabilities(&[enc.name()]), Value::Null);
    assert_eq!(init["capabilities"]["positionEncoding"], enc.name());
    let mut rng = Rng(seed);
    let mut model =
        String::from("# Title 🎉\r\n\r\nThe team 漢字 should have tested it.\nLast line");
    c.open(&uri, 1, &model);
    let mut version = 1;
    for i in 0..1_000 {
        // Several changes per notification, applied in order.
        let n = 1 + rng.below(3);
        let mut changes = Vec::new();
        for _ in 0..n {
            let (p1, o1) = random_position(&mut rng, &model, enc);
            let (p2, o2) = if rng.below(3) == 0 {
                (p1.clone(), o1)
            } else {
                random_position(&mut rng, &model, enc)
            };
            let (start, end, ps, pe) = if o1 <= o2 {
                (o1, o2, p1, p2)
            } else {
                (o2, o1, p2, p1)
            };
            let mut insert = String::new();
            for _ in 0..rng.below(4) {
                insert.push_str(PIECES[rng.below(PIECES.len())]);
            }
            model.replace_range(start..end, &insert);
            changes.push(json!({ "range": { "start": ps, "end": pe }, "text": insert }));
        }
        if model.len() > 4_000 {
            // Keep the document small with a full replacement now and then.
            model = model.chars().take(500).collect();
            changes.push(json!({ "text": model }));
        }
        version += 1;
        c.change(&uri, version, Value::Array(changes));
        if i % 100 == 99 {
            let got = c.document_text(&uri);
            assert_eq!(got["version"], version);
            assert_eq!(
                got["text"].as_str().unwrap(),
                model,
                "{} after {} edits",
                enc.name(),
                i + 1
            );
        }
    }
    let got = c.document_text(&uri);
    assert_eq!(got["text"].as_str().unwrap(), model);
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn thousand_random_edits_utf16() {
    random_edits(Enc::Utf16, 0x5EED_0016);
}

#[test]
fn thousand_random_edits_utf8() {
    random_edits(Enc::Utf8, 0x5EED_0008);
}

#[test]
fn stale_versions_are_ignored_and_bad_ranges_clamped() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("doc.md"));
    let mut c = Client::spawn(server_binary(), &[]);
    c.initialize(capabilities(&["utf-16"]), Value::Null);
    c.open(&uri, 5, "ab\r\ncd");
    // Not newer than what the server has: ignored.
    c.change(&uri, 5, json!([{ "text": "stale" }]));
    c.change(&uri, 3, json!([{ "text": "older" }]));
    assert_eq!(c.document_text(&uri)["text"], "ab\r\ncd");
    // Column past the line's end, line past the document's end, reversed
    // range, and a column inside a surrogate pair.
    c.change(&uri, 6, json!([{ "range": { "start": { "line": 0, "character": 99 }, "end": { "line": 0, "character": 120 } }, "text": "X" }]));
    c.change(&uri, 7, json!([{ "range": { "start": { "line": 40, "character": 0 }, "end": { "line": 50, "character": 3 } }, "text": "🎉" }]));
    c.change(&uri, 8, json!([{ "range": { "start": { "line": 1, "character": 1 }, "end": { "line": 0, "character": 1 } }, "text": "" }]));
    assert_eq!(c.document_text(&uri)["text"], "ad🎉");
    c.change(&uri, 9, json!([{ "range": { "start": { "line": 0, "character": 3 }, "end": { "line": 0, "character": 3 } }, "text": "|" }]));
    assert_eq!(
        c.document_text(&uri)["text"],
        "ad|🎉",
        "a column inside a surrogate pair rounds down"
    );
    // A change for a document that was never opened is ignored.
    c.change("file:///nowhere/x.md", 2, json!([{ "text": "x" }]));
    assert_eq!(c.document_text("file:///nowhere/x.md"), Value::Null);
    assert!(c.shutdown_and_exit().success());
}
