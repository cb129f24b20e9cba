# Shared helpers for the editor tests (sourced, not run).
# shellcheck shell=bash
EDITORS_TESTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$EDITORS_TESTS/../.." && pwd)"
CLIENTS_CACHE="${CLIENTS_CACHE:-/tmp/clients-cache}"
FIXTURE="${TEST_FILE:-$EDITORS_TESTS/fixtures/postmortem.md}"

# What blamelint-lsp reports on fixtures/postmortem.md. Only UNSET variables get these defaults,
# so `VAR=` (empty) switches a check off; run.sh --fake sets the stand-in server's values first.
# EXPECT_TEXT*: the diagnostic whose range must cover exactly this text and whose preferred
# quick fix must turn its line into EXPECT_AFTER (both lines start with an emoji: 2 UTF-16 units).
# EXPECT_TEXT2/EXPECT_CODE2: a second diagnostic, exact range only (its rule has no rewrite).
: "${EXPECT_TEXT=just}" "${EXPECT_SOURCE=blamelint}" "${EXPECT_CODE=minimizing-just}"
[ -n "${EXPECT_MESSAGE+set}" ] || EXPECT_MESSAGE='Minimizing: "just" makes a person'"'"'s step sound trivial'
: "${EXPECT_AFTER=🎉 Launch day: Noor had to restart the worker.}"
: "${EXPECT_TEXT2=should have}" "${EXPECT_CODE2=hindsight-should-have}"
export EXPECT_TEXT EXPECT_SOURCE EXPECT_CODE EXPECT_MESSAGE EXPECT_AFTER EXPECT_TEXT2 EXPECT_CODE2

# SERVER_ARGV: the server command as an array. Arguments that name existing files (e.g. a
# relative fake_lsp.py) are made absolute, because editors start the server in another cwd.
# Nothing goes through a shell, so arguments with spaces stay whole.
resolve_server_argv() {
  SERVER_ARGV=()
  local a
  for a in "$@"; do
    if [ -e "$a" ]; then SERVER_ARGV+=("$(cd "$(dirname "$a")" && pwd)/$(basename "$a")")
    else SERVER_ARGV+=("$a"); fi
  done
  # a bare program name: resolve it on PATH (VS Code's server.path wants a real file)
  if [ "${SERVER_ARGV[0]}" = "$(basename "${SERVER_ARGV[0]}")" ] && [ ! -e "${SERVER_ARGV[0]}" ]; then
    local p; p="$(command -v "${SERVER_ARGV[0]}" || true)"
    [ -n "$p" ] && SERVER_ARGV[0]="$p"
  fi
}

json_array() { python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "$@"; }

now_s() { date +%s.%N; }
elapsed() { python3 -c "import sys;print(round($(now_s)-$1,1))"; }

need_apt() {  # need_apt CMD_OR_PKG... : apt-get install the packages that are not installed
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -n "${NO_INSTALL:-}" ]; then echo "missing packages: ${missing[*]} (NO_INSTALL set)" >&2; return 2; fi
  echo "[editors] apt-get install ${missing[*]}" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
     "${missing[@]}") >&2
}

# The real interpreter for lsp_tap.py (a pyenv shim would add ~0.3 s to every server start).
tap_python() { python3 -c 'import sys; print(sys.executable)'; }
