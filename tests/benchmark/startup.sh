#!/bin/bash
# Times the runs a shop and head office make every night, whose time is mostly the fixed cost of a
# run (process start, JIT, connection, configuration): `--help`, `status` of both programs, and the
# incremental export and import of one small day's change of the quickstart shop (SQLite site and
# head office; PostgreSQL head office too when PG_CONNECTION is given). docs/performance.md, "Fixed
# cost of a run (issue 16, part 3)", has the figures it gave.
#
# usage: tests/benchmark/startup.sh SAMPLES WORK RUNS [PG_CONNECTION] -- NAME=DIR[,VAR=VALUE...] ...
#   SAMPLES        the samples program: a syncfiles-samples executable, or its .dll (run with dotnet)
#   WORK           an empty or new folder for the quickstart, the copies and the timings
#   RUNS           runs of every step for every build, the builds interleaved run by run
#   PG_CONNECTION  Npgsql connection string, without Database=, of a server to create the databases
#                  startup_central and startup_central_full on (optional)
#   NAME=DIR       a build to time: DIR holds syncfiles-export and syncfiles-import (a publish
#                  folder; for `dotnet build` output or an installed tool, a folder of symbolic
#                  links to the two apphosts); VAR=VALUE pairs are set for that build's runs only
#                  (for example DOTNET_TieredPGO=0)
# Prints, per build and step, the median wall time and median CPU (user+sys) in seconds and the
# median peak resident set in MiB; every run's figures are in WORK/times.tsv.
set -euo pipefail
samples=$1; work=$2; runs=$3; pg=""
shift 3
if [ "${1:-}" != "--" ]; then pg=$1; shift; fi
[ "${1:-}" = "--" ] || { echo "usage: see the head of $0" >&2; exit 2; }
shift
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work"; work=$(cd "$work" && pwd)
# A single file unpacks its native libraries on its first start, by default into ~/.net: into WORK
# instead, so that the timings write nothing outside it (unless the caller chose a folder).
export DOTNET_BUNDLE_EXTRACT_BASE_DIR=${DOTNET_BUNDLE_EXTRACT_BASE_DIR:-$work/dotnet-bundle}
run_samples() { if [[ "$samples" == *.dll ]]; then dotnet "$samples" "$@"; else "$samples" "$@"; fi; }

# The quickstart's shop and head office after their two syncs, then one more day at the shop
# (the same day every run: the fixture is copied, never changed in place).
fixture=$work/fixture
if [ ! -d "$fixture" ]; then
  run_samples quickstart --dir "$work/quickstart" --invoices 10000 >/dev/null
  run_samples change --db "$work/quickstart/site/shop.db" --update 100 --insert 50 --seed 11 >/dev/null
  mv "$work/quickstart" "$fixture"
fi

