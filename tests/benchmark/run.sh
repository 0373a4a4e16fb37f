#!/usr/bin/env bash
# SyncFiles benchmark: builds the programs into a scratch folder (by default as build/package.sh
# publishes them for linux-x64, the single files shops run), generates the shop data set
# with the samples' generator, runs each scenario several times beside its baseline (sqlite3 shell,
# PostgreSQL COPY | zstd) and prints one line per figure and one verdict per target.
# How to run it and what it measures: docs/performance.md.
#
#   tests/benchmark/run.sh [--scale N] [--runs R] [--scale-runs R] [--only SECTIONS] [--out DIR]
#                          [--rev GIT-REV | --bin DIR] [--programs published|build] [--seed-invoices N] [--keep] [--breakdown]
#                          [--lines N[,N...]] [--sites N] [--site-bundles N] [--site-invoices N] [--postgres-port PORT]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
helper="$here/bench.py"
command_line="tests/benchmark/run.sh"
for arg in "$@"; do
  if [[ "$arg" =~ ^[A-Za-z0-9_./:=,+-]+$ ]]; then command_line+=" $arg"; else command_line+=" $(printf '%q' "$arg")"; fi
done

scale=1000000
seed_invoices=10000
runs=3
scale_runs=""
only="all"
out=""
rev=""
prebuilt=""
keep=0
breakdown=0
lines=2000000
sites=200
site_bundles=5
site_invoices=100
external_port=""
programs=""

usage() {
  cat <<'EOF'
Usage: tests/benchmark/run.sh [options]
  --scale N          invoices of the scale data set (default 1000000; about 12 rows per invoice)
  --runs R           runs of each seed scenario, the median is printed (default 3)
  --scale-runs R     runs of each scale scenario (default: --runs)
  --only LIST        comma-separated sections: seed, sqlite-scale, postgres, lines, sites, or the
                     aliases sqlite (= seed,sqlite-scale) and all (default: every section)
  --lines N[,N...]   rows of the one-table PostgreSQL data set of section lines (default 2000000);
                     several sizes run one after the other, e.g. 2000000,12000000
  --sites N          sites of section sites (default 200), each sending --site-bundles bundles
  --site-bundles N   bundles per site in section sites (default 5: one full, then incrementals)
  --site-invoices N  invoices of the shop every site of section sites exports (default 100)
  --postgres-port P  use the PostgreSQL server already listening on 127.0.0.1:P (user postgres)
                     instead of a throwaway cluster; databases named bench<pid>_*, dropped at the end
  --seed-invoices N  invoices of the seed data set (default 10000)
  --out DIR          where results, data and builds go (default bench-out/<date-time>)
  --rev REV          benchmark a git revision (git archive) instead of the working tree
  --bin DIR          use binaries built earlier by this script (DIR/export, DIR/import, DIR/samples)
  --programs P       which build of syncfiles-export and syncfiles-import is measured: published
                     (default: dotnet publish -c Release -r linux-x64, the self-contained single
                     files build/package.sh ships) or build (dotnet build -c Release: framework-
                     dependent, JIT only); with --bin, what DIR holds (found out when not given)
  --keep             keep the generated data, bundles and builds (default: only results are kept)
  --breakdown        also run the stage probe (tests/benchmark/probe): read / CSV / hash / compress
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --scale-runs) scale_runs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --seed-invoices) seed_invoices="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --rev) rev="$2"; shift 2 ;;
    --bin) prebuilt="$2"; shift 2 ;;
    --programs) programs="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --breakdown) breakdown=1; shift ;;
    --lines) lines="$2"; shift 2 ;;
    --sites) sites="$2"; shift 2 ;;
    --site-bundles) site_bundles="$2"; shift 2 ;;
    --site-invoices) site_invoices="$2"; shift 2 ;;
    --postgres-port) external_port="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
scale_runs=${scale_runs:-$runs}
for n in "$scale" "$runs" "$scale_runs" "$seed_invoices" ${lines//,/ } "$sites" "$site_bundles" "$site_invoices" ${external_port:+"$external_port"}; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: '$n' is not a positive whole number" >&2; exit 2; }
done

# The build of the two programs that is measured. Binaries of an earlier run (--bin) say themselves
# which they are: `dotnet build` output has the program's .dll beside it and no runtime, a publish
# is one file.
if [ -n "$prebuilt" ]; then
  [ -d "$prebuilt" ] || { echo "run.sh: --bin $prebuilt is not a folder" >&2; exit 2; }
  held=published
  if [ -f "$prebuilt/export/syncfiles-export.dll" ] && [ ! -f "$prebuilt/export/libcoreclr.so" ]; then held=build; fi
  if [ -n "$programs" ] && [ "$programs" != "$held" ]; then
    echo "run.sh: --programs $programs, but $prebuilt holds the $held programs" >&2; exit 2
  fi
  programs=$held
fi
programs=${programs:-published}
case "$programs" in
  published)
    # build/package.sh publishes for linux-x64 and win-x64; this machine can run the first only.
    if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
      echo "run.sh: --programs published measures the linux-x64 single files; on $(uname -s) $(uname -m) use --programs build" >&2; exit 2
    fi
    programs_text="published: dotnet publish -c Release -r linux-x64, as build/package.sh ships them (self-contained single file, ReadyToRun for the run path: build/Program.props)" ;;
  build) programs_text="build: dotnet build -c Release (framework-dependent, every method JIT-compiled; not what shops run)" ;;
  *) echo "run.sh: --programs is published or build, not '$programs'" >&2; exit 2 ;;
esac

want_seed=0; want_sqlite_scale=0; want_pg=0; want_lines=0; want_sites=0
IFS=',' read -r -a sections <<<"$only"
for s in "${sections[@]}"; do
  case "$s" in
    all) want_seed=1; want_sqlite_scale=1; want_pg=1; want_lines=1; want_sites=1 ;;
    sqlite) want_seed=1; want_sqlite_scale=1 ;;
    seed) want_seed=1 ;;
    sqlite-scale) want_sqlite_scale=1 ;;
    postgres|pg) want_pg=1 ;;
    lines) want_lines=1 ;;
    sites) want_sites=1 ;;
    *) echo "run.sh: unknown section '$s' (seed, sqlite-scale, postgres, lines, sites, sqlite, all)" >&2; exit 2 ;;
  esac
done

for tool in python3 sqlite3 zstd /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (Debian: apt-get install python3 sqlite3 zstd time)" >&2; exit 2; }
done
if [ "$want_pg$want_lines$want_sites" != 000 ] && ! command -v psql >/dev/null; then
  echo "run.sh: psql is missing (Debian: apt-get install postgresql)" >&2; exit 2
fi

out=${out:-"$repo/bench-out/$(date +%Y%m%d-%H%M%S)"}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work="$out/work"
rm -rf "$work"
mkdir -p "$work"
results="$out/results.tsv"
: >"$results"
log="$out/run.log"
: >"$log"

say() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$log" >&2; }

