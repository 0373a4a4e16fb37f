#!/usr/bin/env bash
# Checks what build/package.sh left in artifacts/ the way a user would use it:
# - the linux-x64 single-file programs start (--help), and export a freshly generated sample shop
#   and import the bundle into the sample central SQLite database (the native SQLite library must
#   load from inside the single file for that);
# - the win-x64 executables exist and are Windows executables (they start with "MZ");
# - both .NET tool packages install with `dotnet tool install` and the installed tools start.
# Needs a Release build of the solution (for the samples program). Prints one line per check and
# fails on the first that does not hold.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration="${CONFIGURATION:-Release}"
samples="samples/SyncFiles.Samples/bin/$configuration/net10.0/syncfiles-samples.dll"
work="$(mktemp -d -t syncfiles-package.XXXXXX)"
trap 'rm -rf "$work"' EXIT

fail() { echo "package check failed: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

linux=artifacts/linux-x64
for program in syncfiles-export syncfiles-import; do
  [ -x "$linux/$program" ] || fail "$linux/$program is missing or not executable"
  "$linux/$program" --help >"$work/help.txt" || fail "$linux/$program --help exited with $?"
  grep -q "run" "$work/help.txt" || fail "$linux/$program --help does not list the run command"
  ok "$linux/$program --help"
  # The French resources are satellite assemblies: they must travel inside the single file too.
  "$linux/$program" --lang fr --help >"$work/help-fr.txt" || fail "$linux/$program --lang fr --help exited with $?"
  grep -q " lots " "$work/help-fr.txt" || fail "$linux/$program --lang fr --help is not in French: $(head -n 3 "$work/help-fr.txt")"
  ok "$linux/$program --lang fr --help (French)"
done

# A head office with the sample central database (the quickstart makes it, and syncs site AG01 into
# it), then a new shop, AG02, exported and imported by the single-file programs only.
dotnet "$samples" quickstart --dir "$work/quickstart" --invoices 200 >/dev/null
mkdir -p "$work/ag02"
dotnet "$samples" generate --db "$work/ag02/shop.db" --site AG02 --invoices 500 >/dev/null
sed 's/"AG01"/"AG02"/' samples/sqlite/site.json >"$work/ag02/site.json"

bundle="$("$linux/syncfiles-export" run --config "$work/ag02/site.json" 2>"$work/export.log")" \
  || fail "single-file syncfiles-export run exited with $?: $(cat "$work/export.log")"
[ -f "$bundle" ] || fail "syncfiles-export printed '$bundle', which is not a file"
ok "single-file syncfiles-export run -> $(basename "$bundle")"

mkdir -p "$work/quickstart/central/inbox"
cp "$bundle" "$work/quickstart/central/inbox/"
"$linux/syncfiles-import" run --config "$work/quickstart/central/server.json" >"$work/import.txt" 2>"$work/import.log" \
  || fail "single-file syncfiles-import run exited with $?: $(cat "$work/import.txt" "$work/import.log")"
grep -q "^applied *AG02-00000001.zip: full" "$work/import.txt" || fail "the import did not apply AG02-00000001.zip: $(cat "$work/import.txt")"
ok "single-file syncfiles-import run -> $(cat "$work/import.txt")"

for program in syncfiles-export syncfiles-import; do
  exe="artifacts/win-x64/$program.exe"
  [ -f "$exe" ] || fail "$exe is missing"
  [ "$(head -c 2 "$exe")" = "MZ" ] || fail "$exe does not start with MZ"
  ok "$exe ($(($(stat -c %s "$exe") / 1048576)) MiB, MZ)"
done

# Only the local packages as a source: the check must not depend on (or be fooled by) a registry.
cat >"$work/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="artifacts" value="$PWD/artifacts/packages" />
  </packageSources>
</configuration>
EOF
for package in SyncFiles.Exporter:syncfiles-export SyncFiles.Importer:syncfiles-import; do
  id="${package%%:*}"
  command="${package##*:}"
  dotnet tool install --tool-path "$work/tools" --configfile "$work/nuget.config" "$id" >/dev/null \
    || fail "dotnet tool install $id failed"
  "$work/tools/$command" --help >"$work/help.txt" || fail "the installed $command --help exited with $?"
  grep -q "run" "$work/help.txt" || fail "the installed $command --help does not list the run command"
  ok "dotnet tool install $id; $command --help"
done
