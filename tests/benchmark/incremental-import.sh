#!/bin/bash
# Times an incremental import of 1,000 changed invoices into a PostgreSQL central database that
# already holds the full bundle, as in docs/performance.md ("Incremental import at scale").
#
# usage: tests/benchmark/incremental-import.sh SHOP_DB BIN_DIR PG_CONNECTION [WORK_DIR [RUNS]]
#   SHOP_DB        a generated shop (syncfiles-samples generate ...; run.sh --keep leaves one in OUT/work/data)
#   BIN_DIR        holds export/syncfiles-export, import/syncfiles-import and samples/syncfiles-samples
#                  (run.sh --keep leaves them in OUT/build/bin)
#   PG_CONNECTION  Npgsql connection string of a server to create the database incr_central on
#                  (for example the one tests/postgres.sh starts), without Database=
#   RUNS           times the incremental import RUNS times (default 1), each on a fresh copy of the
#                  central database as the full import left it (kept as the template database
#                  incr_central_full), and prints the median
set -euo pipefail
shop=$1; bin=$2; pg=$3; work=${4:-$(mktemp -d)}; runs=${5:-1}
repo=$(cd "$(dirname "$0")/../.." && pwd)
host=$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$pg"); port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$pg")
user=$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$pg")
psql_on() { psql "host=$host port=${port:-5432} user=${user:-postgres} dbname=$1" -q -v ON_ERROR_STOP=1 "${@:2}"; }

mkdir -p "$work/site" "$work/central/inbox"
cp "$shop" "$work/site/shop.db"
cp "$repo/samples/sqlite/site.json" "$work/site/site.json"
"$bin/export/syncfiles-export" run --config "$work/site/site.json" --quiet >/dev/null
"$bin/samples/syncfiles-samples" change --db "$work/site/shop.db" --update 1000 --insert 0 --at "2026-01-02 10:00:00" >/dev/null
"$bin/export/syncfiles-export" run --config "$work/site/site.json" --quiet >/dev/null

psql_on postgres -c "DROP DATABASE IF EXISTS incr_central WITH (FORCE)" -c "CREATE DATABASE incr_central"
psql_on incr_central -f "$repo/samples/postgres/central.sql" >/dev/null
sed -e "s|\"connectionString\": \"[^\"]*\"|\"connectionString\": \"$pg;Database=incr_central\"|" \
  "$repo/samples/postgres/server.json" >"$work/central/server.json"

cp "$work/site/outbox/AG01-00000001.zip" "$work/central/inbox/"
/usr/bin/time -f "full import %e s (CPU %U+%S s, %M KB)" "$bin/import/syncfiles-import" run --config "$work/central/server.json" --quiet
# A day passes between two bundles at head office: autovacuum has long analyzed the loaded tables.
psql_on incr_central -c "VACUUM ANALYZE" -c "CHECKPOINT"; sync
if [ "$runs" -gt 1 ]; then
  psql_on postgres -c "DROP DATABASE IF EXISTS incr_central_full WITH (FORCE)" \
    -c "CREATE DATABASE incr_central_full TEMPLATE incr_central STRATEGY FILE_COPY"
fi
: >"$work/incremental-times.txt"
for run in $(seq 1 "$runs"); do
  if [ "$run" -gt 1 ]; then
    psql_on postgres -c "DROP DATABASE incr_central WITH (FORCE)" \
      -c "CREATE DATABASE incr_central TEMPLATE incr_central_full STRATEGY FILE_COPY"
    rm -f "$work/central/processed/AG01-00000002.zip"
    psql_on incr_central -c "CHECKPOINT"; sync
  fi
  cp "$work/site/outbox/AG01-00000002.zip" "$work/central/inbox/"
  /usr/bin/time -o "$work/time.txt" -f "incremental import %e s (CPU %U+%S s, %M KB)" "$bin/import/syncfiles-import" run --config "$work/central/server.json" --quiet
  cat "$work/time.txt"; cat "$work/time.txt" >>"$work/incremental-times.txt"
done
if [ "$runs" -gt 1 ]; then
  sort -n -k3 "$work/incremental-times.txt" | awk '{ t[NR] = $3 } END { printf "incremental import median of %d: %s s\n", NR, (NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2) }'
fi
echo "work folder: $work"