pg_started=0
pg_external=0
# The databases of this run: plain names in a throwaway cluster, prefixed on a server we share.
DB_PREFIX=""
if [ -n "$external_port" ]; then DB_PREFIX="bench$$_"; fi
DB_SHOP="${DB_PREFIX}shop"
DB_CENTRAL="${DB_PREFIX}central"
DB_CENTRAL_FULL="${DB_PREFIX}central_full"
PG_CENTRAL_DIR="$work/pg/central"
cleanup() {
  local status=$?
  if [ "$pg_started" = 1 ]; then
    stop_test_postgres || true
  fi
  if [ "$pg_external" = 1 ]; then
    drop_own_databases || true
  fi
  if [ "$keep" = 0 ]; then
    rm -rf "$work" "$out/build"
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------------------------------ machine

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)
mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
os=$( (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -s)
if [ -n "$prebuilt" ]; then
  code="binaries from $prebuilt (built earlier; the working tree is now at $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'))"
elif [ -n "$rev" ]; then
  code="git revision $(git -C "$repo" rev-parse --short "$rev")"
else
  changed=$(git -C "$repo" status --porcelain 2>/dev/null | wc -l)
  code="working tree at $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?') ($changed files changed or new)"
fi
{
  echo "SyncFiles benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "command:  $command_line"
  echo "code:     $code"
  echo "programs: $programs_text"
  echo "machine:  $(nproc) CPUs ($cpu), $mem RAM, $os, kernel $(uname -r)"
  echo "tools:    .NET SDK $(dotnet --version 2>/dev/null || echo '?'), $(sqlite3 --version | cut -d' ' -f1 | sed 's/^/sqlite3 /'), $(zstd --version | grep -o 'v[0-9.]*' | sed 's/^/zstd /')$(command -v psql >/dev/null && echo ", $(psql --version)")"
  echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) at start (1, 5, 15 min)"
  echo "settings: seed $seed_invoices invoices x $runs runs; scale $scale invoices x $scale_runs runs; lines $lines rows; sites $sites x $site_bundles bundles of $site_invoices invoices; sections: $only"
} >"$out/meta.txt"
cat "$out/meta.txt" >&2

# ------------------------------------------------------------------------------------------ build

if [ -n "$prebuilt" ]; then
  bin=$(cd "$prebuilt" && pwd)
else
  bin="$out/build/bin"
  src="$out/build/src"
  rm -rf "$out/build"
  mkdir -p "$src" "$bin"
  if [ -n "$rev" ]; then
    say "build: git archive $rev"
    git -C "$repo" archive --format=tar "$rev" | tar -x -C "$src"
  else
    # A copy of the working tree, so that edits made while the benchmark runs change nothing.
    say "build: copying the working tree"
    tar -C "$repo" --exclude=./.git --exclude='*/bin' --exclude='*/obj' --exclude=./TestResults \
      --exclude=./bench-out --exclude=./quickstart -cf - . | tar -x -C "$src"
  fi
  # The two programs as --programs says: published with build/package.sh's own command (its
  # settings are in build/Program.props), or built. The samples generator is never measured: a
  # plain build. The two -p settings only keep a warning of an edited tree from failing the build.
  build_times=""
  for project in exporter/SyncFiles.Exporter:export:$programs importer/SyncFiles.Importer:import:$programs samples/SyncFiles.Samples:samples:build; do
    IFS=: read -r path name how <<<"$project"
    if [ "$how" = published ]; then verb=(publish -c Release -r linux-x64); else verb=(build -c Release); fi
    say "build: dotnet ${verb[*]} $path"
    step_start=$SECONDS
    if ! dotnet "${verb[@]}" "$src/$path" -o "$bin/$name" -nologo -v q \
        -p:TreatWarningsAsErrors=false -p:EnforceCodeStyleInBuild=false >"$out/build/$name.log" 2>&1; then
      tail -n 30 "$out/build/$name.log" >&2
      echo "run.sh: the build failed (log: $out/build/$name.log)" >&2
      exit 1
    fi
    build_times+="${build_times:+, }$name $((SECONDS - step_start)) s (${verb[0]})"
  done
  echo "build:    $build_times" >>"$out/meta.txt"
  if [ "$breakdown" = 1 ]; then
    say "build: dotnet build -c Release tests/benchmark/probe"
    dotnet build "$src/tests/benchmark/probe" -c Release -o "$bin/probe" -nologo -v q \
      -p:TreatWarningsAsErrors=false -p:EnforceCodeStyleInBuild=false >"$out/build/probe.log" 2>&1 \
      || { tail -n 30 "$out/build/probe.log" >&2; echo "run.sh: the probe did not build; no breakdown" >&2; breakdown=0; }
  fi
fi
EXPORT="$bin/export/syncfiles-export"
IMPORT="$bin/import/syncfiles-import"
SAMPLES="$bin/samples/syncfiles-samples"
for program in "$EXPORT" "$IMPORT" "$SAMPLES"; do
  [ -x "$program" ] || { echo "run.sh: $program is missing" >&2; exit 1; }
done
# A single file unpacks its native libraries (SQLite's) on its first start, by default into ~/.net:
# here into this run's own folder, so that the benchmark writes nothing outside it. One untimed
# start of each program, so that no timed run pays for the unpacking (a shop pays it once).
export DOTNET_BUNDLE_EXTRACT_BASE_DIR="$work/dotnet-bundle"
for program in "$EXPORT" "$IMPORT"; do
  "$program" --help >/dev/null || { echo "run.sh: $program --help failed" >&2; exit 1; }
done
if [ -d "$DOTNET_BUNDLE_EXTRACT_BASE_DIR" ]; then
  echo "unpacked: $(find "$DOTNET_BUNDLE_EXTRACT_BASE_DIR" -type f -printf '%f\n' | sort -u | paste -sd' ') (at the first start, into OUT/work/dotnet-bundle)" >>"$out/meta.txt"
fi

# ------------------------------------------------------------------------------------------ helpers

T_SEC=0
T_RSS=0
T_CPU=0
# timeit CMD...: runs CMD under GNU time; sets T_SEC (wall seconds), T_RSS (peak RSS, KiB, of the
# process and of the children it waited for) and T_CPU (user + system CPU seconds of the process
# and its children; database servers not included). Output goes to $work/last.out / last.err.
timeit() {
  local status=0 user system
  /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@" >"$work/last.out" 2>"$work/last.err" || status=$?
  read -r T_SEC T_RSS user system < <(tail -n 1 "$work/time.txt")
  T_CPU=$(python3 -c 'import sys; print(round(float(sys.argv[1]) + float(sys.argv[2]), 2))' "$user" "$system")
  if [ "$status" != 0 ]; then
    echo "run.sh: failed (exit $status): $*" >&2
    tail -n 20 "$work/last.err" >&2
    tail -n 5 "$work/last.out" >&2
    exit 1
  fi
}

# record KIND LABEL TOOL RUN ROWS CSV_BYTES OUT_BYTES: one timed run, with T_SEC, T_RSS and T_CPU.
record() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$T_SEC" "$T_RSS" "$5" "$6" "$7" "$T_CPU" >>"$results"
  say "  $2 | $3 | run $4: ${T_SEC} s (CPU ${T_CPU} s), $((T_RSS / 1024)) MB RSS"
}

