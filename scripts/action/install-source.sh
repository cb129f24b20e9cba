#!/usr/bin/env bash
# action.yml step 2 (no release binary): `cargo install --locked` from the
# action's own checkout, into a folder that actions/cache keeps together with
# the cargo registry and the target folder, so later runs only re-link.
set -euo pipefail
root="${BLAMELINT_INSTALL_ROOT:-$HOME/.cache/blamelint-action}"
if ! command -v cargo >/dev/null; then
  echo "::error::blamelint: no release binary for this runner and no cargo to build one; add a Rust toolchain step (e.g. dtolnay/rust-toolchain@stable) before this action"
  exit 1
fi
cargo install --locked --quiet --path "$GITHUB_ACTION_PATH/crates/blamelint-cli" \
  --root "$root" --target-dir "$root/target" ${BLAMELINT_CARGO_INSTALL_FLAGS:-}
echo "$root/bin" >> "${GITHUB_PATH:-/dev/null}"
echo "blamelint: built $("$root/bin/blamelint" --version) from source"
