#!/usr/bin/env bash
# tools/cluster.sh (make cluster): a zkpush cluster on one machine, to try
# several nodes on one database: a PostgreSQL 15 of its own in a temporary
# folder, two zkpush nodes on it, and HAProxy in front of them with the
# configuration of deploy/haproxy.cfg (its addresses replaced by local ones).
# Prints the addresses and an admin token; Ctrl-C stops everything and removes
# the folder.
#
# Environment: BUILD_DIR (build), TERMINAL_PORT (8081) and API_PORT (8082):
# HAProxy's ports for terminals (all interfaces) and the API (127.0.0.1), a
# free port instead when one is taken; PG_BIN (/usr/lib/postgresql/15/bin).
set -euo pipefail

cd "$(dirname "$0")/.."
ZKPUSH=$(realpath "${BUILD_DIR:-build}/zkpush")
HAPROXY_TEMPLATE=deploy/haproxy.cfg
# free_port, pg_start, pg_database, pg_stop, haproxy_config (PG_BIN's default).
. tools/cluster_lib.sh
[ -x "$ZKPUSH" ] || { echo "cluster: $ZKPUSH not built (make server)" >&2; exit 1; }
[ -x "$PG_BIN/postgres" ] || { echo "cluster: no PostgreSQL in $PG_BIN (apt install postgresql-15)" >&2; exit 1; }
command -v haproxy >/dev/null || { echo "cluster: no haproxy (apt install haproxy)" >&2; exit 1; }

DIR=$(mktemp -d /tmp/zkpush-cluster.XXXXXX)
chmod 755 "$DIR"   # PostgreSQL runs as nobody when we are root: it must reach $DIR/pg
PIDS=()            # started here, stopped in reverse order

stop_all() {
  trap - INT TERM EXIT
  echo
  echo "cluster: stopping"
  local pid
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[i]}
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    # zkpush drains for at most 10 s, then commits and exits.
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pg_stop
  rm -rf "$DIR"
  echo "cluster: stopped, $DIR removed"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- PostgreSQL ---------------------------------------------------------------
echo "cluster: PostgreSQL 15 in $DIR/pg"
pg_start "$DIR" || exit 1
echo "cluster: PostgreSQL on port $PG_PORT"
# The database as docs/deploy.md creates it (pg_start made the role).
DATABASE=$(pg_database zkpush) || exit 1

# The admin token (this also creates the schema).
TOKEN=$("$ZKPUSH" token create --database "$DATABASE" --name admin --scope admin 2>/dev/null | tail -n 1)
case $TOKEN in zkp_*) ;; *) echo "cluster: cannot create a token on $DATABASE" >&2; exit 1 ;; esac

# --- zkpush nodes -------------------------------------------------------------
# Port 0: each node picks free ports and prints them ("listening device=...").
# Behind HAProxy every connection comes from 127.0.0.1: no per-address limit.
start_node() {
  local name=$1
  mkdir -p "$DIR/$name"
  "$ZKPUSH" serve --database "$DATABASE" --data "$DIR/$name" \
    --listen 127.0.0.1:0 --api-listen 127.0.0.1:0 --max-connections-per-ip 0 \
    >"$DIR/$name.out" 2>"$DIR/$name.log" &
  PIDS+=($!)
}
node_port() {  # node_port NAME device|api
  local line
  for _ in $(seq 300); do
    line=$(grep -m1 "^listening $2=" "$DIR/$1.out" 2>/dev/null || true)
    [ -n "$line" ] && { echo "${line##*:}"; return; }
    sleep 0.1
  done
  echo "cluster: $1 did not start:" >&2
  cat "$DIR/$1.log" >&2
  exit 1
}
start_node node1
start_node node2
N1_DEVICE=$(node_port node1 device)
N1_API=$(node_port node1 api)
N2_DEVICE=$(node_port node2 device)
N2_API=$(node_port node2 api)

# --- HAProxy ------------------------------------------------------------------
TERMINAL_PORT=$(free_port "${TERMINAL_PORT:-8081}")
API_PORT=$(free_port "${API_PORT:-8082}")
STATS_PORT=$(free_port)
# deploy/haproxy.cfg with the lines marked [local] rewritten for this machine.
haproxy_config "$DIR/haproxy.cfg" "$DIR" 4096 "$TERMINAL_PORT" "$API_PORT" "$STATS_PORT" \
  "$N1_DEVICE" "$N1_API" "$N2_DEVICE" "$N2_API" || { echo "cluster: no HAProxy configuration" >&2; exit 1; }
haproxy -db -f "$DIR/haproxy.cfg" >"$DIR/haproxy.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do port_in_use "$API_PORT" && port_in_use "$TERMINAL_PORT" && break; sleep 0.1; done
# Both nodes up in HAProxy's eyes (rise 2: two checks 2 s apart).
for _ in $(seq 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$API_PORT/api/v1/health" && break
  sleep 0.1
done

cat <<EOF

zkpush cluster: PostgreSQL, two nodes, HAProxy (folder $DIR)

  terminals   http://<this machine's address>:$TERMINAL_PORT   (HAProxy; http://127.0.0.1:$TERMINAL_PORT here)
  API         http://127.0.0.1:$API_PORT   (HAProxy)
  token       $TOKEN
  database    $DATABASE
  node1       terminals 127.0.0.1:$N1_DEVICE, API 127.0.0.1:$N1_API, log $DIR/node1.log
  node2       terminals 127.0.0.1:$N2_DEVICE, API 127.0.0.1:$N2_API, log $DIR/node2.log
  HAProxy     stats http://127.0.0.1:$STATS_PORT/, log $DIR/haproxy.log, config $DIR/haproxy.cfg

Try it:
  export ZKPUSH_API_TOKEN=$TOKEN
  ${ZKPUSH#"$PWD/"} sim --server http://127.0.0.1:$TERMINAL_PORT --api http://127.0.0.1:$API_PORT --devices 20 --duration 10 --verify
  curl -s -H "Authorization: Bearer \$ZKPUSH_API_TOKEN" http://127.0.0.1:$N2_API/api/v1/devices

Ctrl-C stops everything and removes $DIR.
EOF

# Until Ctrl-C, or until a process dies.
while :; do
  for pid in "${PIDS[@]}" "$PG_PID"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "cluster: process $pid exited; logs:" >&2
      tail -n 20 "$DIR"/*.log >&2 || true
      exit 1
    fi
  done
  sleep 1
done
