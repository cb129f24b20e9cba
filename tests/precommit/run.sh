#!/usr/bin/env bash
# The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit
# (PyPI) the way a user's repository runs them: `language: rust` builds this
# repository with `cargo install --bins --path .`, a commit with blame phrasing
# fails with the diagnostic, a clean commit passes, blamelint-fix rewrites.
#
# Usage: bash tests/precommit/run.sh        (no arguments)
# Prints one PASS/FAIL line per case, then "N passed, N failed"; exits 1 on a
# failure. TIMINGS=1 also measures a commit of 1 and of 200 files against the
# bare command.
#
# The hook repository is a snapshot of this working tree (the files the build
# reads: tracked and untracked, not ignored) committed into $CACHE/hookrepo, so the pre-commit
# config can pin it at a commit; an unchanged tree keeps the same commit and
# pre-commit reuses its installed hook. Caches (env BLAMELINT_TEST_CACHE,
# default /tmp/blamelint-test-cache): the pre-commit venv, PRE_COMMIT_HOME and
# the cargo target folder of the hook's release build (CARGO_TARGET_DIR), so
# the first run builds everything (minutes on 2 cores) and later runs only what
# changed.
set -uo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${BLAMELINT_TEST_CACHE:-/tmp/blamelint-test-cache}"
VENV="$CACHE/venv-precommit"
HOOKREPO="$CACHE/hookrepo"
export PRE_COMMIT_HOME="$CACHE/pre-commit-home"
export CARGO_TARGET_DIR="${BLAMELINT_HOOK_TARGET_DIR:-$CACHE/hook-target}"
export PATH="$HOME/.cargo/bin:$PATH"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
export GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
mkdir -p "$CACHE"
start=$(date +%s)

pass=0 fail=0
ok() { echo "PASS $1: $2"; pass=$((pass + 1)); }
bad() { echo "FAIL $1: $2"; fail=$((fail + 1)); }

command -v cargo >/dev/null || { bad setup "cargo is not on PATH (language: rust needs it)"; echo "$pass passed, $fail failed"; exit 1; }
if [ ! -x "$VENV/bin/pre-commit" ]; then
  echo "[precommit] installing pre-commit into $VENV" >&2
  { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q pre-commit; } >&2 \
    || { bad setup "could not install pre-commit from PyPI"; echo "$pass passed, $fail failed"; exit 1; }
fi
PC="$VENV/bin/pre-commit"
echo "[precommit] $("$PC" --version), $(cargo --version)" >&2

# --- hook repository: a snapshot of the working tree at a fixed path --------
# Only what the hook's build and manifest read, so editing docs or tests keeps
# the same commit (and pre-commit's installed hook).
SNAPSHOT="Cargo.toml Cargo.lock .pre-commit-hooks.yaml crates rules"
if [ ! -d "$HOOKREPO/.git" ]; then
  rm -rf "$HOOKREPO" && mkdir -p "$HOOKREPO" && git -C "$HOOKREPO" init -q -b main
fi
find "$HOOKREPO" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
(cd "$REPO_ROOT" && git ls-files -z --cached --others --exclude-standard -- $SNAPSHOT \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf -) | tar -xf - -C "$HOOKREPO"
git -C "$HOOKREPO" add -A
git -C "$HOOKREPO" diff --cached --quiet || git -C "$HOOKREPO" commit -q -m "snapshot of $REPO_ROOT"
REV="$(git -C "$HOOKREPO" rev-parse HEAD)"

W="$(mktemp -d /tmp/blamelint-precommit.XXXXXX)"
trap 'rm -rf "$W"' EXIT
new_project() { # DIR HOOK_IDS...
  local p="$1"; shift
  rm -rf "$p" && mkdir -p "$p" && git -C "$p" init -q -b main
  {
    echo "repos:"
    echo "  - repo: file://$HOOKREPO"
    echo "    rev: $REV"
    echo "    hooks:"
    for id in "$@"; do echo "      - id: $id"; done
  } > "$p/.pre-commit-config.yaml"
  printf '# Project\n' > "$p/README.md"
  git -C "$p" add -A && git -C "$p" commit -q --no-verify -m init
  (cd "$p" && "$PC" install >/dev/null)
}
commit() { # DIR MESSAGE -> rc; output in $W/out
  (cd "$1" && git commit -m "$2") > "$W/out" 2>&1
}

# --- install (the release build) ----------------------------------------------
P="$W/proj"
new_project "$P" blamelint
t0=$(date +%s)
if (cd "$P" && "$PC" install-hooks) > "$W/install.log" 2>&1; then
  ok install "language: rust built the hook from the repository root ($(( $(date +%s) - t0 ))s; $REV)"
else
  bad install "pre-commit install-hooks failed: $(tail -5 "$W/install.log" | tr '\n' ' ')"
  echo "$pass passed, $fail failed"; exit 1
fi

