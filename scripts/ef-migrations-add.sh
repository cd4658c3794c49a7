#!/usr/bin/env bash
# ef-migrations-add.sh <Module> <Name>: adds migration <Name> to <Module> for every database provider
# (Sqlite, Postgres, SqlServer), each in src/Modules/<Module>.Migrations/<Provider>. A provider's first snapshot
# gets the provider in its class and file name, so that dotnet ef never overwrites another provider's.
set -euo pipefail
cd "$(dirname "$0")/.."
module=${1:?usage: ef-migrations-add.sh <Module> <Name>}
name=${2:?usage: ef-migrations-add.sh <Module> <Name>}
# The migrations project references the module: it is both the target and the start-up project of dotnet ef, which
# finds the module's design-time factory beside its DbContext.
project="src/Modules/$module.Migrations"
dotnet tool restore >/dev/null
dotnet build "$project" >/dev/null
for provider in Sqlite Postgres SqlServer; do
    dir="$project/$provider"
    dotnet ef migrations add "$name" -p "$project" -s "$project" -o "$provider" --namespace "$module.Migrations.$provider" \
        --no-build -- --provider "$provider"
    default="$dir/${module}DbContextModelSnapshot.cs"
    if [[ -f $default ]]; then
        sed -i "s/partial class ${module}DbContextModelSnapshot /partial class ${module}DbContext${provider}ModelSnapshot /" "$default"
        mv "$default" "$dir/${module}DbContext${provider}ModelSnapshot.cs"
    fi
    dotnet build "$project" >/dev/null
done
rm -f "$project/design-time.db" "src/Modules/$module/design-time.db"