if [ -n "$pg" ]; then
  host=$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$pg"); port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$pg")
  user=$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$pg")
  psql_on() { psql "host=$host port=${port:-5432} user=${user:-postgres} dbname=$1" -q -v ON_ERROR_STOP=1 "${@:2}"; }
  pgcentral=$work/pgcentral
  rm -rf "$pgcentral"; mkdir -p "$pgcentral/inbox"
  sed -e "s|\"connectionString\": \"[^\"]*\"|\"connectionString\": \"$pg;Database=startup_central\"|" \
    "$repo/samples/postgres/server.json" >"$pgcentral/server.json"
  psql_on postgres -c "DROP DATABASE IF EXISTS startup_central WITH (FORCE)" -c "DROP DATABASE IF EXISTS startup_central_full WITH (FORCE)" \
    -c "CREATE DATABASE startup_central"
  psql_on startup_central -f "$repo/samples/postgres/central.sql" >/dev/null
  cp "$fixture"/central/processed/AG01-0000000[12].zip "$pgcentral/inbox/"
  first=${1#*=}; first=${first%%,*}
  "$first/syncfiles-import" run --config "$pgcentral/server.json" --quiet >/dev/null
  psql_on startup_central -c "VACUUM ANALYZE"
  psql_on postgres -c "CREATE DATABASE startup_central_full TEMPLATE startup_central STRATEGY FILE_COPY"
  cp -a "$pgcentral" "$work/pgcentral-fixture"
fi

times=$work/times.tsv
printf 'build\tstep\trun\twall\tcpu\tmaxrss_kb\texit\n' >"$times"
# step NAME BUILD RUN COMMAND...: times one command, appends a line to times.tsv
step() {
  local name=$1 build=$2 run=$3; shift 3
  local code=0 wall cpu_user cpu_sys rss
  /usr/bin/time -o "$work/time.txt" -f "%e %U %S %M" "$@" >"$work/out.txt" 2>"$work/err.txt" || code=$?
  read -r wall cpu_user cpu_sys rss <"$work/time.txt"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$build" "$name" "$run" "$wall" "$(echo "$cpu_user + $cpu_sys" | bc)" "$rss" "$code" >>"$times"
  if [ "$code" -ne 0 ] && [ "$name" != "import-status" ] && [ "$name" != "export-status" ]; then
    echo "$build $name exited with $code:" >&2; cat "$work/out.txt" "$work/err.txt" >&2; exit 1
  fi
}

for run in $(seq 1 "$runs"); do
  for spec in "$@"; do
    build=${spec%%=*}; rest=${spec#*=}; dir=${rest%%,*}; vars=()
    [ "$rest" = "$dir" ] || IFS=, read -r -a vars <<<"${rest#*,}"
    with=(env "${vars[@]}")
    day=$work/day; rm -rf "$day"; cp -a "$fixture" "$day"
    step export-help "$build" "$run" "${with[@]}" "$dir/syncfiles-export" --help
    step export-status "$build" "$run" "${with[@]}" "$dir/syncfiles-export" status --config "$day/site/site.json"
    step import-status "$build" "$run" "${with[@]}" "$dir/syncfiles-import" status --config "$day/central/server.json"
    step export-incremental "$build" "$run" "${with[@]}" "$dir/syncfiles-export" run --config "$day/site/site.json" --quiet
    bundle=$(cat "$work/out.txt")
    cp "$bundle" "$day/central/inbox/"
    step import-incremental-sqlite "$build" "$run" "${with[@]}" "$dir/syncfiles-import" run --config "$day/central/server.json" --quiet
    if [ -n "$pg" ]; then
      psql_on postgres -c "DROP DATABASE startup_central WITH (FORCE)" \
        -c "CREATE DATABASE startup_central TEMPLATE startup_central_full STRATEGY FILE_COPY"
      rm -rf "$pgcentral"; cp -a "$work/pgcentral-fixture" "$pgcentral"
      cp "$bundle" "$pgcentral/inbox/"
      step import-incremental-postgres "$build" "$run" "${with[@]}" "$dir/syncfiles-import" run --config "$pgcentral/server.json" --quiet
    fi
  done
done

# Medians per build and step, in the order the builds were given.
awk -F'\t' 'NR > 1 { k = $1 "\t" $2; n[k]++; w[k, n[k]] = $4; c[k, n[k]] = $5; m[k, n[k]] = $6; if (!(k in seen)) { seen[k] = 1; order[++keys] = k } }
  function median(a, k, count,   i, j, t, v) { for (i = 1; i <= count; i++) v[i] = a[k, i] + 0
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return count % 2 ? v[(count + 1) / 2] : (v[count / 2] + v[count / 2 + 1]) / 2 }
  END { printf "%-28s %-28s %5s %8s %8s %8s\n", "build", "step", "runs", "wall s", "CPU s", "MiB"
    for (i = 1; i <= keys; i++) { k = order[i]; split(k, p, "\t")
      printf "%-28s %-28s %5d %8.2f %8.2f %8.0f\n", p[1], p[2], n[k], median(w, k, n[k]), median(c, k, n[k]), median(m, k, n[k]) / 1024 } }' "$times"
