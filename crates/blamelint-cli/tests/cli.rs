//! CLI fixture cases: exact output, exit codes, file contents.

mod common;
use common::*;

use serde_json::Value;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/cli")
}

fn json(o: &Output) -> Vec<Value> {
    serde_json::from_slice::<Vec<Value>>(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

const TEAM_CONFIG: &str = "rule-paths = [\"pack\"]\n";

fn with_team_pack(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = temp_with(files);
    fs::create_dir_all(dir.path().join("pack")).unwrap();
    fs::copy(
        fixtures().join("pack/team-minimizer.toml"),
        dir.path().join("pack/team-minimizer.toml"),
    )
    .unwrap();
    fs::write(dir.path().join("blamelint.toml"), TEAM_CONFIG).unwrap();
    dir
}

#[test]
fn json_contract_with_emoji_and_code() {
    let o = blamelint(
        &fixtures(),
        &["check", "--no-config", "--format", "json", "emoji.md"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(
        v.len(),
        1,
        "code blocks and inline code are not linted: {v:?}"
    );
    let d = &v[0];
    assert_eq!(d["path"], "emoji.md");
    assert_eq!(d["rule"], "hindsight-should-have");
    assert_eq!(d["category"], "hindsight");
    assert_eq!(d["severity"], "warning");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(24))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(4), Some(35))
    );
    let text = fs::read_to_string(fixtures().join("emoji.md")).unwrap();
    let (s, e) = (
        d["byte_start"].as_u64().unwrap() as usize,
        d["byte_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "should have");
    assert!(d["suggestions"].as_array().is_some_and(|a| !a.is_empty()));
    assert!(d["fix"].is_null());
}

#[test]
fn concise_and_github_formats() {
    let o = blamelint(
        &fixtures(),
        &["check", "--no-config", "--format", "concise", "emoji.md"],
    );
    assert_eq!(stdout(&o), "emoji.md:4:24: warning[hindsight-should-have] Hindsight: \"should have\" judges what a person should have done\n");
    let o = blamelint(
        &fixtures(),
        &["check", "--no-config", "--format", "github", "emoji.md"],
    );
    let out = stdout(&o);
    assert!(out.starts_with("::warning file=emoji.md,line=4,col=24,endLine=4,endColumn=35,title=blamelint hindsight-should-have::Hindsight: \"should have\" judges what a person should have done%0ASuggestion: "), "{out}");
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn full_format_shows_line_and_caret() {
    let o = blamelint(&fixtures(), &["check", "--no-config", "emoji.md"]);
    let out = stdout(&o);
    assert!(
        out.contains("warning[hindsight-should-have]: Hindsight"),
        "{out}"
    );
    assert!(out.contains("emoji.md:4:24"), "{out}");
    assert!(
        out.contains("4 | 🎉 Launch day: the team should have tested it."),
        "{out}"
    );
    assert!(out.contains("^^^^^^^^^^^"), "{out}");
    assert!(out.contains("help: suggestion:"), "{out}");
    assert!(
        out.trim_end().ends_with("Found 1 problem in 1 file."),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "NO_COLOR: no escape codes");
}

#[test]
fn sarif_is_2_1_0_with_rule_metadata() {
    let o = blamelint(
        &fixtures(),
        &["check", "--no-config", "--format", "sarif", "emoji.md"],
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "blamelint");
    let rule = &run["tool"]["driver"]["rules"][0];
    assert_eq!(rule["id"], "hindsight-should-have");
    assert!(rule["helpUri"]
        .as_str()
        .unwrap()
        .ends_with("/hindsight-should-have"));
    assert!(rule["help"]["text"]
        .as_str()
        .unwrap()
        .contains("What it catches"));
    let r = &run["results"][0];
    assert_eq!(r["ruleIndex"], 0);
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        24
    );
}

#[test]
fn exit_codes_and_fail_on() {
    let o = blamelint(&fixtures(), &["check", "--no-config", "clean.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "No problems found in 1 file.\n");
    let o = blamelint(
        &fixtures(),
        &["check", "--no-config", "--fail-on", "error", "emoji.md"],
    );
    assert_eq!(o.status.code(), Some(0));
    let o = blamelint(
        &fixtures(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "no-such-file.md",
            "emoji.md",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("error: no-such-file.md: "),
        "{}",
        stderr(&o)
    );
    assert_eq!(json(&o).len(), 1, "the other file is still linted");
    let o = blamelint(&fixtures(), &["check", "--format", "yaml"]);
    assert_eq!(o.status.code(), Some(2), "usage error");
}

#[test]
fn suppression_comments() {
    let o = blamelint(
        &fixtures(),
        &["check", "--no-config", "--format", "json", "suppressed.md"],
    );
    let lines: Vec<u64> = json(&o)
        .iter()
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, vec![3, 8]);
}

#[test]
fn stdin_with_filename() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_blamelint"))
        .args([
            "check",
            "--no-config",
            "--format",
            "concise",
            "--stdin-filename",
            "docs/pm.md",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("x\nShe should've paged.\n".as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).starts_with("docs/pm.md:2:5: warning[hindsight-should-have]"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn config_select_ignore_severity_and_errors() {
    let dir = temp_with(&[
        ("a.md", b"Bob should have checked.\n"),
        ("blamelint.toml", b"[severity]\nhindsight = \"error\"\n"),
    ]);
    let o = blamelint(dir.path(), &["check", "--format", "json", "a.md"]);
    assert_eq!(json(&o)[0]["severity"], "error");
    let o = blamelint(
        dir.path(),
        &["check", "--format", "json", "--ignore", "hindsight", "a.md"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(json(&o).is_empty());

    fs::write(
        dir.path().join("blamelint.toml"),
        "ignore = [\"hindsight\"]\n[terms]\npersonz = [\"x\"]\n",
    )
    .unwrap();
    let o = blamelint(dir.path(), &["check", "a.md"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("blamelint.toml:3:1: unknown field `personz`"),
        "{err}"
    );
}

#[test]
fn extra_terms_make_a_system_word() {
    let dir = temp_with(&[("a.md", b"Hermes should have retried the upload.\n")]);
    let o = blamelint(dir.path(), &["check", "--format", "json", "a.md"]);
    assert_eq!(
        json(&o).len(),
        1,
        "an unknown capitalized word is probably a name"
    );
    fs::write(
        dir.path().join(".blamelint.toml"),
        "[terms]\nsystems = [\"Hermes\"]\n",
    )
    .unwrap();
    let o = blamelint(dir.path(), &["check", "--format", "json", "a.md"]);
    assert!(json(&o).is_empty(), "{}", stdout(&o));
}

#[test]
fn broken_rule_pack_names_file_rule_and_reason() {
    let dir = temp_with(&[("a.md", b"text\n"), ("blamelint.toml", b"rule-paths = [\"bad.toml\"]\n"), ("bad.toml", b"id = \"bad-rule\"\ncategory = \"x\"\nseverity = \"warning\"\nmessage = \"m\"\nexplanation = \"e\"\n[[match]]\nregex = \"(unclosed\"\ntriggers = [\"unclosed\"]\n")]);
    let o = blamelint(dir.path(), &["check", "a.md"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("bad.toml: rule `bad-rule`: invalid regex `(unclosed`"),
        "{err}"
    );
}

#[test]
fn fix_keeps_crlf_and_bom_and_is_idempotent() {
    let original = "\u{feff}# Notes\r\nZed basically forgot the flag.\r\nThe cache basically forgot the key.\r\n";
    let dir = with_team_pack(&[("notes.md", original.as_bytes())]);
    let o = blamelint(
        dir.path(),
        &[
            "check",
            "--select",
            "team-basically",
            "--format",
            "json",
            "notes.md",
        ],
    );
    let v = json(&o);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["fix"]["applicability"], "safe");
    // byte offsets count the BOM
    assert_eq!(
        &original.as_bytes()[v[0]["byte_start"].as_u64().unwrap() as usize
            ..v[0]["byte_end"].as_u64().unwrap() as usize],
        b"basically"
    );

    let o = blamelint(
        dir.path(),
        &["check", "--select", "team-basically", "--diff", "notes.md"],
    );
    assert!(
        stdout(&o).contains("-Zed basically forgot the flag.\r\n+Zed forgot the flag.\r\n"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.md")).unwrap(),
        original,
        "--diff does not write"
    );

    let o = blamelint(
        dir.path(),
        &["check", "--select", "team-basically", "--fix", "notes.md"],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let fixed = fs::read(dir.path().join("notes.md")).unwrap();
    assert_eq!(
        fixed,
        "\u{feff}# Notes\r\nZed forgot the flag.\r\nThe cache basically forgot the key.\r\n"
            .as_bytes()
    );
    let o = blamelint(
        dir.path(),
        &["check", "--select", "team-basically", "--fix", "notes.md"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        fs::read(dir.path().join("notes.md")).unwrap(),
        fixed,
        "second --fix changes nothing"
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn fix_on_read_only_file_is_an_error_and_keeps_the_file() {
    let dir = with_team_pack(&[("ro.md", b"Zed basically forgot the flag.\n")]);
    let p = dir.path().join("ro.md");
    let mut perm = fs::metadata(&p).unwrap().permissions();
    perm.set_readonly(true);
    fs::set_permissions(&p, perm).unwrap();
    let o = blamelint(
        dir.path(),
        &["check", "--select", "team-basically", "--fix", "ro.md"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("error: ro.md: file is read-only"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        "Zed basically forgot the flag.\n"
    );
}

#[test]
fn bad_inputs_are_reported_and_others_still_linted() {
    let dir = temp_with(&[
        ("a-bad.md", b"ok text\n\xff\xfe broken\n"),
        ("b-binary.md", b"\x00\x01\x02 binary"),
        ("c-good.md", b"Bob should have checked.\n"),
        ("d-empty.md", b""),
        ("e-bom-only.md", b"\xEF\xBB\xBF"),
    ]);
    let o = blamelint(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("error: a-bad.md: invalid UTF-8 at byte 8 (line 2)"),
        "{err}"
    );
    assert!(
        err.contains("note: b-binary.md: skipped: binary file"),
        "{err}"
    );
    let v = json(&o);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["path"], "c-good.md");
}

#[test]
fn too_large_file_is_refused_with_reason() {
    let dir = temp_with(&[("big.md", &[b'a'; 2048])]);
    let o = blamelint(dir.path(), &["check", "--max-file-size", "1024", "big.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("error: big.md: file is 2048 bytes, over the 1024-byte limit"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn walks_directories_respecting_gitignore() {
    let dir = temp_with(&[
        (".gitignore", b"ignored/\n"),
        ("docs/a.md", b"Bob should have checked.\n"),
        ("docs/b.txt", b"Kim should have checked.\n"),
        ("docs/c.rs", b"// Bob should have checked.\n"),
        ("ignored/d.md", b"Bob should have checked.\n"),
    ]);
    let o = blamelint(dir.path(), &["check", "--format", "concise"]);
    let out = stdout(&o);
    let files: Vec<&str> = out.lines().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(files, vec!["docs/a.md", "docs/b.txt"], "{out}");
}

#[test]
fn rules_and_explain() {
    let o = blamelint(&fixtures(), &["rules"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o)
        .lines()
        .any(|l| l.starts_with("hindsight-should-have ")));
    let o = blamelint(&fixtures(), &["explain", "hindsight-should-have"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.starts_with("# hindsight-should-have (hindsight, en, default severity warning)"),
        "{out}"
    );
    assert!(out.contains("## Why it harms learning"));
    let o = blamelint(&fixtures(), &["explain", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: unknown rule `nope`; `blamelint rules` lists them\n"
    );
}

#[test]
fn new_writes_a_skeleton_that_passes_structure_checks_but_placeholders() {
    let dir = temp_with(&[]);
    let o = blamelint(
        dir.path(),
        &[
            "new",
            "postmortems/inc-42.md",
            "--date",
            "2026-05-04",
            "--title",
            "INC-42 - Queue stall",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = fs::read_to_string(dir.path().join("postmortems/inc-42.md")).unwrap();
    assert!(text.contains("2026-05-04"), "{text}");
    assert!(text.contains("INC-42 - Queue stall"), "{text}");
    let o = blamelint(
        dir.path(),
        &["check", "--format", "json", "postmortems/inc-42.md"],
    );
    for d in json(&o) {
        assert!(d["rule"] != "missing-section", "{d}");
    }
    let o = blamelint(dir.path(), &["new", "postmortems/inc-42.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists (use --force to overwrite)"));
}
