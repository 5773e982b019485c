#!/usr/bin/env bash
# The SQS peer of the tests (tests/aws/sqs_peer.mjs: the fauxqs emulator behind a SigV4-checking
# proxy, both on 127.0.0.1 and free ports).
#
#   sqs.sh start STATE_DIR   starts it in the background; waits for STATE_DIR/peer.json
#                            ({endpoint, emulator, accessKeyId, secretAccessKey, region}) and
#                            writes STATE_DIR/pid.
#   sqs.sh stop STATE_DIR    stops it by that PID.
# Needs the npm packages of tests/aws (`npm ci` there; `make test` runs it).
set -euo pipefail
command=${1:?usage: sqs.sh start|stop STATE_DIR}
state=${2:?usage: sqs.sh start|stop STATE_DIR}
here=$(cd "$(dirname "$0")/../aws" && pwd)

case "$command" in
  start)
    rm -rf "$state"
    mkdir -p "$state"
    node "$here/sqs_peer.mjs" "$state" >"$state/log" 2>&1 &
    echo $! >"$state/pid"
    for _ in $(seq 1 300); do
      [ -f "$state/peer.json" ] && exit 0
      kill -0 "$(cat "$state/pid")" 2>/dev/null || { cat "$state/log" >&2; exit 1; }
      sleep 0.1
    done
    echo "sqs peer did not start in 30 s" >&2
    cat "$state/log" >&2
    exit 1
    ;;
  stop)
    [ -f "$state/pid" ] || exit 0
    pid=$(cat "$state/pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$state/pid"
    ;;
  *)
    echo "usage: sqs.sh start|stop STATE_DIR" >&2
    exit 2
    ;;
esac
