//! Code actions applied to the text, hover, document symbols.

mod common;

use common::*;
use serde_json::{json, Value};
use std::path::Path;

const HINDSIGHT: &str = "hindsight-should-have";

fn actions(c: &mut Client, uri: &str, diags: &[Value], only: Option<&[&str]>) -> Vec<Value> {
    let range = diags.first().map_or(
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }),
        |d| d["range"].clone(),
    );
    let mut context = json!({ "diagnostics": diags });
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    c.call(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": range, "context": context }),
    )
    .as_array()
    .cloned()
    .unwrap_or_default()
}

#[test]
fn disable_for_this_line_keeps_indentation_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("doc.md"));
    let mut c = Client::spawn(server_binary(), &[]);
    c.initialize(capabilities(&["utf-16"]), Value::Null);
    let text = "# Notes\r\n\r\n- Item one:\r\n  🎉 the team should have tested it.\r\n";
    c.open(&uri, 1, text);
    let diags = c.diagnostics(&uri, Some(1));
    let d = find_rule(&diags, HINDSIGHT).unwrap().clone();
    let acts = actions(&mut c, &uri, &[d], None);
    let title = format!("Disable {HINDSIGHT} for this line");
    let disable = acts
        .iter()
        .find(|a| a["title"] == title.as_str())
        .unwrap_or_else(|| panic!("{acts:?}"));
    assert_eq!(disable["kind"], "quickfix");
    let fixed = apply_edits(text, &action_edits(disable, &uri), Enc::Utf16);
    assert_eq!(fixed, format!("# Notes\r\n\r\n- Item one:\r\n  <!-- blamelint-disable-next-line {HINDSIGHT} -->\r\n  🎉 the team should have tested it.\r\n"));
    c.change(&uri, 2, json!([{ "text": fixed }]));
    assert!(
        find_rule(&c.diagnostics(&uri, Some(2)), HINDSIGHT).is_none(),
        "suppressed after the action"
    );
    assert!(c.shutdown_and_exit().success());
}

/// A config with a rule pack of two rules with fixes: `simply` (safe fix:
/// delete it) and `just` (unsafe fix: replace by `only`).
fn workspace_with_fixable_rules(dir: &Path) {
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    std::fs::write(dir.join("blamelint.toml"), "rule-paths = [\"rules\"]\n").unwrap();
    std::fs::write(
        dir.join("rules/test-simply.toml"),
        "id = \"test-simply\"\ncategory = \"test\"\nseverity = \"info\"\nmessage = \"Filler: {match}\"\nexplanation = \"Filler words.\"\n\
         fix = { replacement = \"\", applicability = \"safe\", title = \"Remove filler\" }\n[[match]]\nphrases = [\"simply\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("rules/test-just.toml"),
        "id = \"test-just\"\ncategory = \"test\"\nseverity = \"info\"\nmessage = \"Minimizing: {match}\"\nexplanation = \"Minimizing words.\"\n\
         fix = { replacement = \"only\", applicability = \"unsafe\", title = \"Say only\" }\n[[match]]\nphrases = [\"just\"]\n",
    )
    .unwrap();
}

