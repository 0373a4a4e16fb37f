#!/usr/bin/env bash
# A/B comparison of export stages between builds of the stage probe (tests/benchmark/probe), run
# one after the other on the same data so that load from other work hits every build alike.
#
#   tests/benchmark/probe-ab.sh PROVIDER CONNECTION RUNS PROBE_DIR... -- STAGE...
#
# PROBE_DIR: a folder holding a syncfiles-probe build, e.g. from
#   dotnet build tests/benchmark/probe -c Release -o /tmp/ab/new   (and the same at an older commit)
# STAGE: fetch raw read csv hash deflate:N zstd:N (see probe/Program.cs). Every table of the sample
# site configuration is exported in full. Prints, per stage and build, the median of RUNS of the
# seconds inside the process, the client CPU seconds (user + system, /usr/bin/time) and the size
# of the bundle written (compressing stages).
set -euo pipefail
provider=$1; connection=$2; runs=$3; shift 3
builds=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do builds+=("$1"); shift; done
[ $# -gt 1 ] || { echo "usage: $0 PROVIDER CONNECTION RUNS PROBE_DIR... -- STAGE..." >&2; exit 2; }
shift
tables=agences,familles,articles,clients,fournisseurs,types_vente,caisses,factures,lignes_facture,mouvements_stock,statistiques,chiffre_affaires
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for stage in "$@"; do
  for b in "${!builds[@]}"; do : >"$scratch/runs-$b"; done
  for _ in $(seq 1 "$runs"); do
    for b in "${!builds[@]}"; do
      rm -f "$scratch/out.zip"
      /usr/bin/time -f "%U %S" -o "$scratch/time" "${builds[$b]}/syncfiles-probe" export "$provider" "$connection" "$tables" "$stage" "$scratch/out.zip" >"$scratch/line"
      echo "$(cut -d' ' -f2 "$scratch/line") $(awk '{print $1 + $2}' "$scratch/time") $(stat -c %s "$scratch/out.zip" 2>/dev/null || echo -)" >>"$scratch/runs-$b"
    done
  done
  for b in "${!builds[@]}"; do
    printf '%-10s %-30s inside %7.2f s  CPU %7.2f s  bundle %s bytes\n' "$stage" "${builds[$b]}" \
      "$(cut -d' ' -f1 "$scratch/runs-$b" | median)" "$(cut -d' ' -f2 "$scratch/runs-$b" | median)" "$(tail -n 1 "$scratch/runs-$b" | cut -d' ' -f3)"
  done
done
