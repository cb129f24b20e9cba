//! Push diagnostics (debounced, versioned), pull diagnostics, clearing on close.

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::Duration;

const HINDSIGHT: &str = "hindsight-should-have";

#[test]
fn a_burst_of_changes_publishes_only_the_latest_version() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("doc.md"));
    // Long enough that the whole burst (written at once) lands within it even
    // on a loaded machine; the assertion itself does not depend on timing.
    let mut c = Client::spawn(server_binary(), &[("BLAMELINT_LSP_DEBOUNCE_MS", "2000")]);
    c.initialize(capabilities(&["utf-16"]), Value::Null);
    c.open(&uri, 1, "Bob should have checked.");
    assert!(find_rule(&c.diagnostics(&uri, Some(1)), HINDSIGHT).is_some());
    let mut burst = Vec::new();
    for v in 2..=31 {
        let text = if v % 2 == 0 {
            format!("Edit {v}: all good.")
        } else {
            format!("Edit {v}: Bob should have checked.")
        };
        burst.extend(Client::frame(&json!({ "jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": { "textDocument": { "uri": uri, "version": v }, "contentChanges": [{ "text": text }] } })));
    }
    c.send_raw(&burst);
    let last = c.diagnostics(&uri, Some(31));
    assert_eq!(find_rule(&last, HINDSIGHT).unwrap()["data"]["version"], 31);
    let others = c.collect(
        "textDocument/publishDiagnostics",
        Duration::from_millis(800),
    );
    assert!(
        others.is_empty(),
        "only version 31 may be published after the burst: {others:?}"
    );
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("doc.md"));
    let mut c = Client::spawn(server_binary(), &[]);
    let mut caps = capabilities(&["utf-16"]);
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    let init = c.initialize(caps, Value::Null);
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "blamelint"
    );
    let text = "🎉 the team should have tested it.";
    c.open(&uri, 1, text);
    let pull = |c: &mut Client, previous: Option<&str>| {
        c.call(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri }, "previousResultId": previous }),
        )
    };
    let r = pull(&mut c, None);
    assert_eq!(r["kind"], "full");
    let d = find_rule(r["items"].as_array().unwrap(), HINDSIGHT)
        .expect("hindsight pulled")
        .clone();
    let start = text.find("should have").unwrap();
    assert_eq!(d["range"], lsp_range(text, start, start + 11, Enc::Utf16));
    let id = r["resultId"].as_str().unwrap().to_string();
    assert_eq!(pull(&mut c, Some(&id))["kind"], "unchanged");
    c.change(&uri, 2, json!([{ "text": "All good here." }]));
    let r = pull(&mut c, Some(&id));
    assert_eq!(r["kind"], "full");
    assert_eq!(r["items"], json!([]));
    // Unopened documents get an empty report, not an error.
    let r = c.call(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": "file:///nowhere/x.md" } }),
    );
    assert_eq!(r["items"], json!([]));
    // A pulling client is not also pushed to (it would show everything twice).
    let pushed = c.collect(
        "textDocument/publishDiagnostics",
        Duration::from_millis(300),
    );
    assert!(pushed.is_empty(), "{pushed:?}");
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn closing_clears_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("doc.md"));
    let mut c = Client::spawn(server_binary(), &[]);
    c.initialize(capabilities(&["utf-16"]), Value::Null);
    c.open(&uri, 1, "Bob should have checked.");
    assert!(!c.diagnostics(&uri, Some(1)).is_empty());
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let cleared = c
        .wait_for("textDocument/publishDiagnostics", TIMEOUT, |p| {
            p["uri"] == uri
        })
        .unwrap();
    assert_eq!(cleared["diagnostics"], json!([]));
    assert_eq!(c.document_text(&uri), Value::Null);
    assert!(c.shutdown_and_exit().success());
}
