//! The bad-input matrix (docs/reliability.md): for each input, what the
//! command does and its exit code. Every case runs the real binary with a
//! time limit, in a temp dir, and checks: a clear message naming the file,
//! no panic, no partial write, the documented exit code (0 clean, 1
//! findings, 2 an input that could not be read or written).
//!
//! The read-only file under `--fix` is `tests/cli.rs`
//! (`fix_on_read_only_file_is_an_error_and_keeps_the_file`).

mod common;
use common::*;

use blamelint_cli::writeback::{write_atomic, write_atomic_with};
use blamelint_core::Linter;
use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs blamelint in `dir`; a run past `limit` is killed and fails the test
/// (a hang is a bug too).
fn blamelint(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_blamelint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run blamelint");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("blamelint {args:?} did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("internal error"),
        "{}",
        run.stderr
    );
    run
}

const QUICK: Duration = Duration::from_secs(60);
/// Debug builds of the big cases; release builds take a fraction of this.
const SLOW: Duration = Duration::from_secs(300);

fn concise_lines(run: &Run) -> Vec<&str> {
    run.stdout
        .lines()
        .filter(|l| l.contains(": warning[") || l.contains(": info["))
        .collect()
}

#[test]
fn empty_file_is_clean() {
    let dir = temp_with(&[("empty.md", b"")]);
    let r = blamelint(
        dir.path(),
        &["check", "--format", "json", "empty.md"],
        QUICK,
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout.trim(), "[]");
    assert_eq!(r.stderr, "");
}

#[test]
fn only_a_bom_is_clean_and_fix_keeps_it() {
    let dir = temp_with(&[("bom.md", b"\xEF\xBB\xBF")]);
    let r = blamelint(dir.path(), &["check", "--format", "json", "bom.md"], QUICK);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout.trim(), "[]");
    let r = blamelint(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "bom.md"],
        QUICK,
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        fs::read(dir.path().join("bom.md")).unwrap(),
        b"\xEF\xBB\xBF"
    );
}

#[test]
fn crlf_and_lone_cr_line_endings_count_lines() {
    let dir = temp_with(&[(
        "endings.md",
        b"Bob should have checked.\r\nOK\r\nKim should have checked.\rx\rSam should have known.\n",
    )]);
    let r = blamelint(
        dir.path(),
        &["check", "--format", "concise", "endings.md"],
        QUICK,
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let lines = concise_lines(&r);
    let at: Vec<&str> = lines.iter().map(|l| &l[..l.find(": ").unwrap()]).collect();
    assert_eq!(
        at,
        ["endings.md:1:5", "endings.md:3:5", "endings.md:5:5"],
        "{}",
        r.stdout
    );
}

#[test]
fn invalid_utf8_in_the_middle_names_file_byte_and_line() {
    let mut body = b"Bob should have checked.\n".repeat(999);
    let at = body.len();
    // A three-byte sequence cut short, then valid text again.
    body.extend_from_slice(b"ok \xE2\x82 broken\nmore text\n");
    let dir = temp_with(&[
        ("mid.md", &body),
        ("good.md", b"Kim should have checked.\n"),
    ]);
    let r = blamelint(dir.path(), &["check", "--format", "concise", "."], QUICK);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.contains(&format!(
            "error: mid.md: invalid UTF-8 at byte {} (line 1000)",
            at + 3
        )),
        "{}",
        r.stderr
    );
    // The other file is still linted and reported.
    assert_eq!(concise_lines(&r).len(), 1, "{}", r.stdout);
    assert!(r.stdout.starts_with("good.md:1:5:"), "{}", r.stdout);
}

#[test]
fn nul_bytes_early_mean_binary_and_late_are_text() {
    let mut late = b"The cache was cold.\n\n".repeat(500);
    assert!(late.len() > 8192);
    late.extend_from_slice(b"a\x00b\n\nBob should have checked.\n");
    let dir = temp_with(&[
        ("early.md", b"Bob\x00 should have checked.\n"),
        ("late.md", &late),
    ]);
    let r = blamelint(dir.path(), &["check", "--format", "concise", "."], QUICK);
    assert!(
        r.stderr.contains("note: early.md: skipped: binary file"),
        "{}",
        r.stderr
    );
    // Past the 8 KiB probe a NUL is just a character: linted, no panic.
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stdout.starts_with("late.md:1003:5:"), "{}", r.stdout);
}

