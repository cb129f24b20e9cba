#!/usr/bin/env bash
# action.yml step 1: install blamelint from a release binary for this runner, if
# the action's ref is a release that has one. Outputs (GITHUB_OUTPUT):
# installed=true|false, target=<rust target triple>, source-key=<hash of the
# sources, for the cargo cache of the fallback build>.
# Release assets are named blamelint-<target>.tar.gz (blamelint-<target>.zip on
# Windows) with the binary at the top level, and an optional
# blamelint-<target>.tar.gz.sha256 that is checked when present (docs/ci.md).
set -euo pipefail
out() { echo "$1" >> "${GITHUB_OUTPUT:-/dev/null}"; }

case "${RUNNER_OS:-Linux}-${RUNNER_ARCH:-X64}" in
  Linux-X64) target=x86_64-unknown-linux-musl ;;
  Linux-ARM64) target=aarch64-unknown-linux-musl ;;
  macOS-X64) target=x86_64-apple-darwin ;;
  macOS-ARM64) target=aarch64-apple-darwin ;;
  Windows-X64) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac
out "target=$target"

# What a source build depends on: for the cache key of the fallback.
key=$(cd "$GITHUB_ACTION_PATH" && find Cargo.toml Cargo.lock crates rules -type f \
        ! -path '*/tests/*' ! -path '*/examples/*' -print0 2>/dev/null \
      | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
out "source-key=$key"

# The action's repository and ref: from the context, else from the action's
# path (_actions/OWNER/REPO/REF), which composite actions always have.
repo="${ACTION_REPOSITORY:-}" ref="${ACTION_REF:-}"
if [ -z "$repo" ] || [ -z "$ref" ]; then
  rest="${GITHUB_ACTION_PATH#*/_actions/}"
  if [ "$rest" != "$GITHUB_ACTION_PATH" ]; then
    repo="$(echo "$rest" | cut -d/ -f1-2)" ref="$(echo "$rest" | cut -d/ -f3-)"
  fi
fi
tag="${INPUT_VERSION:-}"
[ -n "$tag" ] || tag="$ref"

if [ -z "$target" ] || [ -z "$tag" ] || { [ -z "$repo" ] && [ -z "${BLAMELINT_RELEASE_BASE_URL:-}" ]; }; then
  echo "blamelint: no release binary to look for (target='$target' tag='$tag'); building from source"
  out "installed=false"; exit 0
fi
base="${BLAMELINT_RELEASE_BASE_URL:-https://github.com/$repo/releases/download}/$tag"
ext=tar.gz; [ "${RUNNER_OS:-}" = Windows ] && ext=zip
asset="blamelint-$target.$ext"
dest="${RUNNER_TEMP:-/tmp}/blamelint-release"
rm -rf "$dest" && mkdir -p "$dest/bin"
if ! curl -fsSL --retry 2 -o "$dest/$asset" "$base/$asset" 2>/dev/null; then
  echo "blamelint: no release asset $asset for $tag; building from source"
  out "installed=false"; exit 0
fi
if curl -fsSL -o "$dest/$asset.sha256" "$base/$asset.sha256" 2>/dev/null; then
  want="$(cut -d' ' -f1 < "$dest/$asset.sha256")"
  got="$(sha256sum "$dest/$asset" | cut -d' ' -f1)"
  if [ "$want" != "$got" ]; then
    echo "::error::blamelint: checksum mismatch for $asset (expected $want, got $got)"
    exit 1
  fi
fi
if [ "$ext" = zip ]; then
  unzip -q -o "$dest/$asset" -d "$dest/bin"
else
  tar -xzf "$dest/$asset" -C "$dest/bin"
fi
exe="$dest/bin/blamelint"; [ "$ext" = zip ] && exe="$exe.exe"
if ! "$exe" --version >/dev/null 2>&1; then
  echo "blamelint: the release binary does not run here; building from source"
  out "installed=false"; exit 0
fi
echo "$dest/bin" >> "${GITHUB_PATH:-/dev/null}"
echo "blamelint: installed $("$exe" --version) from $asset ($tag)"
out "installed=true"
