#!/usr/bin/env bash
# Prints the path of a Docker Compose CLI plugin (`docker compose`), for checking docker-compose.yml
# without a Docker engine: $COMPOSE if set, else the plugin the docker CLI already has, else the pinned
# version built once from the Go module proxy into the git-ignored .tools/ folder. Compose's go.mod has
# exclude directives, so `go install pkg@version` refuses it: it is built as the main module instead.
set -euo pipefail
source "$(dirname "$0")/tool.sh"
version="${1:-v5.6.0}"

use_override COMPOSE 'a docker-compose CLI plugin'
for plugin in "$HOME/.docker/cli-plugins/docker-compose" /usr/local/lib/docker/cli-plugins/docker-compose /usr/libexec/docker/cli-plugins/docker-compose /usr/lib/docker/cli-plugins/docker-compose; do
  use_existing "$plugin"
done
bin="$root/.tools/compose-$version/docker-compose"
use_existing "$bin"
need_go "docker compose is needed to check docker-compose.yml and neither it nor Go is installed: install the Docker Compose plugin, or Go >= 1.26, and re-run"
echo "plimsoll: building docker compose $version from the Go module proxy (first time only; takes a few minutes)..." >&2
module="github.com/docker/compose/${version%%.*}"
src="$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
work="$(mktemp -d)"
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -r "$src/." "$work/"
chmod -R u+w "$work"
mkdir -p "$(dirname "$bin")"
(cd "$work" && GOFLAGS="-buildvcs=false -trimpath" go build -ldflags "-s -w -X ${module}/internal.Version=$version" -o "$bin" ./cmd) >&2
echo "$bin"
