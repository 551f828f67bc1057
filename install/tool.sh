# Steps install/k6.sh and install/compose.sh share (sourced, not run): each prints the path of
# a pinned tool — an override, else one already installed, else one built once with Go into .tools/.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# use_override VAR what: the tool named by $VAR when set; a value that is not an executable is refused.
use_override() {
  local value="${!1:-}"
  [[ -z "$value" ]] && return 0
  if [[ -x "$value" ]] || command -v "$value" >/dev/null; then echo "$value"; exit 0; fi
  echo "plimsoll: $1='$value' is not an executable: expected the path of $2" >&2
  exit 1
}

# use_existing path: that binary, when it is there.
use_existing() {
  if [[ -x "$1" ]]; then echo "$1"; exit 0; fi
}

# need_go why: without Go there is nothing to build the tool with.
need_go() {
  command -v go >/dev/null && return 0
  echo "plimsoll: $1" >&2
  exit 1
}