thousands() { python3 -c 'import sys; print(f"{int(sys.argv[1]):,}")' "$1"; }

size_of() { du -cb "$@" 2>/dev/null | tail -n 1 | cut -f1; }

# The uncompressed size of the baseline's zstd files (measured after the timed run).
zst_csv_bytes() { local total=0 f; for f in "$1"/*.csv.zst; do total=$((total + $(zstd -dcq "$f" | wc -c))); done; echo "$total"; }

# sqlite_site DIR DB: a site folder with the sample SQLite site.json pointing at DB (copied in).
prepare_site() {
  local dir=$1 config=$2 connection=$3
  mkdir -p "$dir"
  sed -e "s|\"connectionString\": \"[^\"]*\"|\"connectionString\": \"$connection\"|" "$config" >"$dir/site.json"
}

prepare_central() {
  local dir=$1 config=$2 connection=$3
  mkdir -p "$dir"
  sed -e "s|\"connectionString\": \"[^\"]*\"|\"connectionString\": \"$connection\"|" "$config" >"$dir/server.json"
}

BUNDLE=""
# export_once SITE_DIR STATE_FILE_OR_EMPTY [ARGS...]: one timed export from a given state (none:
# a full export) into an empty outbox. Sets BUNDLE.
export_once() {
  local dir=$1 state=$2
  shift 2
  rm -rf "$dir/outbox" "$dir/.sync_state.json"
  [ -n "$state" ] && cp "$state" "$dir/.sync_state.json"
  sync_caches_quietly
  timeit "$EXPORT" run --config "$dir/site.json" --quiet "$@"
  BUNDLE=$(tail -n 1 "$work/last.out")
  [ -f "$BUNDLE" ] || { echo "run.sh: the exporter printed no bundle path" >&2; cat "$work/last.out" >&2; exit 1; }
}

# import_once CENTRAL_DIR BUNDLE: one timed import of BUNDLE (the target must be prepared).
import_once() {
  local dir=$1 bundle=$2
  rm -rf "$dir/inbox" "$dir/processed" "$dir/quarantine"
  mkdir -p "$dir/inbox"
  cp "$bundle" "$dir/inbox/$(python3 "$helper" name "$bundle")"
  sync_caches_quietly
  timeit "$IMPORT" run --config "$dir/server.json" --quiet
  grep -q '^applied' "$work/last.out" || { echo "run.sh: the bundle was not applied:" >&2; cat "$work/last.out" "$work/last.err" >&2; exit 1; }
}

# The baseline must have loaded what SyncFiles loaded: same number of rows in the central tables.
check_counts() {
  if [ "$2" = "$3" ]; then
    say "  check: $1: $3 rows in the central tables after either load"
  else
    say "  WARNING: $1: the baseline left $2 rows in the central tables, SyncFiles $3; the comparison is not like for like"
  fi
}

sqlite_central_rows() {
  local union
  union=$(sqlite3 "$1" "SELECT group_concat('SELECT count(*) AS n FROM \"' || name || '\"', ' UNION ALL ') FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'syncfiles_%'")
  sqlite3 "$1" "SELECT sum(n) FROM ($union)"
}

pg_central_rows() {
  psql_db "$DB_CENTRAL" -At -c "SELECT sum((xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', tablename), false, true, '')))[1]::text::bigint) FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'syncfiles\_%'"
}

# Dirty pages of the previous step are written out before each timed run, so that one run does
# not pay for the last one's writes (the data itself stays in the page cache: runs are warm).
sync_caches_quietly() {
  sync
  if [ "$pg_started$pg_external" != 00 ]; then psql_db postgres -c "CHECKPOINT" >/dev/null; fi
}

# ------------------------------------------------------------------------------------------ SQLite

generate_shop() {
  local db=$1 invoices=$2
  if [ ! -f "$db" ]; then
    say "generate: $invoices invoices into $db"
    "$SAMPLES" generate --db "$db" --site AG01 --invoices "$invoices" --start 2025-01-01 | tee -a "$log" >&2
  fi
}

bundle_totals() { python3 "$helper" totals "$1"; }

# sqlite_export_pair KIND LABEL RUNS SITE_DIR STATE SAVE_PREFIX: SyncFiles export and the sqlite3
# baseline, alternately, RUNS times. The last bundle and state are saved as SAVE_PREFIX.zip/.json.
sqlite_export_pair() {
  local kind=$1 label=$2 n=$3 dir=$4 state=$5 save=$6 r rows bytes base
  base="$work/base/$kind"
  for r in $(seq 1 "$n"); do
    export_once "$dir" "$state"
    read -r rows bytes < <(bundle_totals "$BUNDLE")
    record "$kind" "$label" "syncfiles-export (deflate)" "$r" "$rows" "$bytes" "$(size_of "$BUNDLE")"
    cp "$BUNDLE" "$save.zip"
    cp "$dir/.sync_state.json" "$save.json"

    rm -rf "$base"; mkdir -p "$base"
    python3 "$helper" baseline-export --bundle "$BUNDLE" --dialect sqlite --dir "$base" >"$work/baseline-export.sql"
    sync_caches_quietly
    timeit sqlite3 -bail -readonly "$dir/shop.db" ".read $work/baseline-export.sql"
    record "$kind" "$label" "baseline sqlite3 .mode csv" "$r" "$rows" "$(size_of "$base"/*.csv)" "$(size_of "$base"/*.csv)"
  done
}

# sqlite_import_pair KIND LABEL RUNS CENTRAL_DIR START_DB BUNDLE EXPORT_KIND SAVE_DB
sqlite_import_pair() {
  local kind=$1 label=$2 n=$3 dir=$4 start=$5 bundle=$6 export_kind=$7 save=$8 r rows bytes base baseline_count=""
  base="$work/base/$export_kind"
  read -r rows bytes < <(bundle_totals "$bundle")
  python3 "$helper" baseline-import --bundle "$bundle" --dialect sqlite --dir "$base" \
    --server-config "$dir/server.json" --site AG01 >"$work/baseline-import.sql"
  for r in $(seq 1 "$n"); do
    cp "$start" "$dir/central.db"
    sync_caches_quietly
    timeit sqlite3 -bail "$dir/central.db" ".read $work/baseline-import.sql"
    record "$kind" "$label" "baseline sqlite3 .import + upsert" "$r" "$rows" "$(size_of "$base"/*.csv)" "$(size_of "$base"/*.csv)"
    if [ "$r" = 1 ]; then baseline_count=$(sqlite_central_rows "$dir/central.db"); fi

    cp "$start" "$dir/central.db"
    import_once "$dir" "$bundle"
    record "$kind" "$label" "syncfiles-import" "$r" "$rows" "$bytes" "$(size_of "$bundle")"
    if [ "$r" = 1 ]; then check_counts "$label" "$baseline_count" "$(sqlite_central_rows "$dir/central.db")"; fi
  done
  cp "$dir/central.db" "$save"
}

run_seed() {
  local root="$work/seed" n=$seed_invoices
  local name
  name=$(thousands "$n")
  say "seed scenarios: SQLite, $n invoices, $runs runs"
  mkdir -p "$root/saved"
  generate_shop "$work/data/shop-$n.db" "$n"
  prepare_site "$root/site" "$repo/samples/sqlite/site.json" "Data Source=shop.db"
  cp "$work/data/shop-$n.db" "$root/site/shop.db"
  prepare_central "$root/central" "$repo/samples/sqlite/server.json" "Data Source=central.db"
  sqlite3 "$root/saved/central-empty.db" <"$repo/samples/sqlite/central.sql"

  sqlite_export_pair seed-full-export "SQLite $name inv: full export" "$runs" "$root/site" "" "$root/saved/full"
  sqlite_import_pair seed-full-import "SQLite $name inv: full import" "$runs" "$root/central" "$root/saved/central-empty.db" \
    "$root/saved/full.zip" seed-full-export "$root/saved/central-full.db"

  # A day at the shop: half the invoices changed, half new (the generator also changes one price).
  "$SAMPLES" change --db "$root/site/shop.db" --update 50 --insert 50 --at "2026-01-02 10:00:00" | tee -a "$log" >&2
  sqlite_export_pair seed-incr100-export "SQLite $name inv: 100 changed, incremental export" "$runs" "$root/site" "$root/saved/full.json" "$root/saved/incr100"
  sqlite_import_pair seed-incr100-import "SQLite $name inv: 100 changed, incremental import" "$runs" "$root/central" "$root/saved/central-full.db" \
    "$root/saved/incr100.zip" seed-incr100-export "$root/saved/central-incr100.db"

  "$SAMPLES" change --db "$root/site/shop.db" --update 500 --insert 500 --at "2026-01-03 10:00:00" | tee -a "$log" >&2
  sqlite_export_pair seed-incr1000-export "SQLite $name inv: 1,000 changed, incremental export" "$runs" "$root/site" "$root/saved/incr100.json" "$root/saved/incr1000"
  sqlite_import_pair seed-incr1000-import "SQLite $name inv: 1,000 changed, incremental import" "$runs" "$root/central" "$root/saved/central-incr100.db" \
    "$root/saved/incr1000.zip" seed-incr1000-export "$root/saved/central-incr1000.db"
}

run_sqlite_scale() {
  local root="$work/sqlite-scale" n=$scale name
  name=$(thousands "$n")
  say "scale scenarios on SQLite: $n invoices, $scale_runs runs"
  mkdir -p "$root/saved"
  generate_shop "$work/data/shop-$n.db" "$n"
  prepare_site "$root/site" "$repo/samples/sqlite/site.json" "Data Source=$work/data/shop-$n.db"
  prepare_central "$root/central" "$repo/samples/sqlite/server.json" "Data Source=central.db"
  sqlite3 "$root/saved/central-empty.db" <"$repo/samples/sqlite/central.sql"
  # The sqlite3 baseline reads "$dir/shop.db": link the shared file there.
  ln -sf "$work/data/shop-$n.db" "$root/site/shop.db"

  sqlite_export_pair sqlite-scale-full-export "SQLite $name inv: full export" "$scale_runs" "$root/site" "" "$root/saved/full"
  sqlite_import_pair sqlite-scale-full-import "SQLite $name inv: full import" "$scale_runs" "$root/central" "$root/saved/central-empty.db" \
    "$root/saved/full.zip" sqlite-scale-full-export "$root/saved/central-full.db"
  rm -f "$root/saved/central-full.db" "$root/central/central.db"
}

# ------------------------------------------------------------------------------------------ PostgreSQL

PG_PORT=""
PSQL=()
psql_db() {
  local db=$1
  shift
  "${PSQL[@]}" -d "$db" "$@"
}

start_postgres() {
  if [ "$pg_started$pg_external" != 00 ]; then return 0; fi
  if [ -n "$external_port" ]; then
    pg_external=1
    PG_PORT=$external_port
    PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres)
    echo "postgres: $(psql_db postgres -At -c 'SELECT version()' | cut -d, -f1), the server already on port $PG_PORT (--postgres-port; databases ${DB_PREFIX}*; its own settings: $(psql_db postgres -At -c "SELECT string_agg(name || '=' || setting, ', ') FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')"))" >>"$out/meta.txt"
    return 0
  fi
  # shellcheck source=../postgres.sh
  . "$repo/tests/postgres.sh"
  # Always a cluster of our own: never someone else's server named in the environment.
  unset SYNCFILES_TEST_POSTGRES
  pg_started=1
  # Not in a pipeline: the function must set its variables in this shell.
  start_test_postgres >>"$log" 2>&1 || true
  [ -n "${SYNCFILES_TEST_POSTGRES:-}" ] || { echo "run.sh: PostgreSQL did not start" >&2; exit 1; }
  PG_PORT=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$SYNCFILES_TEST_POSTGRES")
  PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres)
  echo "postgres: $(psql_db postgres -At -c 'SELECT version()' | cut -d, -f1), throwaway cluster (fsync=off, synchronous_commit=off, full_page_writes=off: tests/postgres.sh)" >>"$out/meta.txt"
}

# load_pg_shop SQLITE_DB: the PostgreSQL shop database with the same rows, table by table.
load_pg_shop() {
  local db=$1 table columns start=$SECONDS
  psql_db postgres -c "DROP DATABASE IF EXISTS $DB_SHOP" -c "CREATE DATABASE $DB_SHOP"
  psql_db "$DB_SHOP" -f "$repo/samples/postgres/shop.sql" >/dev/null
  for table in $(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
    columns=$(sqlite3 "$db" "SELECT group_concat(name, ', ') FROM pragma_table_info('$table')")
    sqlite3 -readonly -csv -header "$db" "SELECT $columns FROM $table" \
      | psql_db "$DB_SHOP" -c "\\copy $table ($columns) FROM STDIN (FORMAT csv, HEADER true)"
  done
  psql_db "$DB_SHOP" -c "VACUUM (FREEZE, ANALYZE)"
  say "postgres: shop loaded from $db in $((SECONDS - start)) s ($(psql_db "$DB_SHOP" -At -c "SELECT pg_size_pretty(pg_database_size('$DB_SHOP'))"))"
}

# sync_pg_changes SQLITE_DB AT: copies the rows the generator's 'change' stamped at AT into PostgreSQL.
sync_pg_changes() {
  local db=$1 at=$2 table columns sets
  for table in $(sqlite3 "$db" "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'modifie_le') ORDER BY m.name"); do
    columns=$(sqlite3 "$db" "SELECT group_concat(name, ', ') FROM pragma_table_info('$table')")
    sets=$(sqlite3 "$db" "SELECT group_concat(name || ' = EXCLUDED.' || name, ', ') FROM pragma_table_info('$table') WHERE pk = 0")
    sqlite3 -readonly -csv -header "$db" "SELECT $columns FROM $table WHERE modifie_le >= '$at'" \
      | psql_db "$DB_SHOP" -f <(cat <<EOF
BEGIN;
CREATE TEMP TABLE bench_changes (LIKE $table);
\\copy bench_changes ($columns) FROM pstdin (FORMAT csv, HEADER true)
INSERT INTO $table ($columns) SELECT $columns FROM bench_changes ON CONFLICT (id) DO UPDATE SET $sets;
COMMIT;
EOF
)
  done
}

truncate_central() {
  psql_db "$DB_CENTRAL" -At -c "SELECT 'TRUNCATE ' || string_agg(quote_ident(tablename), ', ') FROM pg_tables WHERE schemaname = 'public'" \
    | psql_db "$DB_CENTRAL" >/dev/null
}

restore_central() {
  psql_db postgres -c "DROP DATABASE IF EXISTS $DB_CENTRAL WITH (FORCE)" -c "CREATE DATABASE $DB_CENTRAL TEMPLATE $1 STRATEGY FILE_COPY"
}

pg_export_baseline() {
  local kind=$1 label=$2 r=$3 bundle=$4 rows=$5 base="$work/base/$1"
  rm -rf "$base"; mkdir -p "$base"
  python3 "$helper" baseline-export --bundle "$bundle" --dialect pg --dir "$base" >"$work/baseline-export.sql"
  sync_caches_quietly
  timeit "${PSQL[@]}" -d "$DB_SHOP" -f "$work/baseline-export.sql"
  record "$kind" "$label" "baseline COPY TO | zstd -1" "$r" "$rows" "$(zst_csv_bytes "$base")" "$(size_of "$base"/*.csv.zst)"
}

pg_import_pair() {
  local kind=$1 label=$2 n=$3 bundle=$4 export_kind=$5 template=$6 r rows bytes base="$work/base/$5" baseline_count=""
  read -r rows bytes < <(bundle_totals "$bundle")
  python3 "$helper" baseline-import --bundle "$bundle" --dialect pg --dir "$base" \
    --server-config "$PG_CENTRAL_DIR/server.json" --site AG01 >"$work/baseline-import.sql"
  for r in $(seq 1 "$n"); do
    if [ -n "$template" ]; then restore_central "$template"; else truncate_central; fi
    sync_caches_quietly
    timeit "${PSQL[@]}" -d "$DB_CENTRAL" -f "$work/baseline-import.sql"
    record "$kind" "$label" "baseline COPY FROM + upsert" "$r" "$rows" "$(zst_csv_bytes "$base")" "$(size_of "$base"/*.csv.zst)"
    if [ "$r" = 1 ]; then baseline_count=$(pg_central_rows); fi

    if [ -n "$template" ]; then restore_central "$template"; else truncate_central; fi
    import_once "$PG_CENTRAL_DIR" "$bundle"
    record "$kind" "$label" "syncfiles-import" "$r" "$rows" "$bytes" "$(size_of "$bundle")"
    if [ "$r" = 1 ]; then check_counts "$label" "$baseline_count" "$(pg_central_rows)"; fi
  done
}

# pg_full_scenarios N PREFIX RUNS: full exports (zstd, deflate) and the full import into empty
# tables of N invoices, with their baselines. Kinds PREFIX-export and PREFIX-import.
pg_full_scenarios() {
  local n=$1 prefix=$2 count=$3 root="$work/pg" name label r rows bytes
  name=$(thousands "$n")
  generate_shop "$work/data/shop-$n.db" "$n"
  load_pg_shop "$work/data/shop-$n.db"
  label="PostgreSQL $name inv: full export"
  for r in $(seq 1 "$count"); do
    export_once "$root/site" "" --compression zstd
    read -r rows bytes < <(bundle_totals "$BUNDLE")
    record "$prefix-export" "$label" "syncfiles-export (zstd)" "$r" "$rows" "$bytes" "$(size_of "$BUNDLE")"
    cp "$BUNDLE" "$root/saved/full-zstd.zip"
    pg_export_baseline "$prefix-export" "$label" "$r" "$BUNDLE" "$rows"
    export_once "$root/site" ""
    record "$prefix-export" "$label" "syncfiles-export (deflate)" "$r" "$rows" "$bytes" "$(size_of "$BUNDLE")"
    cp "$BUNDLE" "$root/saved/full.zip"
    cp "$root/site/.sync_state.json" "$root/saved/full.json"
  done
  pg_import_pair "$prefix-import" "PostgreSQL $name inv: full import" "$count" "$root/saved/full.zip" "$prefix-export" ""
}

run_postgres() {
  local root="$work/pg" n=$scale name r rows bytes label
  name=$(thousands "$n")
  mkdir -p "$root/saved"
  start_postgres
  psql_db postgres -c "CREATE DATABASE $DB_CENTRAL"
  psql_db "$DB_CENTRAL" -f "$repo/samples/postgres/central.sql" >/dev/null
  local connection="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Pooling=false"
  prepare_site "$root/site" "$repo/samples/postgres/site.json" "$connection;Database=$DB_SHOP"
  prepare_central "$root/central" "$repo/samples/postgres/server.json" "$connection;Database=$DB_CENTRAL"

  # The same full runs at the seed size first: the memory target compares the two sizes.
  if [ "$seed_invoices" != "$scale" ]; then
    say "PostgreSQL at the seed size: $seed_invoices invoices, $runs runs (for the memory comparison)"
    pg_full_scenarios "$seed_invoices" pg-seed-full "$runs"
  fi
  say "scale scenarios on PostgreSQL: $n invoices, $scale_runs runs"
  pg_full_scenarios "$n" pg-full "$scale_runs"
  cp "$work/baseline-import.sql" "$work/baseline-import-full.sql"
  psql_db "$DB_CENTRAL" -c "VACUUM ANALYZE"
  psql_db postgres -c "CREATE DATABASE $DB_CENTRAL_FULL TEMPLATE $DB_CENTRAL STRATEGY FILE_COPY"

  "$SAMPLES" change --db "$work/data/shop-$n.db" --update 1000 --insert 0 --at "2026-01-02 10:00:00" | tee -a "$log" >&2
  sync_pg_changes "$work/data/shop-$n.db" "2026-01-02 10:00:00.000"

  label="PostgreSQL $name inv: 1,000 changed, incremental export"
  for r in $(seq 1 "$scale_runs"); do
    export_once "$root/site" "$root/saved/full.json"
    read -r rows bytes < <(bundle_totals "$BUNDLE")
    record pg-incr-export "$label" "syncfiles-export (deflate)" "$r" "$rows" "$bytes" "$(size_of "$BUNDLE")"
    cp "$BUNDLE" "$root/saved/incr.zip"
    pg_export_baseline pg-incr-export "$label" "$r" "$BUNDLE" "$rows"
  done
  pg_import_pair pg-incr-import "PostgreSQL $name inv: 1,000 changed, incremental import" "$scale_runs" "$root/saved/incr.zip" pg-incr-export "$DB_CENTRAL_FULL"
}

# Only on a server we share (--postgres-port): the databases this run made, by their prefix.
drop_own_databases() {
  local db
  for db in $(psql_db postgres -At -c "SELECT datname FROM pg_database WHERE datname LIKE '${DB_PREFIX//_/\\_}%'"); do
    psql_db postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  done
}

# ------------------------------------------------------------------------------------------ lines

# The issue's table shape (one invoice-line table: bigint key, two integers, two numerics, a text,
# a timestamp(3)), generated in PostgreSQL itself: --lines rows, the same every time.
LINES_COLUMNS="id bigint NOT NULL, facture integer NOT NULL, article integer NOT NULL, quantite numeric(12,3) NOT NULL, prix numeric(14,2) NOT NULL, libelle text NOT NULL, modifie_le timestamp(3) NOT NULL"

load_lines_shop() {
  local n=$1 start=$SECONDS
  psql_db postgres -c "DROP DATABASE IF EXISTS $DB_SHOP WITH (FORCE)" -c "CREATE DATABASE $DB_SHOP"
  psql_db "$DB_SHOP" -c "CREATE TABLE lignes ($LINES_COLUMNS, PRIMARY KEY (id))" -c "
    INSERT INTO lignes
    SELECT g, (g / 12 + 1)::integer, (g * 7919 % 50000)::integer, ((g % 97) + 1) / 4.0, round((g * 31 % 100000) / 100.0, 2),
           'Article ' || (g * 7919 % 50000) || ' ' || substr(md5(g::text), 1, (g % 24)::integer + 4),
           timestamp '2025-01-01' + g * interval '37 milliseconds'
    FROM generate_series(1::bigint, $n) AS g" -c "CREATE INDEX ON lignes (modifie_le)" -c "VACUUM (FREEZE, ANALYZE) lignes"
  say "lines: $n rows generated in $((SECONDS - start)) s ($(psql_db "$DB_SHOP" -At -c "SELECT pg_size_pretty(pg_database_size('$DB_SHOP'))"))"
}

run_lines() { # run_lines N: section lines at one size (--lines may list several: 2000000,12000000)
  local root="$work/lines" n=$1 name label r rows bytes connection
  local shop=$DB_SHOP central=$DB_CENTRAL central_dir=$PG_CENTRAL_DIR
  name=$(thousands "$n")
  start_postgres
  DB_SHOP="${DB_PREFIX}lines_shop"; DB_CENTRAL="${DB_PREFIX}lines_central"; PG_CENTRAL_DIR="$root/central"
  mkdir -p "$root/saved" "$root/site" "$root/central"
  say "lines: PostgreSQL, one table of $n rows, $scale_runs runs"
  load_lines_shop "$n"
  psql_db postgres -c "DROP DATABASE IF EXISTS $DB_CENTRAL WITH (FORCE)" -c "CREATE DATABASE $DB_CENTRAL"
  psql_db "$DB_CENTRAL" -c "CREATE TABLE lignes (agence varchar(10) NOT NULL, $LINES_COLUMNS, PRIMARY KEY (agence, id))"
  connection="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Pooling=false"
  printf '{ "siteId": "AG01", "source": { "provider": "postgres", "connectionString": "%s" }, "outbox": "outbox",\n  "tables": [ { "name": "lignes", "kind": "transaction", "changeColumn": "modifie_le" } ] }\n' \
    "$connection;Database=$DB_SHOP" >"$root/site/site.json"
  printf '{ "target": { "provider": "postgres", "connectionString": "%s" }, "inbox": "inbox", "processed": "processed",\n  "quarantine": "quarantine", "sites": [ { "id": "AG01" } ], "tables": [ { "name": "lignes", "siteColumn": "agence" } ] }\n' \
    "$connection;Database=$DB_CENTRAL" >"$root/central/server.json"
  label="PostgreSQL $name lines: full export"
  for r in $(seq 1 "$scale_runs"); do
    export_once "$root/site" "" --compression zstd
    read -r rows bytes < <(bundle_totals "$BUNDLE")
    record lines-export "$label" "syncfiles-export (zstd)" "$r" "$rows" "$bytes" "$(size_of "$BUNDLE")"
    cp "$BUNDLE" "$root/saved/full-zstd.zip"
    pg_export_baseline lines-export "$label" "$r" "$BUNDLE" "$rows"
  done
  pg_import_pair lines-import "PostgreSQL $name lines: full import" "$scale_runs" "$root/saved/full-zstd.zip" lines-export ""
  # The same bundle through staging + upsert, as when the site already has a row there (one the
  # bundle does not carry): what loading a first bundle straight into the table saves.
  read -r rows bytes < <(bundle_totals "$root/saved/full-zstd.zip")
  for r in $(seq 1 "$scale_runs"); do
    truncate_central
    psql_db "$DB_CENTRAL" -c "INSERT INTO lignes VALUES ('AG01', 0, 0, 0, 0, 0, '', '2000-01-01')" >/dev/null
    import_once "$PG_CENTRAL_DIR" "$root/saved/full-zstd.zip"
    record lines-import "PostgreSQL $name lines: full import" "syncfiles-import (staging + upsert)" "$r" "$rows" "$bytes" "$(size_of "$root/saved/full-zstd.zip")"
  done
  if [ "$keep" = 0 ]; then
    psql_db postgres -c "DROP DATABASE IF EXISTS $DB_SHOP WITH (FORCE)" -c "DROP DATABASE IF EXISTS $DB_CENTRAL WITH (FORCE)" >/dev/null
  fi
  DB_SHOP=$shop; DB_CENTRAL=$central; PG_CENTRAL_DIR=$central_dir
}

# ------------------------------------------------------------------------------------------ sites

# Many sites at once: --sites sites (S0001...) each export --site-bundles bundles (one full, then
# incrementals after the generator's changes) of the same small shop; all of them are applied into
# one PostgreSQL head office by one importer, then, from the same empty start, by two importers
# started together on the same inbox. Proof that nothing was applied twice: the ledger holds one
# row per bundle, no site has a gap or a repeat, and both runs leave the same rows.
sites_export_round() { # sites_export_round ROUND: every site exports once, one per core at a time
  local round=$1
  seq -f "S%04g" 1 "$sites" | xargs -P "$(nproc)" -I{} sh -c '
    "$1" run --config "$2/{}/site.json" --quiet >/dev/null 2>"$2/{}/export.err" || { echo "export of {} failed:"; cat "$2/{}/export.err"; exit 255; }' _ "$EXPORT" "$work/sites/sites" \
    || { echo "run.sh: round $round of the site exports failed" >&2; exit 1; }
}

SITES_LEDGER_ROWS=""
# sites_ledger_check LABEL [ROWS]: one ledger row per bundle and sequences 1..B for every site
# (and, given ROWS, as many rows applied as the other run applied).
sites_ledger_check() {
  local check expected="$((sites * site_bundles)) $sites $site_bundles $site_bundles $site_bundles $site_bundles"
  check=$(psql_db "$DB_CENTRAL" -At -F ' ' -c "SELECT sum(n), count(DISTINCT site_id), min(n), max(n), min(top), max(top), sum(rows) FROM (SELECT site_id, count(*) AS n, max(sequence) AS top, sum(rows_total) AS rows FROM syncfiles_ledger GROUP BY site_id) AS s")
  say "  check: ledger after $1: bundles, sites, bundles per site (min, max), last sequence (min, max), rows: $check"
  if [ "${check% *}" != "$expected" ] || { [ -n "${2:-}" ] && [ "${check##* }" != "$2" ]; }; then
    say "  WARNING: $1: expected $expected ${2:-}: a bundle was applied twice or not at all"
  fi
  SITES_LEDGER_ROWS=${check##* }
}

run_sites() {
  local root="$work/sites" r rows bytes connection label count template central=$DB_CENTRAL central_dir=$PG_CENTRAL_DIR
  local total=$((sites * site_bundles)) one_rows="" two_rows="" files start
  start_postgres
  DB_CENTRAL="${DB_PREFIX}sites_central"; template="${DB_PREFIX}sites_empty"; PG_CENTRAL_DIR="$root/central"
  say "sites: $sites sites x $site_bundles bundles of a $site_invoices-invoice shop, into one PostgreSQL, $scale_runs runs"
  mkdir -p "$root/sites" "$root/central" "$root/bundles"
  generate_shop "$root/shop.db" "$site_invoices"
  connection="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Pooling=false"
  python3 "$helper" sites-configs --sites "$sites" --dir "$root/sites" --shop "$root/shop.db" \
    --site-sample "$repo/samples/sqlite/site.json" --server-sample "$repo/samples/postgres/server.json" \
    --server "$root/central/server.json" --connection "$connection;Database=$DB_CENTRAL"
  psql_db postgres -c "DROP DATABASE IF EXISTS $template" -c "CREATE DATABASE $template"
  psql_db "$template" -f "$repo/samples/postgres/central.sql" >/dev/null

  start=$SECONDS
  for r in $(seq 1 "$site_bundles"); do
    if [ "$r" -gt 1 ]; then
      "$SAMPLES" change --db "$root/shop.db" --update 20 --insert 20 --at "2026-01-$(printf '%02d' $((r < 28 ? r : 28))) 10:00:00" >>"$log" 2>&1
    fi
    sites_export_round "$r"
  done
  # Each bundle once: the outbox's archive/ keeps copies of those sent earlier.
  find "$root/sites" -mindepth 3 -maxdepth 3 -path '*/outbox/*.zip' -exec mv -t "$root/bundles" {} +
  count=$(find "$root/bundles" -name '*.zip' | wc -l)
  [ "$count" = "$total" ] || { echo "run.sh: $count bundles exported, $total expected" >&2; exit 1; }
  read -r rows bytes < <(python3 "$helper" totals-all "$root/bundles")
  say "sites: $count bundles exported in $((SECONDS - start)) s ($rows rows, $(size_of "$root/bundles") bytes)"

  label="PostgreSQL $sites sites x $site_bundles bundles: apply the inbox"
  for r in $(seq 1 "$scale_runs"); do
    restore_central "$template"
    rm -rf "$root/central/inbox" "$root/central/processed" "$root/central/quarantine"
    mkdir -p "$root/central/inbox"
    cp "$root/bundles"/*.zip "$root/central/inbox/"
    sync_caches_quietly
    timeit "$IMPORT" run --config "$root/central/server.json" --quiet
    record sites "$label" "syncfiles-import, 1 process" "$r" "$rows" "$bytes" "$(size_of "$root/bundles")"
    sites_ledger_check "1 importer (run $r)"
    one_rows=$(pg_central_rows)

    restore_central "$template"
    rm -rf "$root/central/inbox" "$root/central/processed" "$root/central/quarantine"
    mkdir -p "$root/central/inbox"
    cp "$root/bundles"/*.zip "$root/central/inbox/"
    sync_caches_quietly
    # Two processes started together; each exits 0, or 4 when it left a bundle the other one held.
    timeit bash -c '"$1" run --config "$2" --quiet >"$3.1.out" 2>&1 & a=$!; "$1" run --config "$2" --quiet >"$3.2.out" 2>&1 & b=$!
      s=0; wait $a || s=$?; [ $s = 0 ] || [ $s = 4 ] || exit $s; s=0; wait $b || s=$?; [ $s = 0 ] || [ $s = 4 ] || exit $s' \
      _ "$IMPORT" "$root/central/server.json" "$work/sites-import"
    record sites "$label" "syncfiles-import, 2 processes" "$r" "$rows" "$bytes" "$(size_of "$root/bundles")"
    sites_ledger_check "2 importers (run $r)" "$SITES_LEDGER_ROWS"
    two_rows=$(pg_central_rows)
    check_counts "$label, 2 importers against 1" "$one_rows" "$two_rows"
    files="$(find "$root/central/processed" -name '*.zip' ! -name '*.duplicate.zip' | wc -l) filed as applied, $(find "$root/central/processed" -name '*.duplicate.zip' | wc -l) as duplicates, $(find "$root/central" -path '*quarantine*' -name '*.zip' | wc -l) quarantined, $(find "$root/central/inbox" -name '*.zip' | wc -l) left in the inbox"
    say "  check: files after 2 importers (run $r): $files"
  done
  psql_db postgres -c "DROP DATABASE IF EXISTS $DB_CENTRAL WITH (FORCE)" -c "DROP DATABASE IF EXISTS $template" >/dev/null
  DB_CENTRAL=$central; PG_CENTRAL_DIR=$central_dir
}

# ------------------------------------------------------------------------------------------ breakdown

median_wall() { # median_wall CMD...: median wall seconds of 3 runs
  local i
  for i in 1 2 3; do
    /usr/bin/time -f "%e" -o "$work/time.txt" "$@" >/dev/null 2>&1 || true
    tail -n 1 "$work/time.txt"
  done | sort -n | sed -n 2p
}

# probe3 ARGS...: the probe run 3 times; prints the median of the seconds it reports.
probe3() {
  local i
  for i in 1 2 3; do "$bin/probe/syncfiles-probe" "$@" | cut -d' ' -f2; done | sort -n | sed -n 2p
}

# probe_export NAME PROVIDER CONNECTION BUNDLE: each export stage in its own process, 3 times.
probe_export() {
  local name=$1 provider=$2 connection=$3 tables stage line
  tables=$(python3 "$helper" tables "$4")
  echo "$name, export stages (median of 3, seconds inside the process; each row includes the ones above it):"
  for stage in fetch raw read csv hash deflate:0 deflate:1 deflate:6 zstd:1 zstd:3; do
    line=$(probe3 export "$provider" "$connection" "$tables" "$stage" "$work/probe.zip")
    printf '  %-10s %8s s   (%s)\n' "$stage" "$line" "$(case $stage in
      fetch) echo "step through the rows, touch no value" ;;
      raw) echo "+ GetValue on every column" ;;
      read) echo "typed getters as the exporter uses them, instead of GetValue" ;;
      csv) echo "+ CSV formatting (TableCsvWriter), output discarded" ;;
      hash) echo "+ SHA-256 of the CSV" ;;
      deflate:0) echo "+ zip entry stored uncompressed (CRC-32, file write)" ;;
      *) echo "+ zip compression at this level, bundle $(du -m "$work/probe.zip" | cut -f1) MB" ;;
    esac)"
  done
  rm -f "$work/probe.zip"
}

probe_import() {
  local name=$1 bundle=$2 stage line
  echo "$name, import decoding of $(basename "$bundle") ($(python3 "$helper" name "$bundle"), median of 3, no database):"
  for stage in inflate parse; do
    line=$(probe3 import "$bundle" "$stage")
    printf '  %-10s %8s s   (%s)\n' "$stage" "$line" "$(case $stage in
      inflate) echo "decompress and hash every entry" ;;
      parse) echo "+ parse, convert and check every value (BundleTableReader)" ;;
    esac)"
  done
}

# Time spent in each kind of statement on the server during one import, from the server log.
pg_logged() { # pg_logged LABEL CMD...: runs CMD with statement logging, prints the sums by kind
  local label=$1 server_log="$pg_tmp/server.log" mark
  shift
  mark=$(wc -l <"$server_log")
  "$@"
  tail -n +"$((mark + 1))" "$server_log" >"$work/pglog.txt"
  echo "  $label ($T_SEC s wall, client CPU $T_CPU s): $(python3 "$helper" pglog "$work/pglog.txt")"
}

pg_statement_breakdown() {
  if [ "$pg_external" = 1 ]; then
    echo "PostgreSQL statement times: not measured on a server this run does not own (--postgres-port: no ALTER SYSTEM there)"
    return 0
  fi
  psql_db postgres -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null
  echo "PostgreSQL imports, server-side time per kind of statement (log_min_duration_statement = 0, one run each;"
  echo "a COPY lasts as long as the client takes to send the data):"
  truncate_central
  pg_logged "full import, syncfiles-import" import_once "$work/pg/central" "$work/pg/saved/full.zip"
  truncate_central
  pg_logged "full import, baseline        " timeit "${PSQL[@]}" -d "$DB_CENTRAL" -f "$work/baseline-import-full.sql"
  restore_central "$DB_CENTRAL_FULL"
  pg_logged "incremental, syncfiles-import" import_once "$work/pg/central" "$work/pg/saved/incr.zip"
  restore_central "$DB_CENTRAL_FULL"
  pg_logged "incremental, baseline        " timeit "${PSQL[@]}" -d "$DB_CENTRAL" -f "$work/baseline-import.sql"
  psql_db postgres -c "ALTER SYSTEM RESET log_min_duration_statement" -c "SELECT pg_reload_conf()" >/dev/null

  local mode line
  echo "PostgreSQL staging load alone (syncfiles-probe pgstage, median of 3: bundle decoded and sent by binary"
  echo "COPY into temporary tables, rolled back; no upsert):"
  for mode in object typed; do
    truncate_central
    line=$(probe3 pgstage "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$DB_CENTRAL;Pooling=false" "$work/pg/saved/full.zip" "$mode")
    printf '  %-8s %8s s   (%s)\n' "$mode" "$line" "$(case $mode in
      object) echo "values boxed and written with their type name, as the importer does" ;;
      typed) echo "one typed writer per column, chosen once" ;;
    esac)"
  done
}

# Reference points for the compression stages: the command-line compressors on the same CSV.
native_compressors() {
  local csv_dir=$1 level
  echo "Native compressors on the sqlite3 CSV of the same data ($(du -cb "$csv_dir"/*.csv | tail -n 1 | cut -f1 | python3 -c 'import sys; print(round(int(sys.stdin.read()) / 1e6))') MB), one thread, output discarded:"
  cat "$csv_dir"/*.csv >/dev/null
  for level in "zstd -1" "zstd -3" "gzip -1" "gzip -6"; do
    /usr/bin/time -f "%e" -o "$work/time.txt" bash -c "cat \"\$@\" | $level -c >/dev/null" _ "$csv_dir"/*.csv
    printf '  %-8s %8s s\n' "$level" "$(tail -n 1 "$work/time.txt")"
  done
}

run_breakdown() {
  [ -x "$bin/probe/syncfiles-probe" ] || { say "breakdown: $bin/probe/syncfiles-probe is missing; skipped"; return 0; }
  say "breakdown: stage probes"
  {
    echo "Process start (median of 3 wall times): syncfiles-export --help $(median_wall "$EXPORT" --help) s," \
      "syncfiles-import --help $(median_wall "$IMPORT" --help) s, an empty .NET program $(median_wall "$bin/probe/syncfiles-probe" noop) s"
    if [ -f "$work/seed/saved/full.zip" ]; then
      probe_export "SQLite $(thousands "$seed_invoices") inv" sqlite "Data Source=$work/data/shop-$seed_invoices.db" "$work/seed/saved/full.zip"
      probe_import "SQLite $(thousands "$seed_invoices") inv" "$work/seed/saved/full.zip"
    fi
    if [ -f "$work/sqlite-scale/saved/full.zip" ]; then
      probe_export "SQLite $(thousands "$scale") inv" sqlite "Data Source=$work/data/shop-$scale.db" "$work/sqlite-scale/saved/full.zip"
      probe_import "SQLite $(thousands "$scale") inv" "$work/sqlite-scale/saved/full.zip"
      native_compressors "$work/base/sqlite-scale-full-export"
    fi
    if [ -f "$work/pg/saved/full.zip" ]; then
      probe_export "PostgreSQL $(thousands "$scale") inv" postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$DB_SHOP;Pooling=false" "$work/pg/saved/full.zip"
      probe_import "PostgreSQL $(thousands "$scale") inv" "$work/pg/saved/full.zip"
      probe_import "PostgreSQL $(thousands "$scale") inv" "$work/pg/saved/full-zstd.zip"
      pg_statement_breakdown
    fi
  } | tee "$out/breakdown.txt" >&2
}

# ------------------------------------------------------------------------------------------ run

mkdir -p "$work/data" "$work/base"
if [ "$want_seed" = 1 ]; then run_seed; fi
if [ "$want_sqlite_scale" = 1 ]; then run_sqlite_scale; fi
if [ "$want_pg" = 1 ]; then run_postgres; fi
if [ "$want_lines" = 1 ]; then for n in ${lines//,/ }; do run_lines "$n"; done; fi
if [ "$want_sites" = 1 ]; then run_sites; fi
if [ "$breakdown" = 1 ]; then run_breakdown; fi

echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) at the end (1, 5, 15 min)" >>"$out/meta.txt"
{
  python3 "$helper" report --results "$results" --meta "$out/meta.txt" --scale "$scale"
  if [ -s "$out/breakdown.txt" ]; then echo; cat "$out/breakdown.txt"; fi
} | tee "$out/report.txt"
echo
echo "results: $out (report.txt, results.tsv with every run, run.log)"
