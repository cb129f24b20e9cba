//! Soak: the real server binary under 20,000 mixed requests and edits across
//! 200 documents from a seeded random client. Checks that every request is
//! answered, that the server's copy of each document matches the client's
//! after every round, that nothing panics, and that memory comes back: the
//! resident set (`VmRSS`) at the end is within 10% of what it was after the
//! first round (everything is open and warm by then).
//!
//! Takes minutes in a debug build on two cores, so it is ignored by default;
//! `scripts/test-all.sh` runs it explicitly:
//!
//! ```sh
//! cargo test -p blamelint-lsp --test soak -- --ignored --nocapture
//! ```
//! `SOAK_OPS` (default 20000) and `SOAK_SEED` change the run; `SOAK_SERVER`
//! runs another command as the server (a wrapper script that starts the
//! binary under a heap profiler).

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const DOCS: usize = 200;
const ROUNDS: usize = 10;
/// Requests sent before their responses are read.
const PIPELINE: usize = 32;

const LINES: &[&str] = &[
    "Bob should have checked the dashboard before the deploy.",
    "The intern forgot to renew the certificate.",
    "Root cause: human error.",
    "Amir simply forgot to flip the flag back. 🎉",
    "The cache node was restarted and traffic moved back.",
    "Why didn't you run the tests?",
    "| 14:02 | Kim restarted the wórker | ✅ |",
    "<!-- blamelint-disable-next-line hindsight -->",
    "`make test` should have caught it, e\u{301}.",
    "- [ ] Add an alert on replication lag (owner: @alice, P1)",
    "Jan had moeten kijken. 漢字",
    "",
];

fn vm_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

fn uri(i: usize) -> String {
    if i.is_multiple_of(4) {
        format!("file:///soak/postmortems/2024-01-{i:03}.md")
    } else {
        format!("file:///soak/notes/doc-{i:03}.md")
    }
}

fn document(rng: &mut Rng, i: usize) -> String {
    let nl = if i.is_multiple_of(7) { "\r\n" } else { "\n" };
    let mut s = format!("# Postmortem: incident {i}{nl}{nl}## Summary{nl}{nl}");
    for _ in 0..20 + rng.below(40) {
        s.push_str(LINES[rng.below(LINES.len())]);
        s.push_str(nl);
    }
    s
}

/// A char boundary in `text`, not between the two bytes of a CRLF.
fn boundary(text: &str, mut o: usize) -> usize {
    o = o.min(text.len());
    while !text.is_char_boundary(o)
        || (o > 0 && text[..o].ends_with('\r') && text[o..].starts_with('\n'))
    {
        o -= 1;
    }
    o
}

struct Soak {
    c: Client,
    enc: Enc,
    rng: Rng,
    texts: Vec<String>,
    versions: Vec<i64>,
    open: Vec<bool>,
    pending: Vec<(i64, &'static str)>,
    answered: usize,
    sent_requests: usize,
    edits: usize,
}

impl Soak {
    fn request(&mut self, method: &'static str, params: Value) {
        let id = self.c.send_request(method, params);
        self.pending.push((id, method));
        self.sent_requests += 1;
        if self.pending.len() >= PIPELINE {
            self.drain();
        }
    }

    /// Reads every outstanding response and drops the notifications read
    /// on the way, so the client's backlog does not grow.
    fn drain(&mut self) {
        for (id, method) in std::mem::take(&mut self.pending) {
            let r = self.c.response(id);
            assert_eq!(r["id"], json!(id));
            if let Some(e) = r.get("error") {
                // Only a request on a document closed in the meantime may fail.
                assert!(
                    e["code"] == json!(-32602) || e["code"] == json!(-32803),
                    "{method}: {r}"
                );
            }
            self.answered += 1;
        }
        self.c
            .collect("textDocument/publishDiagnostics", Duration::ZERO);
    }

    fn position(&mut self, i: usize) -> Value {
        let t = &self.texts[i];
        let o = boundary(t, self.rng.below(t.len() + 1));
        lsp_position(t, o, self.enc)
    }

