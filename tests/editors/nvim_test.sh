#!/usr/bin/env bash
# Neovim (headless) test of editors/nvim: our plugin starts the server, diagnostics land on the
# exact range, the first rewrite is applied and written, settings reach the server,
# :checkhealth blamelint works.
# Usage: tests/editors/nvim_test.sh SERVER_CMD [ARGS...]
# Env: EXPECT_TEXT, EXPECT_SOURCE, EXPECT_MESSAGE, EXPECT_CODE, EXPECT_AFTER (line after the fix),
#      EXPECT_TEXT2, EXPECT_CODE2 (defaults: lib.sh), TEST_FILE (fixture), OUT_DIR, LSP_TAP=0 (no traffic
#      tap: skips the settings checks), NO_INSTALL=1, NVIM_TIMEOUT_S (60),
#      NVIM=/path/to/nvim (default: nvim on PATH, installed from apt if missing)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# -ge 1 ] || { echo "usage: $0 SERVER_CMD [ARGS...]" >&2; exit 2; }
NVIM="${NVIM:-nvim}"
command -v "$NVIM" >/dev/null || need_apt neovim || { echo "NVIM FAIL: nvim missing"; exit 1; }
resolve_server_argv "$@"

OUT_DIR="${OUT_DIR:-$(mktemp -d /tmp/blamelint-nvim.XXXXXX)}"; mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"
# a project with a .blamelint.toml root marker and the document one level down
PROJ="$OUT_DIR/project"; rm -rf "$PROJ"; mkdir -p "$PROJ/docs"
printf '# blamelint test project (root marker)\n' > "$PROJ/.blamelint.toml"
DOC="$PROJ/docs/postmortem.md"; cp "$FIXTURE" "$DOC"; cp "$FIXTURE" "$OUT_DIR/orig.md"

CMD=("${SERVER_ARGV[@]}")
TAP_LOG=""
if [ "${LSP_TAP:-1}" != 0 ]; then
  TAP_LOG="$OUT_DIR/lsp-traffic.jsonl"; : > "$TAP_LOG"
  CMD=("$(tap_python)" "$EDITORS_TESTS/lsp_tap.py" "$TAP_LOG" "${SERVER_ARGV[@]}")
fi
export LSP_CMD_JSON; LSP_CMD_JSON="$(json_array "${CMD[@]}")"
export TEST_FILE="$DOC" OUT_JSON="$OUT_DIR/result.json" TAP_LOG
export BLAMELINT_NVIM_PLUGIN="${BLAMELINT_NVIM_PLUGIN:-$REPO_ROOT/editors/nvim}"
export XDG_CONFIG_HOME="$OUT_DIR/xdg/config" XDG_DATA_HOME="$OUT_DIR/xdg/data" \
       XDG_STATE_HOME="$OUT_DIR/xdg/state" XDG_CACHE_HOME="$OUT_DIR/xdg/cache"

start=$(now_s)
set +e
(cd "$PROJ" && timeout "${NVIM_TIMEOUT_S:-60}" "$NVIM" --headless -n -i NONE -u "$EDITORS_TESTS/nvim_test.lua" \
   >"$OUT_DIR/nvim.stdout" 2>"$OUT_DIR/nvim.stderr" </dev/null)
rc=$?
set -e
secs=$(elapsed "$start")

python3 - "$OUT_DIR" "$rc" "$secs" <<'PY'
import json, os, sys
out, rc, secs = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    r = json.load(open(os.path.join(out, "result.json")))
except Exception as e:
    print(f"NVIM FAIL (rc={rc}, {secs}s): no result ({e}); see {out}/nvim.stderr"); sys.exit(1)
if r.get("ok") and rc == 0:
    d = next(x for x in r["diagnostics"] if x.get("covered_text") == os.environ.get("EXPECT_TEXT", "just"))
    t2 = os.environ.get("EXPECT_TEXT2")
    d2 = next((x for x in r["diagnostics"] if t2 and x.get("covered_text") == t2), None)
    also = f" + {d2['lnum']+1}:{d2['col']}-{d2['end_col']} ({d2['code']})" if d2 else ""
    print(f"NVIM PASS ({secs}s, nvim {r['nvim']}): first diagnostic {r['first_diagnostic_ms']} ms after :edit; "
          f"{d['lnum']+1}:{d['col']}-{d['end_col']} (bytes) [{d['source']}] '{d['message']}'{also}; "
          f"fix '{(r.get('code_action_chosen') or {}).get('title')}' -> '{r.get('line_after')}'; checkhealth ok")
else:
    print(f"NVIM FAIL (rc={rc}, {secs}s): {r.get('error')}; see {out}/result.json")
    sys.exit(1)
PY
