#!/usr/bin/env bash
# Prints the path of the k6 binary to use: $K6 if set, else k6 on PATH if it is the pinned version,
# else the pinned version built once with `go install` into the git-ignored .tools/ folder.
set -euo pipefail
source "$(dirname "$0")/ensure-tool.sh"
version="$1"

use_override K6 'a k6 binary'
if command -v k6 >/dev/null && k6 version 2>/dev/null | grep -q "^k6 ${version} "; then command -v k6; exit 0; fi
bin="$root/.tools/k6-$version/k6"
use_existing "$bin"
need_go "k6 $version is needed and neither it nor Go is installed: install Go >= 1.25 and re-run, or install k6 $version (grafana.com/docs/k6/latest/set-up/install-k6) and set K6=/path/to/k6"
echo "plimsoll: building k6 $version with go install (first time only; takes a few minutes)..." >&2
GOBIN="$root/.tools/k6-$version" GOFLAGS=-buildvcs=false go install "go.k6.io/k6@$version" >&2
echo "$bin"
