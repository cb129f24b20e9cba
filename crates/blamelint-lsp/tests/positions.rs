//! Ranges in the negotiated position encoding, for text where UTF-8, UTF-16
//! and character counts all differ.

mod common;

use common::*;
use serde_json::{json, Value};

const HINDSIGHT: &str = "hindsight-should-have";

/// Opens `text` in a server that was offered `encodings`; returns the
/// negotiated encoding and the hindsight diagnostic.
fn diagnose(encodings: &[&str], text: &str) -> (String, Value) {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("notes.md"));
    let mut c = Client::spawn(server_binary(), &[]);
    let init = c.initialize(capabilities(encodings), Value::Null);
    let encoding = init["capabilities"]["positionEncoding"]
        .as_str()
        .unwrap()
        .to_string();
    c.open(&uri, 1, text);
    let diags = c.diagnostics(&uri, Some(1));
    let d = find_rule(&diags, HINDSIGHT)
        .unwrap_or_else(|| panic!("no {HINDSIGHT} in {diags:?}"))
        .clone();
    assert!(c.shutdown_and_exit().success());
    (encoding, d)
}

#[test]
fn emoji_before_the_phrase_utf16_and_utf8() {
    let text = "🎉 Launch day: the team should have tested it.";
    let start = text.find("should have").unwrap();
    let end = start + "should have".len();

    let (enc, d) = diagnose(&["utf-16"], text);
    assert_eq!(enc, "utf-16");
    // 🎉 is two UTF-16 code units, so the phrase starts one unit later than
    // it has characters before it.
    let col16 = text[..start].encode_utf16().count();
    assert_eq!(col16, text[..start].chars().count() + 1);
    assert_eq!(
        d["range"],
        json!({ "start": { "line": 0, "character": col16 }, "end": { "line": 0, "character": col16 + 11 } })
    );

    let (enc, d) = diagnose(&["utf-8", "utf-16"], text);
    assert_eq!(enc, "utf-8");
    assert_eq!(
        d["range"],
        json!({ "start": { "line": 0, "character": start }, "end": { "line": 0, "character": end } })
    );
    assert_eq!(start, col16 + 2, "🎉 is 4 bytes");

    // A client that offers nothing gets the LSP default.
    let (enc, _) = diagnose(&[], text);
    assert_eq!(enc, "utf-16");
}

#[test]
fn cjk_combining_marks_and_crlf() {
    let text = "# Incident 漢字\r\n\r\nCafe\u{301} 🎉 note: 事故 the intern should have checked the runbook.\r\nNext line\r\n";
    let start = text.find("should have").unwrap();
    let end = start + "should have".len();
    for (offer, enc) in [(&["utf-16"][..], Enc::Utf16), (&["utf-8"][..], Enc::Utf8)] {
        let (name, d) = diagnose(offer, text);
        assert_eq!(name, enc.name());
        assert_eq!(d["range"], lsp_range(text, start, end, enc), "{name}");
        assert_eq!(d["range"]["start"]["line"], 2);
    }
}

#[test]
fn diagnostic_fields() {
    let (_, d) = diagnose(&["utf-16"], "Bob should have checked the logs.");
    assert_eq!(d["source"], "blamelint");
    assert_eq!(d["code"], HINDSIGHT);
    assert_eq!(
        d["codeDescription"]["href"],
        format!("https://blamelint.dev/rules/{HINDSIGHT}")
    );
    assert_eq!(d["severity"], 2);
    assert_eq!(d["data"]["rule"], HINDSIGHT);
    assert_eq!(d["data"]["version"], 1);
    assert!(!d["data"]["suggestions"].as_array().unwrap().is_empty());
}
