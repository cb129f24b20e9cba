//! Lints one file in a loop, for a profiler (`perf record`): with the block
//! memo as the language server does after a one-character edit, or fresh.
//!
//! `cargo run --release -p blamelint-core --example profile_lint -- FILE [N] [--fresh]`

use blamelint_core::{BlockMemo, Linter};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .expect("usage: profile_lint FILE [N] [--fresh]");
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let fresh = args.iter().any(|a| a == "--fresh");
    let text = std::fs::read_to_string(path).expect("read FILE");
    let linter = Linter::builtin();
    let mut memo = BlockMemo::default();
    let mut times = Vec::with_capacity(n);
    let mid = text.len() / 2;
    let mid = (mid..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    for i in 0..n {
        // Alternate one inserted character in the middle, as typing does.
        let doc = if i % 2 == 0 {
            text.clone()
        } else {
            format!("{}x{}", &text[..mid], &text[mid..])
        };
        let t = Instant::now();
        let r = if fresh {
            linter.lint(path, &doc)
        } else {
            linter.lint_incremental(path, &doc, &mut memo)
        };
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(r);
    }
    times.sort_by(f64::total_cmp);
    let q = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    println!(
        "{n} runs: median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        q(0.5),
        q(0.99),
        q(1.0)
    );
}
