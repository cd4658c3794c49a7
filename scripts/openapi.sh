#!/usr/bin/env bash
# The OpenAPI document and the typed client generated from it, kept in step in one place.
#   scripts/openapi.sh          serves the built Host, writes what it serves at /openapi/v1.json to docs/openapi/v1.json,
#                               and regenerates src/Shop.Client/Generated from it with Kiota (.config/dotnet-tools.json)
#   scripts/openapi.sh --check  (CI) fails when the served document differs from docs/openapi/v1.json, or the client
#                               generated from docs/openapi/v1.json differs from src/Shop.Client/Generated
# Run it after changing any endpoint, and after merging branches that did, then commit both. Needs a Debug build of
# src/Host (pass --build to make one). The Host runs in Development on a free loopback port with a throwaway SQLite
# folder; no other service is needed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
check=false
build=false
for arg in "$@"; do
    case $arg in
        --check) check=true ;;
        --build) build=true ;;
        *) echo "usage: scripts/openapi.sh [--check] [--build]" >&2; exit 2 ;;
    esac
done

document=docs/openapi/v1.json
generated=src/Shop.Client/Generated
work=$(mktemp -d)
host_pid=
cleanup() {
    if [[ -n $host_pid ]]; then kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if $build; then dotnet build src/Host -nologo -v q >/dev/null; fi
binary=src/Host/bin/Debug/net10.0/Host.dll
[[ -f $binary ]] || { echo "No build of src/Host: run dotnet build src/Host (or pass --build)." >&2; exit 1; }

# --- The served document ---------------------------------------------------------------------------------------------
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd src/Host && exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
    Database__DataDirectory="$work/data" Database__Seed=false Messaging__RabbitMq__Uri= \
    dotnet "$repo/$binary") >"$work/host.log" 2>&1 &
host_pid=$!
served="$work/v1.json"
for _ in $(seq 1 240); do
    if python3 -c 'import sys, urllib.request; open(sys.argv[2], "wb").write(urllib.request.urlopen(sys.argv[1]).read())' \
        "http://127.0.0.1:$port/openapi/v1.json" "$served" 2>/dev/null; then break; fi
    if ! kill -0 "$host_pid" 2>/dev/null; then echo "The Host stopped:" >&2; tail -30 "$work/host.log" >&2; exit 1; fi
    sleep 0.5
done
[[ -s $served ]] || { echo "The Host did not serve /openapi/v1.json within 2 minutes." >&2; exit 1; }

# --- The client, generated from the committed document (from the served one when updating) --------------------------
generate() { # generate <document> <output folder>
    # The update check would call out to the internet: off, like the first-run tutorial.
    KIOTA_UPDATE_DISABLED=true KIOTA_TUTORIAL_ENABLED=false dotnet kiota generate --language CSharp \
        --openapi "$1" --output "$2" --namespace-name Shop.Client.Generated --class-name ShopApi \
        --exclude-backward-compatible --clean-output --log-level Error >"$work/kiota.log" 2>&1 \
        || { cat "$work/kiota.log" >&2; exit 1; }
    rm -f "$2/.kiota.log"
    # The lock file records where the document was, relative to the output: the same wherever it was generated.
    sed -i 's|"descriptionLocation": ".*"|"descriptionLocation": "../../../docs/openapi/v1.json"|' "$2/kiota-lock.json"
}

dotnet tool restore >/dev/null
status=0
if $check; then
    if ! diff -u "$document" "$served" >"$work/document.diff"; then
        echo "The served OpenAPI document differs from $document: run scripts/openapi.sh and commit the result." >&2
        head -60 "$work/document.diff" >&2
        status=1
    fi
    generate "$document" "$work/generated"
    if ! diff -r "$generated" "$work/generated" >"$work/client.diff"; then
        echo "$generated is not what Kiota generates from $document: run scripts/openapi.sh and commit the result." >&2
        head -60 "$work/client.diff" >&2
        status=1
    fi
else
    cp "$served" "$document"
    generate "$document" "$generated"
    echo "Wrote $document and $generated."
fi
exit $status
