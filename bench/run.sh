#!/usr/bin/env bash
# Benchmarks: throughput against ripgrep on the shared Markdown corpus, the
# 5 MB file and a typical postmortem; peak memory; single-file latency; the
# language server's edit latency and memory (crates/blamelint-lsp/examples/lsp_bench.rs).
# Writes bench/results.md and splices it into the README's Performance section,
# so this one command regenerates it. Figures, not assertions.
#
# RUNS (throughput runs, 5), LATENCY_RUNS (20), LSP_EDITS (200), LSP_DOCS (1000).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared/bench}
command -v hyperfine >/dev/null && command -v rg >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine ripgrep >/dev/null; }
cargo build --release -p blamelint-cli --quiet
cargo build --release -p blamelint-lsp --bins --examples --quiet
BIN=target/release/blamelint
PHRASES=$(mktemp)
TRIGGERS=$(mktemp)
# The very literals blamelint's prefilters search for: every literal (with
# `requires` words such as "on"), and the triggers as written.
$BIN rules --format literals > "$PHRASES"
$BIN rules --format triggers > "$TRIGGERS"
JSON=$(mktemp -d)
run() { # name, blamelint args, rg args
  hyperfine --warmup 1 --runs "${RUNS:-5}" -N --ignore-failure --export-json "$JSON/$1.json" \
    -n blamelint "$BIN check --no-config --format concise --fail-on never $2" \
    -n ripgrep "rg -i -c -F -f $PHRASES $3" \
    -n ripgrep-triggers "rg -i -c -F -f $TRIGGERS $3" >/dev/null
}
run corpus "$SHARED/corpus" "$SHARED/corpus"
run big "$SHARED/big.md" "$SHARED/big.md"
run pm300 "$SHARED/postmortem-300.md" "$SHARED/postmortem-300.md"
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}'; }
RSS_CORPUS=$(rss $BIN check --no-config --format concise --fail-on never "$SHARED/corpus")
RSS_BIG=$(rss $BIN check --no-config --format concise --fail-on never "$SHARED/big.md")
# Single-file latency: one typical postmortem end to end (process start,
# built-in rules, lint, print), and the fixed cost alone (an empty file).
EMPTY_DIR=$(mktemp -d)
: > "$EMPTY_DIR/empty.md"
hyperfine --warmup 2 --runs "${LATENCY_RUNS:-20}" -N --ignore-failure --export-json "$JSON/latency.json" \
  -n pm300 "$BIN check --no-config --format concise --fail-on never $SHARED/postmortem-300.md" \
  -n empty "$BIN check --no-config --format concise --fail-on never $EMPTY_DIR/empty.md" >/dev/null
# The language server: edit -> publishDiagnostics latency, and memory with many open documents.
target/release/examples/lsp_bench --server target/release/blamelint-lsp \
  --edits "${LSP_EDITS:-200}" --docs "${LSP_DOCS:-1000}" \
  "$SHARED/postmortem-300.md" "$SHARED/big.md" 2>/dev/null | grep -v '^server:' > "$JSON/lsp.md"
python3 - "$JSON" "$RSS_CORPUS" "$RSS_BIG" "$(nproc)" "$PHRASES" "$TRIGGERS" > bench/results.md <<'PY'
import json, sys
d, rss_c, rss_b, cores = sys.argv[1:5]
rows = [("corpus", "`../shared/bench/corpus/` (1,328 files, 30 MB)"), ("big", "`big.md` (5 MB, one file)"), ("pm300", "`postmortem-300.md` (300 lines)")]
print("| input | blamelint (median) | ripgrep, all literals | ripgrep, triggers | ratio to the faster rg |")
print("|---|---|---|---|---|")
for key, label in rows:
    r = {x["command"]: x for x in json.load(open(f"{d}/{key}.json"))["results"]}
    b, g, t = r["blamelint"]["median"], r["ripgrep"]["median"], r["ripgrep-triggers"]["median"]
    print(f"| {label} | {b*1000:.1f} ms | {g*1000:.1f} ms | {t*1000:.1f} ms | {b/min(g, t):.2f}x |")
print()
print(f"Peak RSS of `blamelint check`: corpus {int(rss_c)/1024:.1f} MiB, big.md {int(rss_b)/1024:.1f} MiB. ")
print(f"Machine: {cores} cores. ripgrep runs `rg -i -c -F -f PHRASES`, once with every prefilter literal (`blamelint rules --format literals`, {sum(1 for _ in open(sys.argv[5]))} of them) and once with the rules' triggers as written (`--format triggers`, {sum(1 for _ in open(sys.argv[6]))}); the ratio is to the faster of the two.")
print()
print("Single-file latency, `blamelint check` end to end (process start, built-in rules, lint, print):")
print()
print("| input | median | min | max |")
print("|---|---|---|---|")
lat = {x["command"]: x for x in json.load(open(f"{d}/latency.json"))["results"]}
for key, label in [("pm300", "`postmortem-300.md` (300 lines)"), ("empty", "an empty file (the fixed cost)")]:
    x = lat[key]
    print(f"| {label} | {x['median']*1000:.1f} ms | {x['min']*1000:.1f} ms | {x['max']*1000:.1f} ms |")
print()
print("Language server (`blamelint-lsp`, `crates/blamelint-lsp/examples/lsp_bench.rs`): a one-character edit to the `publishDiagnostics` of that version, over stdio:")
print()
print(open(f"{d}/lsp.md").read().strip())
PY
python3 - <<'PY'
import re
readme = open("README.md").read()
res = open("bench/results.md").read()
start, end = "<!-- bench:start -->", "<!-- bench:end -->"
if start in readme:
    a = readme.index(start) + len(start); b = readme.index(end)
    readme = readme[:a] + "\n" + res + readme[b:]
    open("README.md", "w").write(readme)
PY
cat bench/results.md
