#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests, on 127.0.0.1 and a free port, in a temp dir.
#
#   postgres.sh start STATE_DIR [extra postgres -c settings...]
#       initdb + start; writes STATE_DIR/url (postgresql://postgres@127.0.0.1:PORT/postgres),
#       STATE_DIR/cluster (the cluster's directory) and STATE_DIR/port.
#   postgres.sh stop STATE_DIR      fast shutdown (by the postmaster's PID) and removal.
#   postgres.sh kill STATE_DIR      kill -9 of the postmaster (fault tests).
#   postgres.sh restart STATE_DIR   start again after `kill` (same port, crash recovery).
#   postgres.sh freeze STATE_DIR    SIGSTOP of the postmaster and every backend (fault tests: a
#                                   frozen server keeps its sockets open and answers nothing).
#   postgres.sh thaw STATE_DIR      SIGCONT of them again.
#
# Works as root (runs the server as the `postgres` user, as Debian's package creates it) and as
# an ordinary user. Needs Debian's postgresql-15 package (scripts/setup.sh --test installs it).
set -euo pipefail

BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
command=${1:?usage: postgres.sh start|stop|kill|restart|freeze|thaw STATE_DIR}
state=${2:?usage: postgres.sh start|stop|kill|restart|freeze|thaw STATE_DIR}
shift 2 || true

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}

# The PIDs of the processes whose parent is $1 (from /proc: no procps needed).
children_of() {
  local parent=$1 stat line
  for stat in /proc/[0-9]*/stat; do
    line=$(cat "$stat" 2>/dev/null) || continue
    line=${line##*) }  # after the command name, which may contain spaces
    set -- $line
    if [ "$2" = "$parent" ]; then
      stat=${stat#/proc/}
      echo "${stat%/stat}"
    fi
  done
}

free_port() {
  # A random high port that nothing listens on (pg_ctl start fails if it is taken meanwhile;
  # the caller retries).
  while true; do
    local port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

start_server() {
  local cluster=$1 port=$2
  as_owner "$BIN/pg_ctl -D '$cluster/data' -l '$cluster/log' -w -t 60 -o \"-p $port -k '$cluster' -c listen_addresses=127.0.0.1 $(cat "$cluster/options")\" start" >/dev/null
}

case "$command" in
  start)
    mkdir -p "$state"
    cluster=$(mktemp -d /tmp/rampart-pg-XXXXXX)
    # The server runs as `postgres`: every parent folder must be traversable.
    chmod 755 "$cluster"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$cluster"
    as_owner "$BIN/initdb -D '$cluster/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
    # Throwaway data: no fsync (a killed postmaster still loses nothing the kernel has).
    printf '%s' "-c fsync=off -c full_page_writes=off -c max_connections=300 $*" > "$cluster/options"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$cluster/options"
    for attempt in 1 2 3 4 5; do
      port=$(free_port)
      if start_server "$cluster" "$port"; then break; fi
      [ "$attempt" -eq 5 ] && { cat "$cluster/log" >&2; exit 1; }
    done
    echo "$cluster" > "$state/cluster"
    echo "$port" > "$state/port"
    echo "postgresql://postgres@127.0.0.1:$port/postgres" > "$state/url"
    echo "postgres: started on 127.0.0.1:$port ($cluster)"
    ;;
  stop)
    [ -f "$state/cluster" ] || exit 0
    cluster=$(cat "$state/cluster")
    if [ -f "$cluster/data/postmaster.pid" ]; then
      as_owner "$BIN/pg_ctl -D '$cluster/data' -m fast -w stop" >/dev/null 2>&1 || true
    fi
    rm -rf "$cluster"
    rm -f "$state/cluster" "$state/url" "$state/port"
    ;;
  kill)
    cluster=$(cat "$state/cluster")
    pid=$(head -1 "$cluster/data/postmaster.pid")
    kill -9 "$pid"
    ;;
  restart)
    cluster=$(cat "$state/cluster")
    # No init reaps a killed postmaster here: its pid file and socket lock would block the
    # restart (the new postmaster cannot tell the old PID is gone).
    rm -f "$cluster/data/postmaster.pid" "$cluster"/.s.PGSQL.*
    start_server "$cluster" "$(cat "$state/port")"
    ;;
  freeze)
    cluster=$(cat "$state/cluster")
    pid=$(head -1 "$cluster/data/postmaster.pid")
    # The postmaster first, so that it forks no new backend while they are being stopped.
    kill -STOP "$pid"
    for child in $(children_of "$pid"); do kill -STOP "$child" 2>/dev/null || true; done
    ;;
  thaw)
    cluster=$(cat "$state/cluster")
    pid=$(head -1 "$cluster/data/postmaster.pid")
    for child in $(children_of "$pid"); do kill -CONT "$child" 2>/dev/null || true; done
    kill -CONT "$pid"
    ;;
  *)
    echo "usage: postgres.sh start|stop|kill|restart|freeze|thaw STATE_DIR" >&2
    exit 2
    ;;
esac
