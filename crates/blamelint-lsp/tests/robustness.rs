//! Malformed input, unknown methods, unopened documents, a 10 MB document,
//! 1,000 open documents, and exit codes.

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::Duration;

fn no_panics(c: &Client) {
    let log = c.stderr.lock().unwrap();
    assert!(!log.contains("panicked"), "server stderr:\n{log}");
}

#[test]
fn malformed_messages_unknown_methods_and_unopened_documents() {
    let mut c = Client::spawn(server_binary(), &[]);
    c.initialize(capabilities(&["utf-16"]), Value::Null);

    // Not JSON: a parse error response with a null id.
    c.send_raw(b"Content-Length: 9\r\n\r\n{\"oops\": ");
    let err = c.response_with_null_id();
    assert_eq!(err["error"]["code"], -32700);
    // Headers without Content-Length, then garbage: an error, then skipped.
    c.send_raw(b"X-Nonsense: 1\r\n\r\nnot a message at all ");
    assert_eq!(c.response_with_null_id()["error"]["code"], -32700);
    // JSON, but not JSON-RPC.
    c.send_raw(&Client::frame(&json!([1, 2, 3])));
    assert_eq!(c.response_with_null_id()["error"]["code"], -32600);
    c.send_raw(&Client::frame(
        &json!({ "id": 41, "method": "textDocument/hover" }),
    ));
    assert_eq!(
        c.response(41)["error"]["code"],
        -32600,
        "no jsonrpc version"
    );
    // Invalid UTF-8.
    c.send_raw(b"Content-Length: 2\r\n\r\n\xff\xfe");
    assert_eq!(c.response_with_null_id()["error"]["code"], -32700);
    // Unknown request: MethodNotFound. Unknown notification: ignored.
    let r = c.request("blamelint/noSuchMethod", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    c.notify("blamelint/noSuchNotification", json!({}));
    // A request method sent as a notification (no id): ignored.
    c.notify("textDocument/hover", json!({ "textDocument": { "uri": "file:///x.md" }, "position": { "line": 0, "character": 0 } }));
    // Wrong params: an error, not a crash.
    let r = c.request("textDocument/hover", json!({ "textDocument": 7 }));
    assert_eq!(r["error"]["code"], -32602);

    // Requests about documents that were never opened.
    let nowhere = json!({ "uri": "file:///nowhere/doc.md" });
    assert_eq!(
        c.call(
            "textDocument/hover",
            json!({ "textDocument": nowhere, "position": { "line": 0, "character": 0 } })
        ),
        Value::Null
    );
    assert_eq!(
        c.call(
            "textDocument/documentSymbol",
            json!({ "textDocument": nowhere })
        ),
        Value::Null
    );
    let r = c.call("textDocument/codeAction", json!({ "textDocument": nowhere, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "context": { "diagnostics": [] } }));
    assert_eq!(r, Value::Null);
    c.notify("textDocument/didClose", json!({ "textDocument": nowhere }));

    // Still alive and well: a normal round trip.
    c.open(
        "file:///tmp/blamelint-robust/doc.md",
        1,
        "Bob should have checked.",
    );
    assert!(!c
        .diagnostics("file:///tmp/blamelint-robust/doc.md", Some(1))
        .is_empty());
    // `shutdown` with explicit null params (some clients send it).
    c.send(&json!({ "jsonrpc": "2.0", "id": 999, "method": "shutdown", "params": null }));
    assert!(c.response(999).get("error").is_none());
    c.notify("exit", Value::Null);
    // Exits without us closing its stdin.
    assert_eq!(c.wait_exit(TIMEOUT).expect("exits").code(), Some(0));
    no_panics(&c);
}

#[test]
fn ten_megabyte_document() {
    // Mostly prose without findings (the point is the server's handling of
    // size, not the core's throughput in a debug build), with a finding now
    // and then.
    let quiet = "The deploy went out at 14:05 and 🎉 the cache warmed up. 事故 The runbook was followed.\n\n";
    let loud = "## Part\n\nBob should have checked the runbook first.\n\n";
    let mut text = String::from("# Big\n\n");
    let mut n = 0;
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(if n % 1000 == 999 { loud } else { quiet });
        n += 1;
    }
    let uri = "file:///tmp/blamelint-robust/big.md";
    let mut c = Client::spawn(server_binary(), &[]);
    c.initialize(capabilities(&["utf-16"]), Value::Null);
    c.open(uri, 1, &text);
    let diags = c
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_secs(300),
            |p| p["uri"] == uri && p["version"] == 1,
        )
        .expect("diagnostics for 10 MB");
    assert!(diags["diagnostics"].as_array().unwrap().len() >= 100);
    // An edit at the very end, then one at the start.
    let end = lsp_position(&text, text.len(), Enc::Utf16);
    c.change(
        uri,
        2,
        json!([{ "range": { "start": end, "end": end }, "text": "Bob should have known.\n" }]),
    );
    c.change(uri, 3, json!([{ "range": { "start": { "line": 0, "character": 2 }, "end": { "line": 0, "character": 5 } }, "text": "Huge" }]));
    text.push_str("Bob should have known.\n");
    text.replace_range(2..5, "Huge");
    assert!(c
        .wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_secs(300),
            |p| p["uri"] == uri && p["version"] == 3
        )
        .is_some());
    assert!(c.document_text(uri)["text"].as_str().unwrap() == text);
    let syms = c.call(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(syms[0]["name"], "Huge");
    assert!(c.shutdown_and_exit().success());
    no_panics(&c);
}

#[test]
fn thousand_open_documents() {
    let mut doc = String::new();
    for i in 0..30 {
        doc.push_str(&format!(
            "Line {i}: the deploy finished; 🎉 nobody should have been paged.\n"
        ));
    }
    doc.push_str("Bob should have checked.\n");
    let mut c = Client::spawn(server_binary(), &[]);
    c.initialize(capabilities(&["utf-16"]), Value::Null);
    let uris: Vec<String> = (0..1000)
        .map(|i| format!("file:///tmp/blamelint-robust/many/doc{i}.md"))
        .collect();
    let mut burst = Vec::new();
    for u in &uris {
        burst.extend(Client::frame(&json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": u, "languageId": "markdown", "version": 1, "text": doc } } })));
    }
    c.send_raw(&burst);
    let mut seen = std::collections::HashSet::new();
    while seen.len() < uris.len() {
        let p = c
            .wait_for(
                "textDocument/publishDiagnostics",
                Duration::from_secs(120),
                |_| true,
            )
            .unwrap_or_else(|| panic!("only {} of 1000 documents got diagnostics", seen.len()));
        assert!(!p["diagnostics"].as_array().unwrap().is_empty());
        seen.insert(p["uri"].as_str().unwrap().to_string());
    }
    assert_eq!(c.document_text(&uris[999])["text"], doc.as_str());
    assert!(c.shutdown_and_exit().success());
    no_panics(&c);
}

#[test]
fn exit_without_shutdown_is_code_1() {
    let mut c = Client::spawn(server_binary(), &[]);
    c.initialize(capabilities(&["utf-16"]), Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(TIMEOUT).expect("exits").code(), Some(1));

    // End of input without shutdown: also 1.
    let mut c = Client::spawn(server_binary(), &[]);
    c.initialize(capabilities(&["utf-16"]), Value::Null);
    c.close_stdin();
    assert_eq!(c.wait_exit(TIMEOUT).expect("exits").code(), Some(1));
}
