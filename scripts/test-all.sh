#!/usr/bin/env bash
# The whole test suite, from a fresh clone. Installs what the tests need
# (Debian packages, npm packages) when it is missing, then runs every level:
# rule examples and unit tests, CLI fixtures, the language server over stdio,
# accuracy gates, and the real-editor and pre-commit harnesses.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
# Binaries the harnesses drive (honours CARGO_TARGET_DIR).
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

need_apt=()
command -v nvim >/dev/null || need_apt+=(neovim)
command -v python3 >/dev/null || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}") >/dev/null
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo build"
cargo build --workspace --all-targets --quiet

echo "== cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

echo "== cargo test"
cargo test --workspace --quiet 2>&1 | tee /tmp/blamelint-cargo-test.log

# 20,000 requests and edits on 200 documents against the debug server; checks every
# response arrives, the documents stay in sync and memory returns (docs/reliability.md).
# About 2 minutes; SKIP_SOAK=1 skips it.
if [ "${SKIP_SOAK:-0}" != 1 ]; then
  echo "== language server soak"
  cargo test -p blamelint-lsp --test soak --quiet -- --ignored --nocapture
fi

echo "== report HTML in headless Chromium"
bash tests/report/html_check.sh "$TARGET_DIR"/debug/blamelint

echo "== accuracy gate (our own labeled sentences)"
python3 scripts/accuracy.py --bin "$TARGET_DIR"/debug/blamelint --lang en --min-precision 0.90 --min-recall 0.85 tests/sentences/en.jsonl
python3 scripts/accuracy.py --bin "$TARGET_DIR"/debug/blamelint --lang nl --min-precision 0.95 --min-recall 0.90 tests/sentences/nl.jsonl tests/sentences/nl-extra.jsonl

# Real editors against the debug server: Neovim + our plugin, VS Code's protocol library, and
# real VS Code (code-server + headless Chromium + our .vsix). They install what they need
# (apt, npm; cached in /tmp/clients-cache): about 5 min the first time on a machine, about
# 1.5 min after. SKIP_EDITORS=1 skips them; SKIP_VSCODE_UI=1 skips only the code-server one.
if [ "${SKIP_EDITORS:-0}" != 1 ]; then
  echo "== real editors"
  bash tests/editors/run.sh "$TARGET_DIR/debug/blamelint-lsp"
fi
echo "== GitHub Action and pre-commit manifest"
bash tests/action/run.sh
if [ -f tests/precommit/run.sh ] && [ "${SKIP_PRECOMMIT:-0}" != 1 ]; then
  echo "== pre-commit"
  bash tests/precommit/run.sh
fi
echo "== all test levels passed"
