//! CI integration: `--diff-base` against real git repositories, baselines, and
//! the CI output formats (gitlab, rdjson, junit, checkstyle; SARIF and rdjson
//! validated against their JSON Schemas in tests/schemas/).

mod common;
use common::*;

use serde_json::{json, Value};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

fn blamelint_with_stdin(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_blamelint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run blamelint");
    let mut pipe = child.stdin.take().unwrap();
    // The command may exit (a usage error) before it reads its input.
    if let Err(e) = pipe.write_all(stdin.unwrap_or("").as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn write(dir: &Path, name: &str, body: &str) {
    let p = dir.join(name);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, body).unwrap();
}

fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args(["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("run git");
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    stdout(&o).trim_end().to_string()
}

/// A fresh repository with these files committed; returns it and the commit.
fn repo(files: &[(&str, &str)]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    for (name, body) in files {
        write(dir.path(), name, body);
    }
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    let head = git(dir.path(), &["rev-parse", "HEAD"]);
    (dir, head)
}

const SHOULD_HAVE: &str =
    "warning[hindsight-should-have] Hindsight: \"should have\" judges what a person should have done";

fn concise(path: &str, line: usize, col: usize) -> String {
    format!("{path}:{line}:{col}: {SHOULD_HAVE}\n")
}

// ---------------------------------------------------------------- --diff-base

#[test]
fn diff_base_reports_only_added_and_changed_lines() {
    let (dir, base) = repo(&[
        (
            "docs/a.md",
            "# Notes\n\nBob should have checked the logs.\n\nThe deploy went fine.\n",
        ),
        ("docs/b.md", "Carol should have paged the team.\n"),
        ("docs/moved.md", "Frank should have asked.\n"),
        ("docs/edited.md", "Ivan should have looked.\n\nAll good.\n"),
    ]);
    let d = dir.path();
    // committed after the base
    write(d, "docs/c.md", "Gina should have known.\n");
    git(d, &["add", "docs/c.md"]);
    git(d, &["commit", "-q", "-m", "c"]);
    // a pure rename: no new lines
    git(d, &["mv", "docs/moved.md", "docs/renamed.md"]);
    // staged
    write(d, "docs/s.md", "Hal should have seen it.\n");
    git(d, &["add", "docs/s.md"]);
    // unstaged: one line added at the end, one line changed in place
    write(
        d,
        "docs/a.md",
        "# Notes\n\nBob should have checked the logs.\n\nThe deploy went fine.\nDave should have waited.\n",
    );
    write(
        d,
        "docs/edited.md",
        "Ivan should have looked twice.\n\nAll good.\n",
    );
    // untracked: new throughout
    write(
        d,
        "docs/new.md",
        "Eve should have known.\n\nJo should have too.\n",
    );

    let o = blamelint(
        d,
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            "--diff-base",
            &base,
            "docs",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    assert_eq!(
        stdout(&o),
        [
            concise("docs/a.md", 6, 6),
            concise("docs/c.md", 1, 6),
            concise("docs/edited.md", 1, 6),
            concise("docs/new.md", 1, 5),
            concise("docs/new.md", 3, 4),
            concise("docs/s.md", 1, 5),
        ]
        .concat()
    );

    // Without --diff-base every file is judged whole.
    let o = blamelint(d, &["check", "--no-config", "--format", "concise", "docs"]);
    assert_eq!(stdout(&o).lines().count(), 9, "{}", stdout(&o));

    // From a subfolder, with a file argument: git runs at the repository root.
    let o = blamelint(
        &d.join("docs"),
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            "--diff-base",
            "main~1",
            "a.md",
            "b.md",
        ],
    );
    assert_eq!(stdout(&o), concise("a.md", 6, 6));

    // Against HEAD (the commit with c.md), c.md is unchanged.
    let o = blamelint(
        d,
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            "--diff-base",
            "HEAD",
            "docs/c.md",
            "docs/b.md",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");

    // Nothing changed since the working tree's own state: all clean.
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "all"]);
    let o = blamelint(d, &["check", "--no-config", "--diff-base", "HEAD", "docs"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "No problems found in 7 files.\n");
}

const POSTMORTEM: &str = "\
# Postmortem: Search index rebuild stalled

**Date:** 2024-05-02
**Severity:** P2

## Summary

The nightly search index rebuild stalled. Bob should have checked the logs.

## Impact

Search results were stale for about 3 hours.
";

#[test]
fn diff_base_runs_structure_checks_on_whole_changed_postmortems() {
    let (dir, base) = repo(&[
        ("incidents/one.md", POSTMORTEM),
        ("incidents/two.md", POSTMORTEM),
    ]);
    let d = dir.path();
    let whole = blamelint(
        d,
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            "incidents/one.md",
        ],
    );
    let whole = stdout(&whole);
    let structure: String = whole
        .lines()
        .filter(|l| !l.contains("hindsight"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        structure.contains("warning[missing-section]") && whole.contains("hindsight"),
        "the fixture has structure findings and a prose one: {whole}"
    );

    // A change far from the blame sentence: the structure findings of the
    // changed postmortem come back whole, its old prose finding does not, and
    // the unchanged postmortem reports nothing.
    write(
        d,
        "incidents/one.md",
        &POSTMORTEM.replace("about 3 hours.", "about three hours."),
    );
    let o = blamelint(
        d,
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            "--diff-base",
            &base,
            "incidents",
        ],
    );
    assert_eq!(stdout(&o), structure);

    // Deleting lines is a change too: structure findings, nothing else.
    write(d, "incidents/one.md", POSTMORTEM);
    write(
        d,
        "incidents/two.md",
        &POSTMORTEM.replace(
            "## Impact\n\nSearch results were stale for about 3 hours.\n",
            "",
        ),
    );
    let o = blamelint(
        d,
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            "--diff-base",
            &base,
            "incidents",
        ],
    );
    let out = stdout(&o);
    assert!(
        !out.is_empty()
            && out
                .lines()
                .all(|l| l.starts_with("incidents/two.md:") && !l.contains("hindsight")),
        "{out}"
    );
    assert!(out.contains("Missing required section: Impact"), "{out}");
}

