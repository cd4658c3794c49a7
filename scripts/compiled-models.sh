#!/usr/bin/env bash
# EF Core compiled models of the modules' DbContexts for SQLite, the monolith's default provider: the Host then
# skips building the models at start-up (docs/adr/0008-compiled-models-for-sqlite.md). Regenerate them after any model change
# (like migrations): `scripts/compiled-models.sh`. `--check` (CI) regenerates them elsewhere and fails when the
# committed ones differ. Needs a build of the modules (Debug) first.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
check=false
[[ ${1:-} == --check ]] && check=true
status=0
for module in Catalog Cart Ordering Identity; do
    committed="src/Modules/$module/Persistence/CompiledModels"
    out=$committed
    if $check; then out=$(mktemp -d); fi
    rm -rf "${out:?}"/*.cs 2>/dev/null || true
    dotnet ef dbcontext optimize -p "src/Modules/$module" -s "src/Modules/$module.Migrations" --no-build \
        --output-dir "$([[ $out == /* ]] && echo "$out" || echo "$repo/$out")" --namespace "$module.Persistence.CompiledModels" \
        -- --provider Sqlite >/dev/null
    # The assembly attribute would make EF use this model for every provider: the Host selects it for SQLite only.
    rm -f "$out"/*AssemblyAttributes.cs
    if $check; then
        # Every generation draws a new model id: that line is not a difference.
        if ! diff -r -I 'modelId: new Guid(' "$out" "$committed" >"$out.diff"; then
            echo "The compiled model of $module is out of date: run scripts/compiled-models.sh and commit the result." >&2
            head -20 "$out.diff" >&2
            status=1
        fi
        rm -f "$out.diff"
        rm -rf "$out"
    fi
done
exit $status