# --- a staged file with blame phrasing fails the commit ----------------------
mkdir -p "$P/docs"
printf '# Notes\n\nBob should have checked the logs.\n' > "$P/docs/pm.md"
git -C "$P" add docs/pm.md
before=$(git -C "$P" rev-parse HEAD)
commit "$P" "blame"; rc=$?
if [ $rc -ne 0 ] && grep -q 'docs/pm.md:3:5' "$W/out" && grep -q 'warning\[hindsight-should-have\]' "$W/out" \
   && grep -q 'blamelint.*Failed' "$W/out" && [ "$(git -C "$P" rev-parse HEAD)" = "$before" ]; then
  ok blame-fails "git commit exited $rc, output has docs/pm.md:3:5 warning[hindsight-should-have]"
else
  bad blame-fails "rc=$rc: $(head -c 600 "$W/out")"
fi

# --- a clean file passes -------------------------------------------------------
printf '# Notes\n\nThe alert fired late because the threshold was 95%%.\n' > "$P/docs/pm.md"
git -C "$P" add docs/pm.md
if commit "$P" "clean" && grep -q 'blamelint.*Passed' "$W/out"; then
  ok clean-passes "git commit succeeded, hook Passed"
else
  bad clean-passes "$(head -c 600 "$W/out")"
fi

# --- a .txt file is checked; code files are not passed ------------------------
printf 'Carol should have paged the team.\n' > "$P/notes.txt"
git -C "$P" add notes.txt
if ! commit "$P" "txt" && grep -q 'notes.txt:1:7' "$W/out"; then
  ok txt-checked "notes.txt:1:7 reported"
else
  bad txt-checked "$(head -c 600 "$W/out")"
fi
git -C "$P" reset -q notes.txt && rm -f "$P/notes.txt"
printf '# Bob should have checked this.\nprint(1)\n' > "$P/tool.py"
git -C "$P" add tool.py
if commit "$P" "code" && grep -q 'blamelint.*no files to check.*Skipped' "$W/out"; then
  ok code-skipped "a .py file is not passed to the hook"
else
  bad code-skipped "$(head -c 600 "$W/out")"
fi

# --- the project's blamelint.toml applies --------------------------------------
printf 'ignore = ["hindsight"]\n' > "$P/blamelint.toml"
printf 'Dave should have waited.\n' > "$P/docs/later.md"
git -C "$P" add blamelint.toml docs/later.md
if commit "$P" "config"; then
  ok config-respected "ignore = [\"hindsight\"] in blamelint.toml lets the commit through"
else
  bad config-respected "$(head -c 600 "$W/out")"
fi

# --- blamelint-fix rewrites a file --------------------------------------------
F="$W/fixproj"
new_project "$F" blamelint-fix
printf '# Notes\n\nThe fix simply restarts the worker.\n\nAmir simply forgot to flip the feature flag back.\n' > "$F/notes.md"
git -C "$F" add notes.md
(cd "$F" && "$PC" run blamelint-fix --files notes.md) > "$W/fix.out" 2>&1; rc=$?
after="$(cat "$F/notes.md")"
if [ $rc -ne 0 ] && grep -q 'files were modified by this hook' "$W/fix.out" \
   && grep -qx 'Amir forgot to flip the feature flag back.' "$F/notes.md" \
   && grep -qx 'The fix simply restarts the worker.' "$F/notes.md"; then
  ok fix-rewrites "\"Amir simply forgot\" became \"Amir forgot\"; the system sentence kept \"simply\""
else
  bad fix-rewrites "rc=$rc file=[$after] $(head -c 600 "$W/fix.out")"
fi
git -C "$F" add notes.md
(cd "$F" && "$PC" run blamelint-fix --files notes.md) > "$W/fix2.out" 2>&1; rc=$?
if ! grep -q 'files were modified' "$W/fix2.out" && [ "$(cat "$F/notes.md")" = "$after" ]; then
  ok fix-idempotent "a second run changes nothing (rc=$rc: person-as-cause-forgot has no safe fix)"
else
  bad fix-idempotent "$(head -c 600 "$W/fix2.out")"
fi

# --- timings -------------------------------------------------------------------
if [ "${TIMINGS:-0}" = 1 ]; then
  BIN="$(ls -t $(find "$PRE_COMMIT_HOME" -type f -name blamelint-hook -path '*/bin/*') | head -1)"
  T="$W/timing"
  new_project "$T" blamelint
  mkdir -p "$T/docs"
  for i in $(seq 1 200); do
    printf '# Incident %s\n\nThe cache expired during the deploy, so the API timed out.\n\nWe added an alert on cache misses.\n' "$i" > "$T/docs/pm$i.md"
  done
  median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
  for n in 1 200; do
    files=(); for i in $(seq 1 $n); do files+=("docs/pm$i.md"); done
    hook=$(for r in 1 2 3 4 5; do (cd "$T" && ms "$PC" run blamelint --files "${files[@]}"); done | median)
    commit_ms=$(for r in 1 2 3 4 5; do
      (cd "$T" && git add "${files[@]}" && ms git commit -q -m "t$r") ; (cd "$T" && git reset -q --soft HEAD~1)
    done | median)
    bare=$(for r in 1 2 3 4 5; do (cd "$T" && ms "$BIN" check "${files[@]}"); done | median)
    echo "TIME $n file(s): git commit with the hook ${commit_ms} ms; pre-commit run ${hook} ms; bare blamelint check ${bare} ms (median of 5)"
  done
fi

secs=$(( $(date +%s) - start ))
echo "[precommit] ${secs}s" >&2
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
