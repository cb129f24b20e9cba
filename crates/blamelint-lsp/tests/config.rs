//! Config files (found per document, watched, reloaded) and editor settings.

mod common;

use common::*;
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

const HINDSIGHT: &str = "hindsight-should-have";
const TEXT: &str = "🎉 Launch day: the team should have tested it.";

fn has_hindsight(p: &Value) -> bool {
    p["diagnostics"]
        .as_array()
        .is_some_and(|d| find_rule(d, HINDSIGHT).is_some())
}

fn watched(c: &mut Client, path: &Path, kind: u8) {
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(path), "type": kind }] }),
    );
}

/// Waits for the next diagnostics of `uri` that satisfy `pred`.
fn wait_diags(c: &mut Client, uri: &str, pred: impl Fn(&Value) -> bool) -> Value {
    c.wait_for("textDocument/publishDiagnostics", TIMEOUT, |p| {
        p["uri"] == uri && pred(p)
    })
    .unwrap_or_else(|| {
        panic!(
            "expected diagnostics never came; stderr:\n{}",
            c.stderr.lock().unwrap()
        )
    })
}

#[test]
fn config_reload_via_watched_files() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("blamelint.toml");
    std::fs::write(&cfg, "# defaults\n").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let uri = file_uri(&dir.path().join("sub/doc.md"));
    let mut c = Client::spawn(server_binary(), &[]);
    c.initialize(capabilities(&["utf-16"]), Value::Null);
    c.open(&uri, 1, TEXT);
    assert!(find_rule(&c.diagnostics(&uri, Some(1)), HINDSIGHT).is_some());
    assert!(
        c.server_requests
            .iter()
            .any(|r| r["method"] == "client/registerCapability"
                && r["params"]["registrations"][0]["method"] == "workspace/didChangeWatchedFiles"),
        "watchers registered dynamically: {:?}",
        c.server_requests
    );

    // Rewritten config: the diagnostic goes away (same document version).
    std::fs::write(&cfg, "ignore = [\"hindsight\"]\n").unwrap();
    watched(&mut c, &cfg, 2);
    let p = wait_diags(&mut c, &uri, |p| !has_hindsight(p));
    assert_eq!(p["version"], 1);

    // Broken config: one error message, and the last good config stays.
    std::fs::write(&cfg, "ignore = [\n").unwrap();
    watched(&mut c, &cfg, 2);
    let msg = c
        .wait_for("window/showMessage", TIMEOUT, |_| true)
        .expect("an error is shown");
    assert_eq!(msg["type"], 1);
    assert!(
        msg["message"].as_str().unwrap().contains("blamelint.toml"),
        "{msg}"
    );
    assert!(!has_hindsight(&wait_diags(&mut c, &uri, |_| true)));
    watched(&mut c, &cfg, 2);
    assert!(!has_hindsight(&wait_diags(&mut c, &uri, |_| true)));
    let again = c.collect("window/showMessage", Duration::from_millis(300));
    assert!(again.is_empty(), "the same error is shown once: {again:?}");

    // Deleted: the document falls back to the defaults.
    std::fs::remove_file(&cfg).unwrap();
    watched(&mut c, &cfg, 3);
    wait_diags(&mut c, &uri, has_hindsight);

    // A new config closer to the document takes over.
    let near = dir.path().join("sub/.blamelint.toml");
    std::fs::write(&near, "[severity]\nhindsight = \"error\"\n").unwrap();
    watched(&mut c, &near, 1);
    let p = wait_diags(&mut c, &uri, |p| {
        p["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["severity"] == 1)
    });
    assert!(has_hindsight(&p));
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn editor_settings_from_init_options_and_did_change_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("doc.md"));
    let mut c = Client::spawn(server_binary(), &[]);
    c.initialize(
        capabilities(&["utf-16"]),
        json!({ "blamelint": { "ignore": ["hindsight"] } }),
    );
    c.open(&uri, 1, TEXT);
    assert!(find_rule(&c.diagnostics(&uri, Some(1)), HINDSIGHT).is_none());

    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "blamelint": { "severity": { "hindsight": "hint" } } } }),
    );
    let p = wait_diags(&mut c, &uri, has_hindsight);
    assert_eq!(
        find_rule(p["diagnostics"].as_array().unwrap(), HINDSIGHT).unwrap()["severity"],
        4
    );

    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "blamelint": { "select": ["character-judgement"] } } }),
    );
    wait_diags(&mut c, &uri, |p| !has_hindsight(p));

    // Invalid settings: reported, and the previous ones stay.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "blamelint": { "ignore": 5 } } }),
    );
    let msg = c
        .wait_for("window/showMessage", TIMEOUT, |_| true)
        .expect("invalid settings reported");
    assert!(
        msg["message"].as_str().unwrap().contains("settings"),
        "{msg}"
    );
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn settings_pulled_with_workspace_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("doc.md"));
    let mut c = Client::spawn(server_binary(), &[]);
    let mut caps = capabilities(&["utf-16"]);
    caps["workspace"]["configuration"] = json!(true);
    c.settings = json!({ "ignore": [] });
    c.initialize(caps, Value::Null);
    c.open(&uri, 1, TEXT);
    wait_diags(&mut c, &uri, has_hindsight);
    // "Settings changed, ask me": the server pulls the `blamelint` section.
    c.settings = json!({ "ignore": ["hindsight"] });
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    );
    wait_diags(&mut c, &uri, |p| !has_hindsight(p));
    assert!(c
        .server_requests
        .iter()
        .any(|r| r["method"] == "workspace/configuration"
            && r["params"]["items"][0]["section"] == "blamelint"));
    assert!(c.shutdown_and_exit().success());
}