    fn op(&mut self) {
        let i = self.rng.below(DOCS);
        let u = uri(i);
        if !self.open[i] {
            self.versions[i] += 1;
            self.c.open(&u, self.versions[i], &self.texts[i]);
            self.open[i] = true;
            self.edits += 1;
            return;
        }
        match self.rng.below(100) {
            0..=44 => {
                // One to three incremental changes, applied in order.
                let mut changes = Vec::new();
                for _ in 0..1 + self.rng.below(3) {
                    let t = &self.texts[i];
                    let a = boundary(t, self.rng.below(t.len() + 1));
                    let b = boundary(t, (a + self.rng.below(12)).min(t.len()));
                    let insert = match self.rng.below(6) {
                        0 => String::new(),
                        1 => "\n".to_string(),
                        2 => LINES[self.rng.below(LINES.len())].to_string() + "\n",
                        3 => "🎉".to_string(),
                        4 => " should have ".to_string(),
                        _ => "x".to_string(),
                    };
                    changes.push(json!({ "range": lsp_range(t, a, b, self.enc), "text": insert }));
                    self.texts[i].replace_range(a..b, &insert);
                }
                self.versions[i] += 1;
                self.c.change(&u, self.versions[i], Value::Array(changes));
                self.edits += 1;
            }
            45..=49 => {
                // Full text: also keeps the documents from growing without bound.
                self.texts[i] = document(&mut self.rng, i);
                self.versions[i] += 1;
                let text = self.texts[i].clone();
                self.c
                    .change(&u, self.versions[i], json!([{ "text": text }]));
                self.edits += 1;
            }
            50..=64 => {
                let p = self.position(i);
                self.request(
                    "textDocument/hover",
                    json!({ "textDocument": { "uri": u }, "position": p }),
                );
            }
            65..=74 => {
                let (a, b) = (self.position(i), self.position(i));
                let (a, b) = if (a["line"].as_u64(), a["character"].as_u64())
                    <= (b["line"].as_u64(), b["character"].as_u64())
                {
                    (a, b)
                } else {
                    (b, a)
                };
                self.request(
                    "textDocument/codeAction",
                    json!({ "textDocument": { "uri": u }, "range": { "start": a, "end": b }, "context": { "diagnostics": [] } }),
                );
            }
            75..=84 => self.request(
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": u } }),
            ),
            85..=94 => {
                // The server's copy must be the client's.
                self.drain();
                let got = self.c.document_text(&u);
                self.sent_requests += 1;
                self.answered += 1;
                assert_eq!(got["text"].as_str(), Some(self.texts[i].as_str()), "{u}");
                assert_eq!(got["version"], json!(self.versions[i]), "{u}");
            }
            _ => {
                self.c.notify(
                    "textDocument/didClose",
                    json!({ "textDocument": { "uri": u } }),
                );
                self.open[i] = false;
                self.edits += 1;
            }
        }
    }

    fn check_all_documents(&mut self) {
        self.drain();
        for i in 0..DOCS {
            if self.open[i] {
                let got = self.c.document_text(&uri(i));
                assert_eq!(
                    got["text"].as_str(),
                    Some(self.texts[i].as_str()),
                    "{}",
                    uri(i)
                );
            }
        }
    }
}

#[test]
#[ignore = "minutes in a debug build; scripts/test-all.sh runs it"]
fn twenty_thousand_mixed_requests_and_edits_keep_memory_flat() {
    let ops: usize = std::env::var("SOAK_OPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let seed: u64 = std::env::var("SOAK_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_50A6);
    // SOAK_SERVER: another command to run (a wrapper under a heap profiler).
    let server = std::env::var("SOAK_SERVER").unwrap_or_else(|_| server_binary().to_string());
    let mut c = Client::spawn(&server, &[("BLAMELINT_LSP_DEBOUNCE_MS", "5")]);
    let init = c.initialize(capabilities(&["utf-8", "utf-16"]), Value::Null);
    let enc = match init["capabilities"]["positionEncoding"].as_str() {
        Some("utf-8") => Enc::Utf8,
        _ => Enc::Utf16,
    };
    let pid = c.pid();
    let mut rng = Rng(seed);
    let texts: Vec<String> = (0..DOCS).map(|i| document(&mut rng, i)).collect();
    let mut s = Soak {
        c,
        enc,
        rng,
        texts,
        versions: vec![0; DOCS],
        open: vec![false; DOCS],
        pending: Vec::new(),
        answered: 0,
        sent_requests: 0,
        edits: 0,
    };
    for i in 0..DOCS {
        s.versions[i] = 1;
        let t = s.texts[i].clone();
        s.c.open(&uri(i), 1, &t);
        s.open[i] = true;
    }
    let start = Instant::now();
    let per_round = ops / ROUNDS;
    let mut after_first = 0;
    let mut samples = Vec::new();
    for round in 0..ROUNDS {
        for _ in 0..per_round {
            s.op();
        }
        s.check_all_documents();
        // Let the last lints of the round finish before sampling.
        std::thread::sleep(Duration::from_millis(300));
        s.c.collect(
            "textDocument/publishDiagnostics",
            Duration::from_millis(200),
        );
        let rss = vm_rss_kib(pid);
        samples.push(rss);
        if round == 0 {
            after_first = rss;
        }
        let open_bytes: usize = (0..DOCS)
            .filter(|&i| s.open[i])
            .map(|i| s.texts[i].len())
            .sum();
        eprintln!(
            "round {round}: {} requests answered, {} edits/opens/closes, {open_bytes} bytes open, VmRSS {rss} KiB, {:.1?}",
            s.answered,
            s.edits,
            start.elapsed()
        );
    }
    assert_eq!(s.answered, s.sent_requests, "every request answered");
    assert!(
        s.sent_requests + s.edits >= ops,
        "{} + {}",
        s.sent_requests,
        s.edits
    );
    let last = *samples.last().unwrap();
    eprintln!(
        "soak: {} requests + {} edits in {:.1?}; VmRSS after round 1 {after_first} KiB, at the end {last} KiB ({:+.1}%)",
        s.sent_requests,
        s.edits,
        start.elapsed(),
        (last as f64 / after_first as f64 - 1.0) * 100.0
    );
    assert!(
        last as f64 <= after_first as f64 * 1.10,
        "VmRSS grew from {after_first} KiB to {last} KiB: {samples:?}"
    );
    {
        let log = s.c.stderr.lock().unwrap();
        assert!(!log.contains("panicked"), "server stderr:\n{log}");
    }
    let status = s.c.shutdown_and_exit();
    assert_eq!(status.code(), Some(0));
}