/// 100 MB of prose with one finding at the very end: (size, its line). The
/// filler has no rule literal, so only the prefilter, block splitting and
/// the last paragraph run: this is about completing, not throughput (see
/// bench/), and keeps the debug build's test under a minute.
fn hundred_megabytes(dir: &Path) -> (u64, usize) {
    let para =
        b"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n\n";
    let n = 100 * 1024 * 1024 / para.len();
    let mut f = io::BufWriter::new(fs::File::create(dir.join("huge.md")).unwrap());
    for _ in 0..n {
        f.write_all(para).unwrap();
    }
    f.write_all(b"Bob should have checked.\n").unwrap();
    f.flush().unwrap();
    (fs::metadata(dir.join("huge.md")).unwrap().len(), 2 * n + 1)
}

#[test]
fn a_100_mb_file_is_refused_by_default_and_linted_when_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let (size, last_line) = hundred_megabytes(dir.path());
    let start = Instant::now();
    let r = blamelint(dir.path(), &["check", "huge.md"], QUICK);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.contains(&format!(
            "error: huge.md: file is {size} bytes, over the 52428800-byte limit (--max-file-size)"
        )),
        "{}",
        r.stderr
    );
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "refusing must not read the file"
    );
    let r = blamelint(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--max-file-size",
            "200000000",
            "huge.md",
        ],
        SLOW,
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let lines = concise_lines(&r);
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    assert!(
        lines[0].starts_with(&format!("huge.md:{last_line}:5:")),
        "{}",
        r.stdout
    );
}

#[test]
fn a_100000_line_table_is_linted() {
    let mut body = String::from("| when | what | status |\n|---|---|---|\n");
    for i in 0..100_000 {
        body.push_str(&format!(
            "| 10:{:02} | the cache node was restarted | ok |\n",
            i % 60
        ));
    }
    body.push_str("| 10:00 | Bob should have checked | ok |\n");
    let dir = temp_with(&[("table.md", body.as_bytes())]);
    let r = blamelint(
        dir.path(),
        &["check", "--format", "concise", "table.md"],
        SLOW,
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stdout.starts_with("table.md:100003:15:"), "{}", r.stdout);
}

fn deep_documents() -> Vec<(&'static str, String)> {
    vec![
        (
            "list.md",
            "- ".repeat(10_000) + "Bob should have checked.\n",
        ),
        (
            "ordered.md",
            "1. ".repeat(10_000) + "Bob should have checked.\n",
        ),
        (
            "quote.md",
            "> ".repeat(10_000) + "Bob should have checked.\n",
        ),
        (
            "mixed.md",
            "> - ".repeat(5_000) + "Bob should have checked.\n",
        ),
        (
            "indented.md",
            (0..10_000)
                .map(|i| format!("{}- item\n", " ".repeat(i % 64)))
                .collect::<String>()
                + "Bob should have checked.\n",
        ),
        (
            "brackets.md",
            "[".repeat(10_000) + "Bob should have checked." + &"]".repeat(10_000),
        ),
        (
            "emphasis.md",
            // (A space: "_Bob" is not read as a name.)
            "*_".repeat(10_000) + " Bob should have checked.",
        ),
    ]
}

#[test]
fn ten_thousand_nesting_levels_do_not_overflow_the_stack() {
    // The command lints on rayon's threads (2 MiB stacks by default).
    let docs = deep_documents();
    let files: Vec<(&str, &[u8])> = docs.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let dir = temp_with(&files);
    let r = blamelint(dir.path(), &["check", "--format", "concise", "."], SLOW);
    assert!(matches!(r.code, Some(0 | 1)), "{}", r.stderr);
    for (name, _) in &docs {
        assert!(
            r.stdout.contains(&format!("{name}:")),
            "{name} not reported:\n{}",
            r.stdout
        );
    }
}

#[test]
fn ten_thousand_nesting_levels_in_the_core_on_a_default_thread() {
    // std's default stack for a spawned thread (2 MiB), as in an editor's
    // language server worker.
    let handle = std::thread::spawn(|| {
        let linter = Linter::builtin();
        for (name, text) in deep_documents() {
            let result = linter.lint(name, &text);
            assert!(!result.diagnostics.is_empty(), "{name}");
        }
    });
    handle.join().expect("no stack overflow, no panic");
}

