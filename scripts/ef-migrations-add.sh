#!/usr/bin/env bash
# ef-migrations-add.sh <Module> <Name>: adds migration <Name> to <Module> for every database provider
# (Sqlite, Postgres, SqlServer), each in Persistence/Migrations/<Provider>. A provider's first snapshot
# gets the provider in its class and file name, so that dotnet ef never overwrites another provider's.
set -euo pipefail
cd "$(dirname "$0")/.."
module=${1:?usage: ef-migrations-add.sh <Module> <Name>}
name=${2:?usage: ef-migrations-add.sh <Module> <Name>}
project="src/Modules/$module"
dotnet tool restore >/dev/null
dotnet build "$project" >/dev/null
for provider in Sqlite Postgres SqlServer; do
    dir="$project/Persistence/Migrations/$provider"
    dotnet ef migrations add "$name" -p "$project" -s "$project" -o "Persistence/Migrations/$provider" --no-build -- --provider "$provider"
    default="$dir/${module}DbContextModelSnapshot.cs"
    if [[ -f $default ]]; then
        sed -i "s/partial class ${module}DbContextModelSnapshot /partial class ${module}DbContext${provider}ModelSnapshot /" "$default"
        mv "$default" "$dir/${module}DbContext${provider}ModelSnapshot.cs"
    fi
    dotnet build "$project" >/dev/null
done
rm -f "$project/design-time.db"
