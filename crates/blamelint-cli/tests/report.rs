//! `blamelint report`: formats, exit codes, --today, config, and an exact
//! Markdown snapshot of tests/fixtures/report (tests/fixtures/report.expected.md;
//! `UPDATE_SNAPSHOTS=1 cargo test -p blamelint-cli --test report` rewrites it).

mod common;
use common::*;

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn report_dir() -> PathBuf {
    fixtures().join("report")
}

fn report(args: &[&str]) -> Output {
    let mut all = vec!["report", "--no-config"];
    all.extend_from_slice(args);
    blamelint(&report_dir(), &all)
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn markdown_snapshot() {
    let o = report(&["--today", "2026-03-31"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let got = stdout(&o);
    let path = fixtures().join("report.expected.md");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        fs::write(&path, &got).unwrap();
    }
    let want = fs::read_to_string(&path).unwrap().replace("\r\n", "\n");
    if got != want {
        let diff = similar_lines(&want, &got);
        panic!("markdown report differs from {}:\n{diff}", path.display());
    }
}

/// A small line diff for the failure message.
fn similar_lines(want: &str, got: &str) -> String {
    let w: Vec<&str> = want.lines().collect();
    let g: Vec<&str> = got.lines().collect();
    let mut out = String::new();
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(i).copied(), g.get(i).copied());
        if a != b {
            out.push_str(&format!(
                "line {}:\n- {}\n+ {}\n",
                i + 1,
                a.unwrap_or("<none>"),
                b.unwrap_or("<none>")
            ));
        }
    }
    out
}

#[test]
fn json_is_deterministic_and_complete() {
    let a = report(&["--today", "2026-03-31", "--format", "json"]);
    let b = report(&["--format", "json", "--today", "2026-03-31", "."]);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout, "same input and --today, same bytes");
    let v = json(&a);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["today"], "2026-03-31");
    let s = &v["summary"];
    assert_eq!(s["postmortems"], 7);
    assert_eq!(s["complete_postmortems"], 4);
    assert_eq!(s["action_items"]["total"], 17);
    assert_eq!(s["action_items"]["overdue"], 6);
    assert_eq!(s["completion"]["rate"], 0.4615);
    assert_eq!(s["completion"]["eligible"], 13);
    assert_eq!(s["health"], "escalate");
    assert_eq!(s["days_to_close"]["average"], 17.2);
    assert_eq!(s["blame_findings"]["total"], 8);
    assert_eq!(v["quarters"].as_array().unwrap().len(), 4);
    assert_eq!(v["overdue"][0]["days_overdue"], 120);
    assert_eq!(v["overdue_by_owner"][0]["owner"], "@noor");
    assert_eq!(
        v["postmortems"][0]["path"],
        "postmortems/2025-08-14-queue-backlog.md"
    );
}

#[test]
fn today_changes_the_result() {
    let v = json(&report(&["--today", "2026-01-01", "--format", "json"]));
    assert_eq!(v["summary"]["action_items"]["overdue"], 1);
    assert_eq!(v["summary"]["completion"]["rate"], 0.75);
    assert_eq!(v["summary"]["health"], "below-target");
}

