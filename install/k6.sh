#!/usr/bin/env bash
# Prints the path of the k6 binary to use: $K6 if set, else the pinned version with plimsoll's samples
# output — k6 on PATH if it is that, else built once into the git-ignored .tools/ folder — else, without
# Go to build it, a k6 on PATH of the pinned version (runs then keep their samples through k6's CSV output). k6 v2's module path is
# go.k6.io/k6/v2; `go install …@version` fails on it (the proxy's version list answers 404 to the
# deprecation lookup), so it is built as a dependency of a tiny main module that calls cmd.Execute().
# From v2 on, that module also links samples-output/, plimsoll's raw-samples output: the binary's folder
# is named for a hash of its sources, so changing them builds a new k6.
set -euo pipefail
source "$(dirname "$0")/tool.sh"
version="$1"

use_override K6 'a k6 binary'
# Go's semantic import versioning: v0 and v1 are go.k6.io/k6, v2 on go.k6.io/k6/v2 (the output's API).
major="${version%%.*}"
case "$major" in v0 | v1) module="go.k6.io/k6" ext="" ;; *) module="go.k6.io/k6/$major" ext="$root/samples-output" ;; esac
on_path=""
if command -v k6 >/dev/null && k6 version 2>/dev/null | grep -q "^k6 ${version} "; then on_path="$(command -v k6)"; fi
if [[ -n "$on_path" ]] && { [[ -z "$ext" ]] || k6 version 2>/dev/null | grep -q 'plimsoll-samples \[output\]'; }; then echo "$on_path"; exit 0; fi
bin="$root/.tools/k6-$version/k6"
[[ -n "$ext" ]] && bin="$root/.tools/k6-$version+samples-$(cat "$ext"/go.mod "$ext"/*.go | sha256sum | cut -c1-12)/k6"
use_existing "$bin"
if [[ -n "$on_path" ]] && ! command -v go >/dev/null; then echo "$on_path"; exit 0; fi
need_go "k6 $version is needed and neither it nor Go is installed: install Go >= 1.25 and re-run, or install k6 $version (grafana.com/docs/k6/latest/set-up/install-k6) and set K6=/path/to/k6"
echo "plimsoll: building k6 $version from the Go module proxy (first time only; takes a few minutes)..." >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
{
  echo 'package main'
  echo "import \"$module/cmd\""
  [[ -n "$ext" ]] && echo 'import _ "plimsoll/samplesoutput"'
  echo 'func main() { cmd.Execute() }'
} >"$work/main.go"
mkdir -p "$(dirname "$bin")"
(cd "$work" && go mod init plimsoll-k6 >/dev/null 2>&1 && go get "$module@$version" &&
  { [[ -z "$ext" ]] || go mod edit -require plimsoll/samplesoutput@v0.0.0 -replace "plimsoll/samplesoutput=$ext"; } && go mod tidy &&
  GOFLAGS="-buildvcs=false -trimpath" go build -ldflags "-s -w" -o "$bin.tmp" . && mv "$bin.tmp" "$bin") >&2
echo "$bin"
