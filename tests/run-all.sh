#!/usr/bin/env bash
# The whole test command (README.md "Running the tests"; .ci/run calls it).
# Restores, checks formatting, builds with warnings as errors, runs every test and ends with one
# summary line "N passed, N failed, N skipped". The tests use real SQLite files in temporary
# folders and a real PostgreSQL, which tests/postgres.sh installs (Debian's package) and starts
# as a throwaway cluster on 127.0.0.1, and a real MariaDB (tests/mariadb.sh, the same way); set SYNCFILES_TEST_SQLSERVER to also run the SQL Server suite.
# Then it packages (build/package.sh: the two .NET tools and the win-x64 / linux-x64 single-file
# executables) and checks the packages as a user would use them (tests/package-smoke.sh), so a
# packaging break fails the run too.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration="${CONFIGURATION:-Release}"
log="$(mktemp -t syncfiles-tests.XXXXXX)"
# shellcheck source=tests/postgres.sh
source tests/postgres.sh
# shellcheck source=tests/mariadb.sh
source tests/mariadb.sh
trap 'stop_test_postgres; stop_test_mariadb; rm -f "$log"' EXIT

echo "== restore"
dotnet restore SyncFiles.sln
echo "== format (dotnet format --verify-no-changes)"
dotnet format SyncFiles.sln --verify-no-changes --no-restore
echo "== build ($configuration)"
dotnet build SyncFiles.sln -c "$configuration" --no-restore
echo "== PostgreSQL"
start_test_postgres
echo "== MariaDB"
start_test_mariadb
echo "== database clients (the conformance tests read both databases with sqlite3 and psql)"
missing_clients=""
command -v sqlite3 >/dev/null || missing_clients="$missing_clients sqlite3"
command -v psql >/dev/null || missing_clients="$missing_clients postgresql-client"
if [ -n "$missing_clients" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing Debian's$missing_clients"
  # shellcheck disable=SC2086 # one word per package
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing_clients >/dev/null || true
fi
echo "== test"
status=0
dotnet test --solution SyncFiles.sln -c "$configuration" --no-build 2>&1 | tee "$log" || status=$?

echo "== package (build/package.sh, tests/package-smoke.sh)"
package_status=0
package_started=$SECONDS
{ bash build/package.sh --no-build && bash tests/package-smoke.sh; } || package_status=$?
echo "packaging and its checks took $((SECONDS - package_started)) s (exit code $package_status)"

count() { grep -E "^\s*$1: [0-9]+" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
total=$(count total)
failed=$(count failed)
passed=$(count succeeded)
skipped=$(count skipped)
if [ "$total" = "0" ]; then
  echo "No tests ran." >&2
  exit 1
fi
if [ "$package_status" != "0" ] && [ "$status" = "0" ]; then
  echo "Packaging or its checks failed (see '== package' above)." >&2
  status=$package_status
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
