#!/usr/bin/env bash
# The README's install of the `shop` command line, verbatim, in a throw-away home (so the machine's own global tools
# are untouched): dotnet pack src/Shop.Cli, then dotnet tool install --global from that folder, then the installed
# `shop` runs. Used by .ci/run; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" DOTNET_CLI_HOME="$work/home"
mkdir -p "$HOME"

dotnet pack src/Shop.Cli -o "$work/artifacts" --nologo -v quiet
dotnet tool install --global Shop.Cli --add-source "$work/artifacts"
shop="$HOME/.dotnet/tools/shop"

"$shop" --help | grep -q 'login'
"$shop" checkout --help | grep -q -- '--postal-code'
# Nothing listens on port 1: the documented exit code 11 (unreachable), not a crash.
set +e
"$shop" products list --url http://127.0.0.1:1 2>"$work/err"
code=$?
set -e
if [[ $code -ne 11 ]]; then
    echo "shop products list against nothing exited $code, not 11: $(cat "$work/err")" >&2
    exit 1
fi
echo "shop installed from its build output and runs ($("$shop" --version 2>/dev/null || echo 'no version'))"
