#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the test suite and exports SYNCFILES_TEST_POSTGRES.
# Sourced by run-all.sh. PostgreSQL comes from Debian's packages (installed when missing and we
# are root); the cluster lives in a temporary folder, listens on 127.0.0.1 only, runs without
# fsync (its data is thrown away) and is stopped by stop_test_postgres.
#
# A connection string already in SYNCFILES_TEST_POSTGRES is used as it is (your own server).
# Under CI=true a PostgreSQL that cannot start fails the run; elsewhere the PostgreSQL tests are
# skipped with the reason.

pg_tmp=""
pg_bin=""

pg_as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

find_pg_bin() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$pg_bin" ] && [ -x "$pg_bin/postgres" ] && [ -x "$pg_bin/initdb" ]
}

start_test_postgres() {
  if [ -n "${SYNCFILES_TEST_POSTGRES:-}" ]; then
    echo "PostgreSQL: using SYNCFILES_TEST_POSTGRES as given"
    return 0
  fi
  if ! find_pg_bin; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      echo "PostgreSQL: installing Debian's postgresql package"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || true
    fi
    if ! find_pg_bin; then
      pg_unavailable "PostgreSQL server binaries not found (install Debian's postgresql package)"
      return $?
    fi
  fi
  if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
    pg_unavailable "user postgres missing (the postgresql package creates it)"
    return $?
  fi

  pg_tmp=$(mktemp -d -t syncfiles-pg.XXXXXX)
  chmod 755 "$pg_tmp"
  [ "$(id -u)" = "0" ] && chown postgres "$pg_tmp"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 55432)
  if ! pg_as_owner "$pg_bin/initdb" -D "$pg_tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$pg_tmp/initdb.log" 2>&1; then
    cat "$pg_tmp/initdb.log" >&2
    pg_unavailable "initdb failed"
    return $?
  fi
  if ! pg_as_owner "$pg_bin/pg_ctl" -D "$pg_tmp/data" -l "$pg_tmp/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $pg_tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null; then
    cat "$pg_tmp/server.log" >&2
    pg_unavailable "the server did not start"
    return $?
  fi
  export SYNCFILES_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=false"
  echo "PostgreSQL: throwaway cluster on 127.0.0.1:$port ($("$pg_bin/postgres" --version))"
}

stop_test_postgres() {
  if [ -n "$pg_tmp" ] && [ -d "$pg_tmp/data" ]; then
    pg_as_owner "$pg_bin/pg_ctl" -D "$pg_tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$pg_tmp" ] && rm -rf "$pg_tmp"
  pg_tmp=""
}

pg_unavailable() {
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL is required under CI and could not be started: $1" >&2
    return 1
  fi
  echo "PostgreSQL unavailable ($1): the PostgreSQL tests will be skipped." >&2
  return 0
}
