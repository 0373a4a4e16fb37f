#!/usr/bin/env bash
# Starts a throwaway MariaDB for the test suite and exports SYNCFILES_TEST_MYSQL (a MySqlConnector
# connection string). Sourced by run-all.sh, like postgres.sh. MariaDB comes from Debian's
# mariadb-server package (installed when missing and we are root; the package's own service is
# left stopped: there is no systemd, and policy-rc.d keeps it from starting); the data folder is
# temporary, the server listens on 127.0.0.1 only, on a free port (never 3306), without the
# binary log or durable flushes (its data is thrown away), and is stopped by stop_test_mariadb.
#
# Standalone, for your own development: `bash tests/mariadb.sh start 53306 /tmp/mariadb-p3`
# prints the export line; `bash tests/mariadb.sh stop /tmp/mariadb-p3` stops it.
#
# A connection string already in SYNCFILES_TEST_MYSQL is used as it is (your own server).
# Under CI=true a MariaDB that cannot start fails the run; elsewhere the MariaDB tests are skipped
# with the reason.

my_tmp=""
my_pid=""

find_mariadbd() {
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]
}

mariadbd_path() {
  command -v mariadbd 2>/dev/null || echo /usr/sbin/mariadbd
}

# $1: port (empty: a free one); $2: folder (empty: a new temporary one).
start_test_mariadb() {
  if [ -n "${SYNCFILES_TEST_MYSQL:-}" ]; then
    echo "MariaDB: using SYNCFILES_TEST_MYSQL as given"
    return 0
  fi
  if ! find_mariadbd || ! command -v mariadb-install-db >/dev/null || ! command -v mariadb >/dev/null; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      echo "MariaDB: installing Debian's mariadb-server and mariadb-client packages"
      # Keep the package's own service from starting (Debian's invoke-rc.d honours policy-rc.d).
      local policy_added=""
      if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && policy_added=1
      fi
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server mariadb-client >/dev/null || true
      [ -n "$policy_added" ] && rm -f /usr/sbin/policy-rc.d
    fi
    if ! find_mariadbd || ! command -v mariadb-install-db >/dev/null; then
      my_unavailable "MariaDB server binaries not found (install Debian's mariadb-server package)"
      return $?
    fi
  fi

  local port="${1:-}"
  if [ -n "${2:-}" ]; then
    my_tmp="$2"
    mkdir -p "$my_tmp"
  else
    my_tmp=$(mktemp -d -t syncfiles-mariadb.XXXXXX)
  fi
  chmod 755 "$my_tmp"
  local as_user=()
  if [ "$(id -u)" = "0" ]; then
    if ! id mysql >/dev/null 2>&1; then
      my_unavailable "user mysql missing (the mariadb-server package creates it)"
      return $?
    fi
    chown mysql "$my_tmp"
    as_user=(--user=mysql)
  fi
  if [ -z "$port" ]; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 53306)
  fi
  # Socket authentication for the operating-system user that runs this script, who then creates
  # the password user the tests connect with over TCP.
  if ! mariadb-install-db "${as_user[@]}" --datadir="$my_tmp/data" --auth-root-authentication-method=socket \
      --skip-test-db >"$my_tmp/install.log" 2>&1; then
    cat "$my_tmp/install.log" >&2
    my_unavailable "mariadb-install-db failed"
    return $?
  fi
  "$(mariadbd_path)" --no-defaults "${as_user[@]}" --datadir="$my_tmp/data" --socket="$my_tmp/mysqld.sock" \
    --pid-file="$my_tmp/mysqld.pid" --bind-address=127.0.0.1 --port="$port" --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --local-infile=1 \
    --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --innodb-buffer-pool-size=64M \
    --skip-log-bin --max-connections=300 --log-error="$my_tmp/server.log" >/dev/null 2>&1 &
  my_pid=$!
  local tries=0
  until mariadb --no-defaults --socket="$my_tmp/mysqld.sock" -u "$(id -un)" -e "SELECT 1" >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -gt 60 ] || ! kill -0 "$my_pid" 2>/dev/null; then
      cat "$my_tmp/server.log" >&2 2>/dev/null
      my_unavailable "the server did not start"
      return $?
    fi
    sleep 1
  done
  mariadb --no-defaults --socket="$my_tmp/mysqld.sock" -u "$(id -un)" -e \
    "CREATE USER 'syncfiles'@'127.0.0.1' IDENTIFIED BY 'syncfiles'; GRANT ALL ON *.* TO 'syncfiles'@'127.0.0.1' WITH GRANT OPTION;"
  export SYNCFILES_TEST_MYSQL="Server=127.0.0.1;Port=$port;User ID=syncfiles;Password=syncfiles;Pooling=false;AllowLoadLocalInfile=true"
  echo "MariaDB: throwaway server on 127.0.0.1:$port ($("$(mariadbd_path)" --version | sed 's/ *for .*//'))"
}

stop_test_mariadb() {
  if [ -n "$my_tmp" ] && [ -f "$my_tmp/mysqld.pid" ]; then
    local pid
    pid=$(cat "$my_tmp/mysqld.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  [ -n "$my_tmp" ] && rm -rf "$my_tmp"
  my_tmp=""
}

my_unavailable() {
  if [ "${CI:-}" = "true" ]; then
    echo "MariaDB is required under CI and could not be started: $1" >&2
    return 1
  fi
  echo "MariaDB unavailable ($1): the MariaDB tests will be skipped." >&2
  return 0
}

# Run directly (not sourced): start or stop one server for development.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    start)
      unset SYNCFILES_TEST_MYSQL
      start_test_mariadb "${2:-53306}" "${3:-/tmp/mariadb-dev}" || exit 1
      echo "export SYNCFILES_TEST_MYSQL=\"$SYNCFILES_TEST_MYSQL\""
      ;;
    stop)
      my_tmp="${2:-/tmp/mariadb-dev}"
      stop_test_mariadb
      ;;
    *)
      echo "usage: bash tests/mariadb.sh start [port] [folder] | stop [folder]" >&2
      exit 2
      ;;
  esac
fi
