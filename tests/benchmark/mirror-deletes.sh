#!/usr/bin/env bash
# Times "deletes": "mirror" on SQLite (issue 12 item 6): a reference table of ROWS rows from one site,
# mirrored into a central table that also holds a second site's ROWS rows. Prints the seconds of the
# import of the first bundle (every row new) and of the second (1 % of the site's rows deleted and
# 1 % updated at the site: the mirror deletes exactly those, the other site's rows stay).
# Figures: docs/performance.md ("Mirrored reference tables on SQLite").
#
# usage: tests/benchmark/mirror-deletes.sh [ROWS [BIN_DIR [WORK_DIR]]]
#   ROWS      rows of the mirrored table (default 100000)
#   BIN_DIR   holds export/syncfiles-export and import/syncfiles-import (run.sh --keep leaves them in
#             OUT/build/bin); default: built here in Release into WORK_DIR/bin
set -euo pipefail
rows=${1:-100000}; bin=${2:-}; work=${3:-$(mktemp -d)}
repo=$(cd "$(dirname "$0")/../.." && pwd)
[[ "$rows" =~ ^[1-9][0-9]*$ ]] || { echo "mirror-deletes.sh: '$rows' is not a positive whole number" >&2; exit 2; }
if [ -z "$bin" ]; then
  bin="$work/bin"
  dotnet publish "$repo/exporter/SyncFiles.Exporter" -c Release -o "$bin/export" -v quiet -nologo >/dev/null
  dotnet publish "$repo/importer/SyncFiles.Importer" -c Release -o "$bin/import" -v quiet -nologo >/dev/null
fi

# Starts from nothing each time: a state file or a bundle left by an earlier run would change what is timed.
rm -rf "$work/site" "$work/central"
mkdir -p "$work/site" "$work/central/inbox"
sqlite3 "$work/site/site.db" <<SQL
CREATE TABLE articles (id INTEGER PRIMARY KEY, code TEXT NOT NULL, label TEXT NOT NULL, price NUMERIC(10,2));
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
INSERT INTO articles SELECT i, printf('A%08d', i), 'article ' || i, i % 1000 + 0.5 FROM n;
SQL
cat >"$work/site/site.json" <<JSON
{ "siteId": "AG01", "source": { "provider": "sqlite", "connectionString": "Data Source=site.db" },
  "outbox": "outbox", "stateFile": ".sync_state.json",
  "tables": [ { "name": "articles", "kind": "reference", "deletes": "mirror" } ] }
JSON
# The central table also holds a second site's rows with the same keys: the mirror must leave them.
sqlite3 "$work/central/central.db" <<SQL
CREATE TABLE articles (agence TEXT NOT NULL, id INTEGER NOT NULL, code TEXT NOT NULL, label TEXT NOT NULL,
  price NUMERIC(10,2), PRIMARY KEY (agence, id));
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
INSERT INTO articles SELECT 'AG02', i, printf('A%08d', i), 'article ' || i, 1 FROM n;
SQL
cat >"$work/central/server.json" <<JSON
{ "target": { "provider": "sqlite", "connectionString": "Data Source=central.db" },
  "inbox": "inbox", "processed": "processed", "quarantine": "quarantine",
  "sites": [ { "id": "AG01" }, { "id": "AG02" } ],
  "tables": [ { "name": "articles", "siteColumn": "agence" } ] }
JSON

timed_import() {
  local start end
  start=$(date +%s.%N)
  "$bin/import/syncfiles-import" run --config "$work/central/server.json" --quiet
  end=$(date +%s.%N)
  echo "$1: $(echo "$end - $start" | bc) s"
}

"$bin/export/syncfiles-export" run --config "$work/site/site.json" --quiet >/dev/null
mv "$work"/site/outbox/*.zip "$work/central/inbox/"
timed_import "import 1, $rows mirrored rows, all new"

step=100
sqlite3 "$work/site/site.db" "DELETE FROM articles WHERE id % $step = 0; UPDATE articles SET label = label || ' (new)' WHERE id % $step = 1;"
"$bin/export/syncfiles-export" run --config "$work/site/site.json" --quiet >/dev/null
mv "$work"/site/outbox/*.zip "$work/central/inbox/"
timed_import "import 2, $rows mirrored rows, $((rows / step)) deleted and $(( (rows + step - 1) / step )) updated at the site"

ag01=$(sqlite3 "$work/central/central.db" "SELECT count(*) FROM articles WHERE agence = 'AG01'")
ag02=$(sqlite3 "$work/central/central.db" "SELECT count(*) FROM articles WHERE agence = 'AG02'")
expected=$((rows - rows / step))
echo "central rows: AG01 $ag01 (expected $expected), AG02 $ag02 (expected $rows)"
[ "$ag01" = "$expected" ] && [ "$ag02" = "$rows" ] || { echo "mirror-deletes.sh: wrong row counts" >&2; exit 1; }
echo "work folder: $work"
