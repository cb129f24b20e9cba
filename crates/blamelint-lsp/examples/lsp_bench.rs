//! Benchmark for the language server binary (not a test).
//!
//! ```sh
//! cargo build --release -p blamelint-lsp --example lsp_bench
//! target/release/examples/lsp_bench [--server PATH] [--edits 200] [--docs 1000] [FILE...]
//! ```
//!
//! Measures, over stdio against the real binary:
//! * latency from a one-character `didChange` to the `publishDiagnostics` for
//!   that version (median, p99, max over `--edits` sequential edits), per
//!   file, with the debounce off and at its default;
//! * peak RSS (`VmHWM`) with `--docs` documents of 300 lines open;
//! * as a baseline, the core's own `Linter::lint` time in this process, so
//!   the server's overhead (edit, conversion, JSON, pipes) is visible.
//!
//! Files default to /work/shared/bench/postmortem-300.md and big.md.

#[path = "../tests/common/client.rs"]
mod client;

use client::{capabilities, Client};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const DEFAULT_DEBOUNCE_MS: &str = "30";

struct Args {
    server: PathBuf,
    edits: usize,
    docs: usize,
    files: Vec<PathBuf>,
}

fn args() -> Args {
    let exe = std::env::current_exe().expect("current exe");
    // target/<profile>/examples/lsp_bench -> target/<profile>/blamelint-lsp
    let mut a = Args {
        server: exe
            .parent()
            .and_then(|p| p.parent())
            .map(|p| p.join("blamelint-lsp"))
            .unwrap_or_default(),
        edits: 200,
        docs: 1000,
        files: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--server" => a.server = it.next().expect("--server PATH").into(),
            "--edits" => a.edits = it.next().and_then(|v| v.parse().ok()).expect("--edits N"),
            "--docs" => a.docs = it.next().and_then(|v| v.parse().ok()).expect("--docs N"),
            f => a.files.push(f.into()),
        }
    }
    if a.files.is_empty() {
        a.files = vec![
            "/work/shared/bench/postmortem-300.md".into(),
            "/work/shared/bench/big.md".into(),
        ];
    }
    a
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn status_kb(pid: u32, key: &str) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find(|l| l.starts_with(key))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn start(server: &str, debounce: &str) -> (Client, Duration) {
    let t = Instant::now();
    let mut c = Client::spawn(server, &[("BLAMELINT_LSP_DEBOUNCE_MS", debounce)]);
    c.initialize(capabilities(&["utf-16"]), Value::Null);
    (c, t.elapsed())
}

/// One-character edits at the start of the middle line: insert "x", then
/// delete it, so the document (and its findings) stay the same.
fn latency(server: &str, file: &PathBuf, debounce: &str, edits: usize) {
    let text = std::fs::read_to_string(file).expect("read bench file");
    let uri = format!(
        "file:///bench/{}",
        file.file_name().unwrap().to_string_lossy()
    );
    let (mut c, startup) = start(server, debounce);
    let t = Instant::now();
    c.open(&uri, 1, &text);
    let first = c.diagnostics(&uri, Some(1));
    let open_time = t.elapsed();
    let line = text.lines().count() / 2;
    let mut times = Vec::with_capacity(edits);
    for i in 0..edits {
        let version = i as i64 + 2;
        let change = if i % 2 == 0 {
            json!([{ "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } }, "text": "x" }])
        } else {
            json!([{ "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 1 } }, "text": "" }])
        };
        let t = Instant::now();
        c.change(&uri, version, change);
        c.diagnostics(&uri, Some(version));
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "| {} | {} KB | {} | {} ms | {} | {} ms | {} ms | {} ms | {} ms |",
        file.file_name().unwrap().to_string_lossy(),
        text.len() / 1024,
        first.len(),
        debounce,
        edits,
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap()),
        ms(open_time),
    );
    eprintln!(
        "  (server startup to initialize response: {} ms)",
        ms(startup)
    );
    assert!(c.shutdown_and_exit().success());
}

fn memory(server: &str, docs: usize) {
    let text =
        std::fs::read_to_string("/work/shared/bench/postmortem-300.md").expect("postmortem-300.md");
    let (mut c, _) = start(server, DEFAULT_DEBOUNCE_MS);
    let pid = c.pid();
    let idle = status_kb(pid, "VmRSS:").unwrap_or(0);
    let t = Instant::now();
    let mut burst = Vec::new();
    for i in 0..docs {
        burst.extend(Client::frame(&json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": { "textDocument": { "uri": format!("file:///bench/many/doc{i}.md"), "languageId": "markdown", "version": 1, "text": text } } })));
    }
    c.send_raw(&burst);
    let mut seen = std::collections::HashSet::new();
    while seen.len() < docs {
        let p = c
            .wait_for(
                "textDocument/publishDiagnostics",
                Duration::from_secs(600),
                |_| true,
            )
            .expect("diagnostics for every document");
        seen.insert(p["uri"].as_str().unwrap_or_default().to_string());
    }
    let all = t.elapsed();
    let hwm = status_kb(pid, "VmHWM:").unwrap_or(0);
    let rss = status_kb(pid, "VmRSS:").unwrap_or(0);
    println!("\n{docs} open documents of {} lines: all linted and published in {} ms; RSS idle {} MB, after {} MB, peak (VmHWM) {} MB", text.lines().count(), ms(all), idle / 1024, rss / 1024, hwm / 1024);
    assert!(c.shutdown_and_exit().success());
}

/// Median time of the core linting `file` in-process (built-in rules,
/// default settings): what the server cannot go below.
fn core_baseline(file: &PathBuf, runs: usize) -> Duration {
    let text = std::fs::read_to_string(file).expect("read bench file");
    let linter = blamelint_core::Linter::builtin();
    let path = format!("/bench/{}", file.file_name().unwrap().to_string_lossy());
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(linter.lint(&path, &text));
            t.elapsed()
        })
        .collect();
    times.sort();
    percentile(&times, 0.5)
}

fn main() {
    let a = args();
    let server = a.server.to_string_lossy().to_string();
    assert!(
        a.server.is_file(),
        "server binary not found at {server}; build it or pass --server"
    );
    println!("server: {server}\n");
    println!("| file | size | findings | debounce | edits | median | p99 | max | didOpen->first publish |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for file in &a.files {
        for debounce in ["0", DEFAULT_DEBOUNCE_MS] {
            latency(&server, file, debounce, a.edits);
        }
    }
    println!();
    for file in &a.files {
        let runs = if std::fs::metadata(file).map_or(0, |m| m.len()) > 1 << 20 {
            5
        } else {
            50
        };
        println!(
            "core baseline, {}: Linter::lint median {} ms over {runs} runs",
            file.file_name().unwrap().to_string_lossy(),
            ms(core_baseline(file, runs))
        );
    }
    memory(&server, a.docs);
}
