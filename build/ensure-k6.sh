#!/usr/bin/env bash
# Prints the path of the k6 binary to use: $K6 if set, else k6 on PATH if it is the pinned version,
# else the pinned version built once with `go install` into the git-ignored .tools/ folder.
set -euo pipefail
version="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"

if [[ -n "${K6:-}" ]]; then
  if [[ -x "$K6" ]] || command -v "$K6" >/dev/null; then echo "$K6"; exit 0; fi
  echo "plimsoll: K6='$K6' is not an executable: expected the path of a k6 binary" >&2; exit 1
fi
if command -v k6 >/dev/null && k6 version 2>/dev/null | grep -q "^k6 ${version} "; then command -v k6; exit 0; fi

bin="$root/.tools/k6-$version/k6"
if [[ -x "$bin" ]]; then echo "$bin"; exit 0; fi
if ! command -v go >/dev/null; then
  echo "plimsoll: k6 $version is needed and neither it nor Go is installed: install Go >= 1.25 and re-run, or install k6 $version (grafana.com/docs/k6/latest/set-up/install-k6) and set K6=/path/to/k6" >&2
  exit 1
fi
echo "plimsoll: building k6 $version with go install (first time only; takes a few minutes)..." >&2
GOBIN="$root/.tools/k6-$version" GOFLAGS=-buildvcs=false go install "go.k6.io/k6@$version" >&2
echo "$bin"
