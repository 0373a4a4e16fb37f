#!/usr/bin/env bash
# Builds what is shipped, into artifacts/ (git-ignored):
#   artifacts/packages/SyncFiles.Exporter.<version>.nupkg   .NET tool: dotnet tool install SyncFiles.Exporter
#   artifacts/packages/SyncFiles.Importer.<version>.nupkg   .NET tool: dotnet tool install SyncFiles.Importer
#   artifacts/win-x64/syncfiles-export.exe, syncfiles-import.exe     self-contained, one file each
#   artifacts/linux-x64/syncfiles-export, syncfiles-import           self-contained, one file each
# The single-file settings (compression, ReadyToRun for the run path) live in build/Program.props.
# Windows without bash: the same dotnet commands are listed in docs/operations.md ("Installing").
#
# Usage: bash build/package.sh [--no-build]
#   --no-build  pack the tools from an existing Release build (tests/run-all.sh has just made one)
set -euo pipefail
cd "$(dirname "$0")/.."

configuration="${CONFIGURATION:-Release}"
pack_args=()
if [ "${1:-}" = "--no-build" ]; then
  pack_args+=(--no-build)
fi

programs=(exporter/SyncFiles.Exporter importer/SyncFiles.Importer)
rm -rf artifacts/packages artifacts/win-x64 artifacts/linux-x64

for program in "${programs[@]}"; do
  echo "== pack $program"
  dotnet pack "$program" -c "$configuration" -o artifacts/packages "${pack_args[@]}"
done

for runtime in linux-x64 win-x64; do
  for program in "${programs[@]}"; do
    echo "== publish $program ($runtime, self-contained single file)"
    dotnet publish "$program" -c "$configuration" -r "$runtime" -o "artifacts/$runtime"
  done
done

echo "== artifacts"
ls -l artifacts/packages artifacts/linux-x64 artifacts/win-x64
