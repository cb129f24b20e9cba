#!/usr/bin/env bash
# Fast VS Code fallback (no UI): the LSP exchange over the protocol library our extension bundles.
# Usage: tests/editors/vscode_proto_test.sh SERVER_CMD [ARGS...]
# Env: EXPECT_TEXT, EXPECT_SOURCE, EXPECT_MESSAGE, EXPECT_CODE, EXPECT_AFTER, EXPECT_TEXT2,
#      EXPECT_CODE2 (defaults: lib.sh),
#      EXPECT_FIXALL (1: require source.fixAll.blamelint), EXPECT_DISABLE_ACTION (1: require a
#      "disable rule for this line" action), TEST_FILE, OUT_DIR, NO_INSTALL=1
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# -ge 1 ] || { echo "usage: $0 SERVER_CMD [ARGS...]" >&2; exit 2; }
resolve_server_argv "$@"
EXT="$REPO_ROOT/editors/vscode"
if [ ! -d "$EXT/node_modules/vscode-languageserver-protocol" ]; then
  [ -z "${NO_INSTALL:-}" ] || { echo "VSCODE-PROTO FAIL: run npm ci in editors/vscode (NO_INSTALL set)"; exit 1; }
  (cd "$EXT" && npm ci --no-audit --no-fund >&2)
fi
OUT_DIR="${OUT_DIR:-$(mktemp -d /tmp/blamelint-proto.XXXXXX)}"; mkdir -p "$OUT_DIR"
LIBS_DIR="$EXT" TEST_FILE="$FIXTURE" OUT_JSON="$OUT_DIR/result.json" \
  exec node "$EDITORS_TESTS/vscode_proto_test.mjs" "${SERVER_ARGV[@]}"