#[test]
fn default_today_is_a_date() {
    let o = report(&["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let today = json(&o)["today"].as_str().unwrap().to_string();
    assert_eq!(today.len(), 10);
    assert!(today.starts_with("20"), "{today}");
}

#[test]
fn fail_under_completion() {
    // 46.2% on 2026-03-31.
    let o = report(&["--today", "2026-03-31", "--fail-under-completion", "0.8"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("action-item completion 46.2% is below 80.0%"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("# Postmortem report"),
        "the report is still printed"
    );
    let o = report(&["--today", "2026-03-31", "--fail-under-completion", "0.46"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // 75% on 2026-01-01.
    let o = report(&["--today", "2026-01-01", "--fail-under-completion", "0.75"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = report(&["--today", "2026-01-01", "--fail-under-completion", "0.8"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn no_rate_does_not_fail() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("postmortems")).unwrap();
    fs::write(
        dir.path().join("postmortems/a.md"),
        "# Postmortem: a\n\n**Date:** 2026-01-10\n\n## Action Items\n\n| Action | Owner | Due | Status |\n|---|---|---|---|\n| Add alert | @a | 2026-05-01 | open |\n",
    )
    .unwrap();
    let o = blamelint(
        dir.path(),
        &[
            "report",
            "--today",
            "2026-02-01",
            "--fail-under-completion",
            "0.8",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("not applied"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["--today", "31/03/2026"],
        vec!["--today", "2026-02-30"],
        vec!["--fail-under-completion", "80"],
        vec!["--format", "pdf"],
    ] {
        let o = report(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    let o = report(&["--today", "2026-03-31", "no/such/folder"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such/folder"), "{}", stderr(&o));
}

#[test]
fn html_is_self_contained_with_charts() {
    let o = report(&["--today", "2026-03-31", "--format", "html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let h = stdout(&o);
    assert!(h.starts_with("<!DOCTYPE html>"));
    for id in ["chart-completion", "chart-overdue", "chart-blame"] {
        let at = h
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id}"));
        let fig = &h[at..at + h[at..].find("</figure>").unwrap()];
        assert!(fig.contains("<svg"), "{id}");
        assert!(fig.matches("<rect").count() >= 3, "{id}: {fig}");
    }
    assert!(!h.contains("<script"));
    assert!(!h.contains("http://") && !h.contains("https://"));
    assert!(h.contains("46.2%"));
    // Owners are escaped.
    assert!(h.contains("(unassigned)"));
}

#[test]
fn output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let o = report(&[
        "--today",
        "2026-03-31",
        "--format",
        "html",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert!(fs::read_to_string(&out).unwrap().contains("<svg"));
}

#[test]
fn a_saved_report_is_not_a_postmortem() {
    let dir = tempfile::tempdir().unwrap();
    let pm = dir.path().join("postmortems");
    fs::create_dir_all(&pm).unwrap();
    fs::copy(
        report_dir().join("postmortems/2026-02-11-login-errors.md"),
        pm.join("login.md"),
    )
    .unwrap();
    let o = blamelint(
        dir.path(),
        &[
            "report",
            "--today",
            "2026-03-31",
            "-o",
            "postmortems/REPORT.md",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = blamelint(
        dir.path(),
        &["report", "--today", "2026-03-31", "--format", "json"],
    );
    assert_eq!(json(&o)["summary"]["postmortems"], 1);
    let o = blamelint(
        dir.path(),
        &["check", "--format", "json", "postmortems/REPORT.md"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn inside_the_postmortems_folder() {
    // `.` under postmortems/: the relative paths do not say "postmortems",
    // the absolute ones do.
    let o = blamelint(
        &report_dir().join("postmortems"),
        &[
            "report",
            "--no-config",
            "--today",
            "2026-03-31",
            "--format",
            "json",
        ],
    );
    let v = json(&o);
    assert_eq!(v["summary"]["postmortems"], 7);
    assert_eq!(v["postmortems"][0]["path"], "2025-08-14-queue-backlog.md");
}

#[test]
fn config_report_table() {
    let dir = tempfile::tempdir().unwrap();
    let pm = dir.path().join("postmortems");
    fs::create_dir_all(&pm).unwrap();
    fs::copy(
        report_dir().join("postmortems/2026-01-20-cache-migration.md"),
        pm.join("cache.md"),
    )
    .unwrap();
    let run = |d: &Path| {
        json(&blamelint(
            d,
            &["report", "--today", "2026-03-31", "--format", "json"],
        ))
    };
    // Built in: "Waiting on vendor" is unknown, so open (and overdue).
    let v = run(dir.path());
    assert_eq!(v["summary"]["action_items"]["overdue"], 2);
    assert_eq!(v["unrecognised_statuses"][0]["status"], "Waiting on vendor");
    fs::write(
        dir.path().join("blamelint.toml"),
        "[report]\ncancelled = [\"waiting on vendor\"]\ntarget = 0.5\n",
    )
    .unwrap();
    let v = run(dir.path());
    assert_eq!(v["summary"]["action_items"]["overdue"], 1);
    assert_eq!(v["summary"]["action_items"]["cancelled"], 2);
    assert_eq!(v["summary"]["completion"]["rate"], 0.5);
    assert_eq!(v["summary"]["health"], "on-target");
    assert_eq!(v["unrecognised_statuses"], Value::Array(vec![]));
    // From another folder, the config is found from the PATH.
    let v = json(&blamelint(
        &std::env::temp_dir(),
        &[
            "report",
            "--today",
            "2026-03-31",
            "--format",
            "json",
            dir.path().to_str().unwrap(),
        ],
    ));
    assert_eq!(v["summary"]["action_items"]["cancelled"], 2);
    fs::write(
        dir.path().join("blamelint.toml"),
        "[report]\nfinished = [\"x\"]\n",
    )
    .unwrap();
    let o = blamelint(dir.path(), &["report"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown field `finished`"),
        "{}",
        stderr(&o)
    );
}