#[test]
fn quick_fixes_and_fix_all_from_rule_pack_fixes() {
    let dir = tempfile::tempdir().unwrap();
    workspace_with_fixable_rules(dir.path());
    let uri = file_uri(&dir.path().join("doc.md"));
    let mut c = Client::spawn(server_binary(), &[]);
    let mut caps = capabilities(&["utf-8"]);
    caps["workspace"]["workspaceEdit"]["documentChanges"] = json!(true);
    c.initialize(caps, Value::Null);
    let text = "漢字 The job simply restarted it.\r\nThe job just restarted 🎉 it again.\r\nThe team should have tested it.\r\n";
    c.open(&uri, 1, text);
    let diags = c.diagnostics(&uri, Some(1));
    let simply = find_rule(&diags, "test-simply")
        .unwrap_or_else(|| panic!("{diags:?}\n{}", c.stderr.lock().unwrap()))
        .clone();
    let just = find_rule(&diags, "test-just").unwrap().clone();
    assert_eq!(simply["data"]["fix"]["applicability"], "safe");

    // Only the safe fix: preferred.
    let acts = actions(
        &mut c,
        &uri,
        std::slice::from_ref(&simply),
        Some(&["quickfix"]),
    );
    let fix = acts.iter().find(|a| a["title"] == "Remove filler").unwrap();
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(
        fix["edit"]["documentChanges"][0]["textDocument"]["version"],
        1
    );
    assert_eq!(
        apply_edits(text, &action_edits(fix, &uri), Enc::Utf8),
        text.replace("simply ", "")
    );

    // The unsafe fix alone is still the preferred (only) fix; next to a safe
    // one it is not.
    let acts = actions(&mut c, &uri, std::slice::from_ref(&just), None);
    assert_eq!(
        acts.iter().find(|a| a["title"] == "Say only").unwrap()["isPreferred"],
        true
    );
    let acts = actions(&mut c, &uri, &[simply.clone(), just.clone()], None);
    assert_eq!(
        acts.iter().find(|a| a["title"] == "Say only").unwrap()["isPreferred"],
        false
    );
    assert_eq!(
        acts.iter().find(|a| a["title"] == "Remove filler").unwrap()["isPreferred"],
        true
    );
    assert_eq!(
        apply_edits(
            text,
            &action_edits(
                acts.iter().find(|a| a["title"] == "Say only").unwrap(),
                &uri
            ),
            Enc::Utf8
        ),
        text.replace("just", "only")
    );

    // Fix all: safe fixes only, as one edit.
    let acts = actions(&mut c, &uri, &[], Some(&["source.fixAll"]));
    assert_eq!(acts.len(), 1, "{acts:?}");
    assert_eq!(acts[0]["kind"], "source.fixAll.blamelint");
    assert_eq!(acts[0]["title"], "Fix all safe problems in this file");
    let edits = action_edits(&acts[0], &uri);
    assert_eq!(edits.len(), 1);
    assert_eq!(
        apply_edits(text, &edits, Enc::Utf8),
        text.replace("simply ", "")
    );
    // ...and not offered when only quick fixes are asked for.
    assert!(actions(&mut c, &uri, &[], Some(&["quickfix"])).is_empty());

    // Data from an older version: its fix is no longer offered (the edit
    // would land in the wrong place); disabling the line still is.
    c.change(&uri, 2, json!([{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "New first line.\r\n" }]));
    let acts = actions(&mut c, &uri, &[simply], None);
    assert!(
        acts.iter().all(|a| a["title"] != "Remove filler"),
        "{acts:?}"
    );
    assert!(acts
        .iter()
        .any(|a| a["title"] == "Disable test-simply for this line"));
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn hover_shows_explanation_and_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("doc.md"));
    let mut c = Client::spawn(server_binary(), &[]);
    c.initialize(capabilities(&["utf-16"]), Value::Null);
    let text = "Intro.\n\n🎉 the team should have tested it.\n";
    c.open(&uri, 1, text);
    let d = find_rule(&c.diagnostics(&uri, Some(1)), HINDSIGHT)
        .unwrap()
        .clone();
    let inside = text.find("have").unwrap();
    let h = c.call("textDocument/hover", json!({ "textDocument": { "uri": uri }, "position": lsp_position(text, inside, Enc::Utf16) }));
    assert_eq!(h["range"], d["range"]);
    assert_eq!(h["contents"]["kind"], "markdown");
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains(HINDSIGHT) && md.contains("https://blamelint.dev/rules/"),
        "{md}"
    );
    for s in d["data"]["suggestions"].as_array().unwrap() {
        assert!(
            md.contains(s.as_str().unwrap()),
            "suggestion missing from {md}"
        );
    }
    assert!(
        md.lines().count() > 4,
        "the rule's explanation is included: {md}"
    );
    let outside = c.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 1 } }),
    );
    assert_eq!(outside, Value::Null);
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn document_symbols_outline_headings() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("doc.md"));
    let mut c = Client::spawn(server_binary(), &[]);
    c.initialize(capabilities(&["utf-16"]), Value::Null);
    let text = "# Incident 🎉\n\n## Summary\n\ntext\n\n```md\n# not a heading\n```\n\n### Detail\n\n## Timeline\n\nImpact\n------\n";
    c.open(&uri, 1, text);
    let syms = c.call(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let names = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&syms), vec!["Incident 🎉"]);
    let top = &syms[0];
    assert_eq!(
        names(&top["children"]),
        vec!["Summary", "Timeline", "Impact"]
    );
    assert_eq!(names(&top["children"][0]["children"]), vec!["Detail"]);
    assert_eq!(
        top["selectionRange"]["end"],
        json!({ "line": 0, "character": 13 })
    );
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn missing_sections_are_inserted_by_their_fixes() {
    let dir = tempfile::tempdir().unwrap();
    // The file name makes it a postmortem, so structure checks run.
    let uri = file_uri(&dir.path().join("postmortem-api.md"));
    let mut c = Client::spawn(server_binary(), &[]);
    c.initialize(capabilities(&["utf-16"]), Value::Null);
    let text =
        "# Postmortem: API outage 🎉\r\n\r\n## Summary\r\n\r\nThe API was down for 20 minutes.\r\n";
    c.open(&uri, 1, text);
    let diags = c.diagnostics(&uri, Some(1));
    let missing: Vec<Value> = diags
        .iter()
        .filter(|d| d["code"] == "missing-section")
        .cloned()
        .collect();
    assert!(
        !missing.is_empty(),
        "structure checks flag the missing sections: {diags:?}"
    );
    for d in &missing {
        assert_eq!(d["data"]["fix"]["applicability"], "unsafe", "{d}");
    }
    let acts = actions(&mut c, &uri, &missing, None);
    // One fix per missing section, each inserting its heading.
    let first = &missing[0];
    let own = acts
        .iter()
        .find(|a| a["title"] == first["data"]["fix"]["title"])
        .unwrap_or_else(|| panic!("{acts:?}"));
    let once = apply_edits(text, &action_edits(own, &uri), Enc::Utf16);
    assert!(
        once.len() > text.len() && once.starts_with("# Postmortem"),
        "{once}"
    );
    let fixed = if missing.len() > 1 {
        let all = acts
            .iter()
            .find(|a| a["title"].as_str().unwrap().starts_with("Insert all"))
            .unwrap_or_else(|| panic!("{acts:?}"));
        apply_edits(text, &action_edits(all, &uri), Enc::Utf16)
    } else {
        once
    };
    c.change(&uri, 2, json!([{ "text": fixed }]));
    let after = c.diagnostics(&uri, Some(2));
    assert!(
        after.iter().all(|d| d["code"] != "missing-section"),
        "all inserted: {after:?}\n{fixed}"
    );
    assert!(c.shutdown_and_exit().success());
}
