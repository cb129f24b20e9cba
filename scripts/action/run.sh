#!/usr/bin/env bash
# action.yml step 3: run `blamelint check` with the action's inputs (INPUT_*
# environment variables). Sets the exit-code output and exits with it.
set -uo pipefail
bl="${BLAMELINT:-blamelint}"
args=(check --format "${INPUT_FORMAT:-github}" --fail-on "${INPUT_FAIL_ON:-warning}")
[ -z "${INPUT_CONFIG:-}" ] || args+=(--config "$INPUT_CONFIG")
[ -z "${INPUT_BASELINE:-}" ] || args+=(--baseline "$INPUT_BASELINE")

if [ "${INPUT_ONLY_CHANGED:-false}" = true ]; then
  base="${INPUT_BASE_REF:-}"
  [ -n "$base" ] || base="${PR_BASE_SHA:-}"
  [ -n "$base" ] || base="${PUSH_BEFORE:-}"
  if [ -z "$base" ] || [ -z "${base//0/}" ]; then
    echo "::notice::blamelint: only-changed: no base revision (not a pull request, or a new branch); checking whole files"
  else
    if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
      # actions/checkout fetches one commit by default: get the base too.
      git fetch --no-tags --quiet --depth=1 origin "$base" \
        || echo "::warning::blamelint: could not fetch the base revision $base"
    fi
    args+=(--diff-base "$base")
  fi
fi
extra=()
[ -z "${INPUT_ARGS:-}" ] || read -r -a extra <<< "$INPUT_ARGS"
paths=()
while read -r -a line; do paths+=("${line[@]}"); done <<< "${INPUT_PATHS:-.}"
[ ${#paths[@]} -gt 0 ] || paths=(.)

"$bl" "${args[@]}" "${extra[@]}" -- "${paths[@]}"
code=$?
if [ -n "${INPUT_SARIF_FILE:-}" ] && [ $code -ne 2 ]; then
  sarif_args=("${args[@]}")
  sarif_args[2]=sarif
  sarif_args[4]=never
  mkdir -p "$(dirname "$INPUT_SARIF_FILE")"
  "$bl" "${sarif_args[@]}" "${extra[@]}" --quiet -- "${paths[@]}" > "$INPUT_SARIF_FILE"
  sarif_code=$?
  if [ $sarif_code -ne 0 ]; then
    echo "::error::blamelint: writing SARIF to $INPUT_SARIF_FILE failed (exit $sarif_code)"
    code=2
  fi
fi
echo "exit-code=$code" >> "${GITHUB_OUTPUT:-/dev/null}"
exit $code