#[test]
fn diff_base_errors_are_clear_and_exit_2() {
    // Not in a git repository.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "Bob should have checked.\n");
    let o = blamelint(
        dir.path(),
        &["check", "--no-config", "--diff-base", "main", "a.md"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --diff-base: a.md is not in a git repository\n"
    );
    assert_eq!(stdout(&o), "");

    // An unknown revision.
    let (repo_dir, _) = repo(&[("a.md", "Bob should have checked.\n")]);
    let root = repo_dir.path().canonicalize().unwrap();
    let o = blamelint(
        repo_dir.path(),
        &["check", "--no-config", "--diff-base", "no-such-ref", "a.md"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: --diff-base: unknown revision `no-such-ref` in the git repository at {}\n",
            root.display()
        )
    );
    assert_eq!(stdout(&o), "");
    let o = blamelint(
        repo_dir.path(),
        &["check", "--no-config", "--diff-base=--output=x", "a.md"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --diff-base: unknown revision `--output=x`\n"
    );
    assert!(!repo_dir.path().join("x").exists());

    // Standard input has no lines in git.
    let o = blamelint_with_stdin(
        repo_dir.path(),
        &["check", "--no-config", "--diff-base", "HEAD", "-"],
        Some("Bob should have checked.\n"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --diff-base does not apply to standard input\n"
    );

    // Fixing only changed lines is not supported: a usage error.
    let o = blamelint(
        repo_dir.path(),
        &["check", "--diff-base", "HEAD", "--fix", "a.md"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot be used with"), "{}", stderr(&o));
}

// ------------------------------------------------------------------ baselines

fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// The documented context hash: the flagged line, whitespace runs collapsed.
fn context_hash(line: &str) -> String {
    format!(
        "{:016x}",
        fnv1a64(
            line.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .as_bytes()
        )
    )
}

#[test]
fn baseline_records_findings_and_hides_them_when_lines_move() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "docs/pm.md",
        "# Notes\n\nBob should have checked the logs.\n\nCarol  should have paged the team.\n",
    );
    write(d, "docs/clean.md", "# Fine\n");
    let o = blamelint(
        d,
        &[
            "check",
            "--no-config",
            "--write-baseline",
            "blamelint-baseline.json",
            "docs",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        stderr(&o),
        "Wrote 2 findings in 1 file to blamelint-baseline.json.\n"
    );
    let written = fs::read_to_string(d.join("blamelint-baseline.json")).unwrap();
    let mut hashes = [
        context_hash("Bob should have checked the logs."),
        context_hash("Carol should have paged the team."),
    ];
    hashes.sort();
    let entry = |hash: &str| {
        format!(
            "    {{\n      \"path\": \"docs/pm.md\",\n      \"rule\": \"hindsight-should-have\",\n      \"text\": \"should have\",\n      \"context_hash\": \"{hash}\"\n    }}"
        )
    };
    assert_eq!(
        written,
        format!(
            "{{\n  \"version\": 1,\n  \"tool\": \"blamelint\",\n  \"findings\": [\n{},\n{}\n  ]\n}}\n",
            entry(&hashes[0]),
            entry(&hashes[1])
        )
    );

    let check = |args: &[&str]| {
        let mut a = vec!["check", "--no-config", "--format", "concise"];
        a.extend_from_slice(args);
        blamelint(d, &a)
    };
    // Nothing new: all hidden, exit 0.
    let o = check(&["--baseline", "blamelint-baseline.json", "docs"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "");

    // Lines moved (and re-indented): still hidden.
    write(
        d,
        "docs/pm.md",
        "# Notes\n\nIntro.\n\nMore intro.\n\nCarol should have   paged the team.\n\n- Bob should have checked the logs.\n",
    );
    let o = check(&["--baseline", "blamelint-baseline.json", "docs"]);
    assert_eq!(stdout(&o), "");

    // A new finding is reported, the recorded ones are not.
    write(
        d,
        "docs/pm.md",
        "# Notes\n\nDave should have waited.\n\nCarol should have paged the team.\n\nBob should have checked the logs.\n",
    );
    let o = check(&["--baseline", "blamelint-baseline.json", "docs"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), concise("docs/pm.md", 3, 6));

    // The baseline has ("should have") twice: a third occurrence is reported,
    // and it is the one whose line the baseline does not know.
    write(
        d,
        "docs/pm.md",
        "Bob should have checked the logs.\n\nBob should have checked the logs.\n\nCarol should have paged the team.\n",
    );
    let o = check(&["--baseline", "blamelint-baseline.json", "docs"]);
    assert_eq!(stdout(&o), concise("docs/pm.md", 3, 5));

    // Paths are relative to the baseline's folder, wherever blamelint runs.
    write(
        d,
        "docs/pm.md",
        "Carol should have paged the team.\n\nBob should have checked the logs.\n",
    );
    let o = blamelint(
        &d.join("docs"),
        &[
            "check",
            "--no-config",
            "--baseline",
            "../blamelint-baseline.json",
            "pm.md",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // The same finding in another file is not hidden.
    fs::rename(d.join("docs/pm.md"), d.join("docs/other.md")).unwrap();
    let o = check(&["--baseline", "blamelint-baseline.json", "docs"]);
    assert_eq!(
        stdout(&o),
        [
            concise("docs/other.md", 1, 7),
            concise("docs/other.md", 3, 5)
        ]
        .concat()
    );
}

#[test]
fn baseline_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.md", "Bob should have checked.\n");
    let o = blamelint(
        d,
        &["check", "--no-config", "--baseline", "missing.json", "a.md"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: missing.json: cannot read the baseline: No such file or directory (os error 2)\n"
    );
    write(d, "old.json", "{\"version\": 9, \"findings\": []}");
    let o = blamelint(
        d,
        &["check", "--no-config", "--baseline", "old.json", "a.md"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: old.json: baseline version 9 is not supported (expected 1)\n"
    );
    write(d, "bad.json", "[]");
    let o = blamelint(
        d,
        &["check", "--no-config", "--baseline", "bad.json", "a.md"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: bad.json: not a blamelint baseline: "),
        "{}",
        stderr(&o)
    );
}

#[test]
fn baseline_and_diff_base_together() {
    let (dir, base) = repo(&[("a.md", "Bob should have checked.\n")]);
    let d = dir.path();
    write(
        d,
        "a.md",
        "Bob should have checked.\nCarol should have paged.\n",
    );
    // Only changed lines are recorded.
    let o = blamelint(
        d,
        &[
            "check",
            "--no-config",
            "--diff-base",
            &base,
            "--write-baseline",
            "b.json",
            "a.md",
        ],
    );
    assert_eq!(stderr(&o), "Wrote 1 finding in 1 file to b.json.\n");
    write(
        d,
        "a.md",
        "Dave should have waited.\nBob should have checked.\nCarol should have paged.\n",
    );
    let o = blamelint(
        d,
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            "--diff-base",
            &base,
            "--baseline",
            "b.json",
            "a.md",
        ],
    );
    assert_eq!(stdout(&o), concise("a.md", 1, 6));
}

// ------------------------------------------------------------- output formats

const PACK_OOPSIE: &str = r#"
id = "ci-oopsie"
category = "minimizing"
language = "en"
severity = "warning"
message = "\"{match}\" <belittles> & judges"
explanation = "Test rule for the output formats."
suggestions = ["Say what happened instead of '{match}'."]
flag = ["Zed oopsie forgot the flag."]
pass = ["Nothing here."]

[fix]
replacement = ""
applicability = "safe"

[[match]]
phrases = ["oopsie"]
subject = "any"
"#;

const PACK_UGH: &str = r#"
id = "ci-ugh"
category = "character-judgement"
language = "en"
severity = "error"
message = "\"{match}\" is a sigh at a person"
explanation = "Test rule for the output formats."
suggestions = []
flag = ["Ugh, Zed again."]
pass = ["Nothing here."]

[[match]]
phrases = ["ugh"]
subject = "any"
"#;

const ODD_NAME: &str = "q\"&<x>.md";

/// Files and a rule pack of our own, so the expected output does not move
/// when the built-in rules are tuned. Findings: warning (with a safe fix and
/// an emoji before it), info (in a block quote), error; a clean file; a file
/// name that needs escaping.
fn format_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "pack/oopsie.toml", PACK_OOPSIE);
    write(d, "pack/ugh.toml", PACK_UGH);
    write(d, "blamelint.toml", "rule-paths = [\"pack\"]\n");
    write(
        d,
        "pm.md",
        "# Notes\n\n🎉 Zed oopsie forgot the flag.\n\n> Ugh, Zed again.\n\nUgh, the pager.\n",
    );
    write(d, ODD_NAME, "Oopsie.\n");
    write(d, "clean.md", "# Fine\n\nThe service restarted.\n");
    dir
}

fn run_format(dir: &Path, format: &str) -> Output {
    let o = blamelint(
        dir,
        &[
            "check",
            "--select",
            "ci-oopsie,ci-ugh",
            "--format",
            format,
            "clean.md",
            "pm.md",
            ODD_NAME,
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    o
}

fn assert_pretty_json(o: &Output, expected: Value) {
    let got: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)));
    assert_eq!(got, expected);
    assert_eq!(
        stdout(o),
        serde_json::to_string_pretty(&expected).unwrap() + "\n"
    );
}

fn assert_well_formed_xml(xml: &str) {
    let mut child = Command::new("python3")
        .args([
            "-c",
            "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.stdin.buffer)",
        ])
        .stdin(Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(xml.as_bytes())
        .unwrap();
    assert!(
        child.wait().unwrap().success(),
        "not well-formed XML:\n{xml}"
    );
}

#[test]
fn gitlab_code_quality_format() {
    let dir = format_fixture();
    let o = run_format(dir.path(), "gitlab");
    let issue = |check: &str, desc: &str, fp: &str, sev: &str, path: &str, line: u64| {
        json!({"description": desc, "check_name": check, "fingerprint": fp, "severity": sev,
               "location": {"path": path, "lines": {"begin": line}}})
    };
    assert_pretty_json(
        &o,
        json!([
            issue(
                "ci-oopsie",
                "\"oopsie\" <belittles> & judges",
                "22d9d993508b2225",
                "minor",
                "pm.md",
                3
            ),
            issue(
                "ci-ugh",
                "\"Ugh\" is a sigh at a person",
                "19cbdf5628d15607",
                "info",
                "pm.md",
                5
            ),
            issue(
                "ci-ugh",
                "\"Ugh\" is a sigh at a person",
                "6d37f595be57f89a",
                "major",
                "pm.md",
                7
            ),
            issue(
                "ci-oopsie",
                "\"Oopsie\" <belittles> & judges",
                "d04129c4f941c177",
                "minor",
                ODD_NAME,
                1
            ),
        ]),
    );
    // Fingerprints survive lines moving; the same line twice gets two.
    write(
        dir.path(),
        "pm.md",
        "# Notes\n\nNew intro.\n\n🎉 Zed oopsie forgot the flag.\n\n> Ugh, Zed again.\n\nUgh, the pager.\n\nUgh, the pager.\n",
    );
    let o = run_format(dir.path(), "gitlab");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let fps: Vec<(&str, u64)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["fingerprint"].as_str().unwrap(),
                i["location"]["lines"]["begin"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fps[..3],
        [
            ("22d9d993508b2225", 5),
            ("19cbdf5628d15607", 7),
            ("6d37f595be57f89a", 9)
        ]
    );
    assert_eq!(fps[3].1, 11);
    assert!(fps.iter().filter(|f| f.0 == fps[3].0).count() == 1);
}

#[test]
fn rdjson_format() {
    let dir = format_fixture();
    let o = run_format(dir.path(), "rdjson");
    let pos = |line: u64, column: u64| json!({"line": line, "column": column});
    let diag = |path: &str, msg: &str, rule: &str, sev: &str, line: u64, start: u64, end: u64| {
        json!({
            "message": msg,
            "location": {"path": path, "range": {"start": pos(line, start), "end": pos(line, end)}},
            "severity": sev,
            "code": {"value": rule, "url": format!("https://blamelint.dev/rules/{rule}")},
        })
    };
    let mut oopsie = diag(
        "pm.md",
        "\"oopsie\" <belittles> & judges",
        "ci-oopsie",
        "WARNING",
        3,
        10,
        16,
    );
    // UTF-8 byte columns: 🎉 is 4 bytes; the fix also deletes the space after.
    oopsie["suggestions"] =
        json!([{"range": {"start": pos(3, 10), "end": pos(3, 17)}, "text": ""}]);
    let mut odd = diag(
        ODD_NAME,
        "\"Oopsie\" <belittles> & judges",
        "ci-oopsie",
        "WARNING",
        1,
        1,
        7,
    );
    odd["suggestions"] = json!([{"range": {"start": pos(1, 1), "end": pos(1, 7)}, "text": ""}]);
    assert_pretty_json(
        &o,
        json!({
            "source": {"name": "blamelint", "url": "https://blamelint.dev"},
            "diagnostics": [
                oopsie,
                diag("pm.md", "\"Ugh\" is a sigh at a person", "ci-ugh", "INFO", 5, 3, 6),
                diag("pm.md", "\"Ugh\" is a sigh at a person", "ci-ugh", "ERROR", 7, 1, 4),
                odd,
            ],
        }),
    );
}

#[test]
fn junit_format() {
    let dir = format_fixture();
    let o = run_format(dir.path(), "junit");
    let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="blamelint" tests="3" failures="2" errors="0">
  <testsuite name="blamelint" tests="3" failures="2" errors="0" skipped="0">
    <testcase classname="blamelint" name="clean.md" file="clean.md"/>
    <testcase classname="blamelint" name="pm.md" file="pm.md">
      <failure type="ci-oopsie" message="3:7: &quot;oopsie&quot; &lt;belittles&gt; &amp; judges">pm.md:3:7: warning[ci-oopsie] "oopsie" &lt;belittles&gt; &amp; judges
Suggestion: Say what happened instead of 'oopsie'.</failure>
      <failure type="ci-ugh" message="5:3: &quot;Ugh&quot; is a sigh at a person">pm.md:5:3: info[ci-ugh] "Ugh" is a sigh at a person</failure>
      <failure type="ci-ugh" message="7:1: &quot;Ugh&quot; is a sigh at a person">pm.md:7:1: error[ci-ugh] "Ugh" is a sigh at a person</failure>
    </testcase>
    <testcase classname="blamelint" name="q&quot;&amp;&lt;x&gt;.md" file="q&quot;&amp;&lt;x&gt;.md">
      <failure type="ci-oopsie" message="1:1: &quot;Oopsie&quot; &lt;belittles&gt; &amp; judges">q"&amp;&lt;x&gt;.md:1:1: warning[ci-oopsie] "Oopsie" &lt;belittles&gt; &amp; judges
Suggestion: Say what happened instead of 'Oopsie'.</failure>
    </testcase>
  </testsuite>
</testsuites>
"#;
    assert_eq!(stdout(&o), expected);
    assert_well_formed_xml(expected);
}

#[test]
fn checkstyle_format() {
    let dir = format_fixture();
    let o = run_format(dir.path(), "checkstyle");
    let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<checkstyle version="4.3">
  <file name="clean.md"/>
  <file name="pm.md">
    <error line="3" column="7" severity="warning" message="&quot;oopsie&quot; &lt;belittles&gt; &amp; judges" source="blamelint.ci-oopsie"/>
    <error line="5" column="3" severity="info" message="&quot;Ugh&quot; is a sigh at a person" source="blamelint.ci-ugh"/>
    <error line="7" column="1" severity="error" message="&quot;Ugh&quot; is a sigh at a person" source="blamelint.ci-ugh"/>
  </file>
  <file name="q&quot;&amp;&lt;x&gt;.md">
    <error line="1" column="1" severity="warning" message="&quot;Oopsie&quot; &lt;belittles&gt; &amp; judges" source="blamelint.ci-oopsie"/>
  </file>
</checkstyle>
"#;
    assert_eq!(stdout(&o), expected);
    assert_well_formed_xml(expected);
}

// ------------------------------------------------------- JSON Schema checks

fn schemas() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/schemas")
}

/// A Python with the `jsonschema` package: `python3` if it has it, else a
/// venv under the target folder, made once and installed from PyPI.
fn schema_python() -> &'static Path {
    static PY: OnceLock<PathBuf> = OnceLock::new();
    PY.get_or_init(|| {
        let has = |py: &Path| {
            Command::new(py)
                .args(["-c", "import jsonschema"])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        let system = PathBuf::from("python3");
        if has(&system) {
            return system;
        }
        let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("schema-venv");
        let py = venv.join("bin/python");
        if !has(&py) {
            let ok = Command::new("python3")
                .args(["-m", "venv"])
                .arg(&venv)
                .status()
                .is_ok_and(|s| s.success())
                && Command::new(&py)
                    .args(["-m", "pip", "install", "-q", "jsonschema"])
                    .status()
                    .is_ok_and(|s| s.success());
            assert!(
                ok && has(&py),
                "could not install the Python package jsonschema"
            );
        }
        py
    })
}

/// Validation errors (empty when valid).
fn validate(schema: &str, instance: &[u8]) -> String {
    let mut child = Command::new(schema_python())
        .arg(schemas().join("validate.py"))
        .arg(schemas().join(schema))
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run validate.py");
    child.stdin.take().unwrap().write_all(instance).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "validate.py failed: {o:?}"
    );
    stdout(&o)
}

#[test]
fn sarif_and_rdjson_validate_against_their_schemas() {
    let dir = format_fixture();
    // The built-in rules too (rule metadata, fixes in SARIF).
    write(
        dir.path(),
        "more.md",
        "Amir simply forgot to flip the flag.\n\nBob should have checked.\n",
    );
    for (format, schema) in [("sarif", "sarif-2.1.0.json"), ("rdjson", "rdjson.json")] {
        let o = blamelint(
            dir.path(),
            &[
                "check", "--format", format, "clean.md", "pm.md", ODD_NAME, "more.md",
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        let n = if format == "sarif" {
            v["runs"][0]["results"].as_array().unwrap().len()
        } else {
            v["diagnostics"].as_array().unwrap().len()
        };
        assert!(n >= 6, "{format}: {n} findings");
        assert_eq!(
            validate(schema, &o.stdout),
            "",
            "{format} output is invalid"
        );
        // No findings is valid too.
        let o = blamelint(dir.path(), &["check", "--format", format, "clean.md"]);
        assert_eq!(validate(schema, &o.stdout), "", "{format}: empty output");
    }
    // The validator does catch mistakes.
    let bad = json!({"diagnostics": [{"message": "m", "location": {"path": "a", "range": {"start": {"line": 0}}}}]});
    assert_ne!(validate("rdjson.json", bad.to_string().as_bytes()), "");
    let bad = json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {}}]}]});
    assert_ne!(validate("sarif-2.1.0.json", bad.to_string().as_bytes()), "");
}
