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
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
HAPROXY_TEMPLATE=deploy/haproxy.cfg
[ -x "$ZKPUSH" ] || { echo "cluster: $ZKPUSH not built (make server)" >&2; exit 1; }
[ -x "$PG_BIN/postgres" ] || { echo "cluster: no PostgreSQL in $PG_BIN (apt install postgresql-15)" >&2; exit 1; }
command -v haproxy >/dev/null || { echo "cluster: no haproxy (apt install haproxy)" >&2; exit 1; }

DIR=$(mktemp -d /tmp/zkpush-cluster.XXXXXX)
chmod 755 "$DIR"   # PostgreSQL runs as nobody when we are root: it must reach $DIR/pg
PIDS=()            # started here, stopped in reverse order
PG_PID=

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
  if [ -n "$PG_PID" ]; then
    kill -INT "$PG_PID" 2>/dev/null || true   # PostgreSQL's fast shutdown
    for _ in $(seq 300); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$PG_PID" 2>/dev/null || true
    wait "$PG_PID" 2>/dev/null || true
  fi
  rm -rf "$DIR"
  echo "cluster: stopped, $DIR removed"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A TCP port nothing listens on: $1 if free, else one picked at random.
taken_ports=" "
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p=${1:-0}
  while [ "$p" = 0 ] || [[ $taken_ports == *" $p "* ]] || port_in_use "$p"; do
    p=$((20000 + RANDOM % 40000))
  done
  taken_ports+="$p "
  echo "$p"
}

# As root, PostgreSQL (which refuses to run as root) runs as nobody.
as_pg=()
if [ "$(id -u)" = 0 ]; then
  as_pg=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups --)
  mkdir "$DIR/pg"
  chown nobody "$DIR/pg"
fi

# --- PostgreSQL ---------------------------------------------------------------
PG_PORT=$(free_port)
echo "cluster: PostgreSQL 15 in $DIR/pg, port $PG_PORT"
(cd "$DIR" && "${as_pg[@]}" "$PG_BIN/initdb" -D "$DIR/pg" -U postgres --auth=trust -E UTF8 --locale=C) \
  >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
(cd "$DIR" && exec "${as_pg[@]}" "$PG_BIN/postgres" -D "$DIR/pg" -p "$PG_PORT" -k "$DIR/pg" \
  -c listen_addresses=127.0.0.1 -c max_connections=100 -c synchronous_commit=on) >"$DIR/postgres.log" 2>&1 &
PG_PID=$!
for _ in $(seq 100); do
  "$PG_BIN/pg_isready" -q -h "$DIR/pg" -p "$PG_PORT" && break
  kill -0 "$PG_PID" 2>/dev/null || { cat "$DIR/postgres.log" >&2; exit 1; }
  sleep 0.1
done
"$PG_BIN/pg_isready" -q -h "$DIR/pg" -p "$PG_PORT" || { cat "$DIR/postgres.log" >&2; exit 1; }
# The role and database as docs/deploy.md creates them.
"$PG_BIN/createuser" -h "$DIR/pg" -p "$PG_PORT" -U postgres zkpush
"$PG_BIN/createdb" -h "$DIR/pg" -p "$PG_PORT" -U postgres -O zkpush zkpush
DATABASE="postgresql://zkpush@127.0.0.1:$PG_PORT/zkpush"

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
# deploy/haproxy.cfg with the lines marked [local] rewritten: in the
# foreground, logging to stdout, no chroot or user change, local addresses
# (comment lines dropped).
sed -e '/^[[:space:]]*#/d' \
  -e '/^[[:space:]]*\(chroot\|user\|group\|daemon\)[[:space:]].*\[local\]/d' \
  -e "s|^\([[:space:]]*\)log /dev/log local0 .*|\1log stdout format raw local0|" \
  -e "s|^\([[:space:]]*\)stats socket [^ ]* .*|\1stats socket $DIR/haproxy.sock mode 600 level admin|" \
  -e "s|^\([[:space:]]*\)maxconn 100000|\1maxconn 4096|" \
  -e "/^frontend terminals/,/^backend/s|bind :8081 .*|bind 0.0.0.0:$TERMINAL_PORT|" \
  -e "/^frontend api/,/^backend/s|bind :8082 .*|bind 127.0.0.1:$API_PORT|" \
  -e "/^frontend stats/,\$s|bind 127.0.0.1:8404 .*|bind 127.0.0.1:$STATS_PORT|" \
  -e "s|server node1 10.0.0.11:8081 check port 8082 .*|server node1 127.0.0.1:$N1_DEVICE check port $N1_API|" \
  -e "s|server node2 10.0.0.12:8081 check port 8082 .*|server node2 127.0.0.1:$N2_DEVICE check port $N2_API|" \
  -e "s|server node1 10.0.0.11:8082 check .*|server node1 127.0.0.1:$N1_API check|" \
  -e "s|server node2 10.0.0.12:8082 check .*|server node2 127.0.0.1:$N2_API check|" \
  "$HAPROXY_TEMPLATE" >"$DIR/haproxy.cfg"
if grep -q '10\.0\.0\.\|\[local\]' "$DIR/haproxy.cfg"; then
  echo "cluster: $HAPROXY_TEMPLATE changed; these lines were not rewritten:" >&2
  grep -n '10\.0\.0\.\|\[local\]' "$DIR/haproxy.cfg" >&2
  exit 1
fi
haproxy -q -c -f "$DIR/haproxy.cfg" || { echo "cluster: $DIR/haproxy.cfg is not valid" >&2; exit 1; }
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