#[test]
fn an_unterminated_fence_hides_the_rest_of_the_file() {
    let dir = temp_with(&[(
        "fence.md",
        b"Bob should have checked.\n\n```sh\nKim should have checked.\n\nLee should have known.\n",
    )]);
    let r = blamelint(
        dir.path(),
        &["check", "--format", "concise", "fence.md"],
        QUICK,
    );
    // CommonMark: an unclosed fence runs to the end of the document.
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert_eq!(concise_lines(&r).len(), 1, "{}", r.stdout);
    assert!(r.stdout.starts_with("fence.md:1:5:"), "{}", r.stdout);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_and_the_rest_linted() {
    use std::os::unix::fs::symlink;
    let dir = temp_with(&[("docs/a.md", b"Bob should have checked.\n")]);
    symlink("..", dir.path().join("docs/up")).unwrap();
    symlink("self.md", dir.path().join("self.md")).unwrap();
    let r = blamelint(dir.path(), &["check", "--format", "concise", "docs"], QUICK);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.contains("symbolic link loop back to"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("docs/a.md:1:5:"), "{}", r.stdout);
    let r = blamelint(dir.path(), &["check", "self.md"], QUICK);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr
            .contains("error: self.md: Too many levels of symbolic links"),
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_file_gone_before_it_is_read_is_an_error_naming_it() {
    use std::os::unix::fs::symlink;
    // The walk lists `gone.md`, reading it finds nothing: what a file deleted
    // between the directory listing and the read looks like.
    let dir = temp_with(&[("docs/a.md", b"Bob should have checked.\n")]);
    symlink("../deleted.md", dir.path().join("docs/gone.md")).unwrap();
    let r = blamelint(dir.path(), &["check", "--format", "concise", "docs"], QUICK);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr
            .contains("error: docs/gone.md: No such file or directory (os error 2)"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("docs/a.md:1:5:"), "{}", r.stdout);
    // Named on the command line.
    let r = blamelint(dir.path(), &["check", "missing.md", "docs/a.md"], QUICK);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr
            .contains("error: missing.md: No such file or directory (os error 2)"),
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_fifo_is_read_when_named_and_skipped_in_a_walk() {
    let dir = temp_with(&[("docs/a.md", b"Bob should have checked.\n")]);
    // In a directory walk: skipped, never opened (opening would block).
    mkfifo(&dir.path().join("docs/pipe.md"));
    let r = blamelint(dir.path(), &["check", "--format", "concise", "docs"], QUICK);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert_eq!(concise_lines(&r).len(), 1, "{}", r.stdout);
    // Named on the command line (`blamelint check <(git show HEAD:x.md)`):
    // read like a file, and held to --max-file-size.
    let fifo = dir.path().join("named.md");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut f = fs::OpenOptions::new().write(true).open(fifo).unwrap();
            f.write_all(b"# Notes\n\nKim should have checked.\n")
                .unwrap();
        })
    };
    let r = blamelint(
        dir.path(),
        &["check", "--format", "concise", "named.md"],
        QUICK,
    );
    writer.join().unwrap();
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stdout.starts_with("named.md:3:5:"), "{}", r.stdout);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut f = fs::OpenOptions::new().write(true).open(fifo).unwrap();
            // The reader stops at the limit and closes: a broken pipe here.
            let _ = f.write_all(&[b'a'; 4096]);
        })
    };
    let r = blamelint(
        dir.path(),
        &["check", "--max-file-size", "1000", "named.md"],
        QUICK,
    );
    writer.join().unwrap();
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr
            .contains("error: named.md: input is over the 1000-byte limit (--max-file-size)"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_full_disk_leaves_the_file_untouched_and_no_temp_file() {
    let dir = temp_with(&[("notes.md", b"original text\n")]);
    let path = dir.path().join("notes.md");
    let new = b"fixed text that will not fit\n".repeat(100);
    let err = write_atomic_with(&path, &new, |file, bytes| {
        // Half of it reaches the disk, then the disk is full.
        file.write_all(&bytes[..bytes.len() / 2])?;
        Err(io::Error::from_raw_os_error(28))
    })
    .unwrap_err();
    assert!(
        err.contains("cannot write fixes (the file is unchanged)"),
        "{err}"
    );
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"original text\n");
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["notes.md"], "no temp file left behind");
    // A writer that panics half-way: same guarantee.
    let panicked = std::panic::catch_unwind(|| {
        let _ = write_atomic_with(&path, &new, |file, bytes| {
            file.write_all(&bytes[..10]).unwrap();
            panic!("writer died");
        });
    });
    assert!(panicked.is_err());
    assert_eq!(fs::read(&path).unwrap(), b"original text\n");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    // And the real writer replaces the whole file.
    write_atomic(&path, &new).unwrap();
    assert_eq!(fs::read(&path).unwrap(), new);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}
