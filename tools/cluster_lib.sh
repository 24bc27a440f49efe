# tools/cluster_lib.sh: the pieces of a zkpush cluster on one machine, sourced
# by tools/cluster.sh (make cluster) and bench/run.sh (its pg-* and cluster-*
# sections): free ports, a PostgreSQL 15 of its own in a folder, HAProxy's
# configuration from deploy/haproxy.cfg. Functions only; nothing runs when
# sourced. They return 1 (with the reason on stderr) rather than exit.
#
# Needs PG_BIN (/usr/lib/postgresql/15/bin by default) and, for
# haproxy_config, HAPROXY_TEMPLATE (deploy/haproxy.cfg relative to the caller's
# directory by default).

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
HAPROXY_TEMPLATE=${HAPROXY_TEMPLATE:-deploy/haproxy.cfg}
PG_PID=

# A TCP port nothing listens on: $1 if free, else one picked at random below
# Linux's ephemeral range (32768 and up: a port there may be the local end of a
# connection, or of one in TIME_WAIT after a load test, and then bind fails
# although nothing listens), never one this shell handed out before.
taken_ports=" "
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p=${1:-0}
  while [ "$p" = 0 ] || [[ $taken_ports == *" $p "* ]] || port_in_use "$p"; do
    p=$((20000 + RANDOM % 12000))
  done
  taken_ports+="$p "
  echo "$p"
}

# pg_start DIR: a PostgreSQL 15 in DIR/pg (DIR exists, mode 755), default
# settings (fsync and synchronous_commit on: durable) but its own port and
# socket folder, listening on 127.0.0.1; as root it runs as nobody (PostgreSQL
# refuses root). Creates the role zkpush as docs/deploy.md does. Sets PG_PID
# and PG_PORT; logs in DIR/initdb.log and DIR/postgres.log.
# Note: call it as a plain command, not in $(...): PG_PID must reach the caller.
pg_start() {
  local dir=$1 as_pg=()
  if [ "$(id -u)" = 0 ]; then
    as_pg=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups --)
    mkdir "$dir/pg"
    chown nobody "$dir/pg"
  fi
  PG_PORT=$(free_port)
  (cd "$dir" && "${as_pg[@]}" "$PG_BIN/initdb" -D "$dir/pg" -U postgres --auth=trust -E UTF8 --locale=C) \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  (cd "$dir" && exec "${as_pg[@]}" "$PG_BIN/postgres" -D "$dir/pg" -p "$PG_PORT" -k "$dir/pg" \
    -c listen_addresses=127.0.0.1 -c max_connections=100 -c synchronous_commit=on) >"$dir/postgres.log" 2>&1 &
  PG_PID=$!
  local i
  for ((i = 0; i < 100; i++)); do
    "$PG_BIN/pg_isready" -q -h "$dir/pg" -p "$PG_PORT" && break
    kill -0 "$PG_PID" 2>/dev/null || break
    sleep 0.1
  done
  "$PG_BIN/pg_isready" -q -h "$dir/pg" -p "$PG_PORT" || { cat "$dir/postgres.log" >&2; return 1; }
  PG_SOCKET_DIR=$dir/pg
  "$PG_BIN/createuser" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres zkpush
}

# pg_database NAME: a new database NAME owned by zkpush on the running
# PostgreSQL; prints its URI (what `zkpush serve --database` takes).
pg_database() {
  "$PG_BIN/createdb" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -O zkpush "$1" || return 1
  echo "postgresql://zkpush@127.0.0.1:$PG_PORT/$1"
}

# pg_stop: PostgreSQL's fast shutdown (SIGINT), waited for (30 s, then SIGKILL).
pg_stop() {
  [ -n "$PG_PID" ] || return 0
  kill -INT "$PG_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 300; i++)); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$PG_PID" 2>/dev/null || true
  wait "$PG_PID" 2>/dev/null || true
  PG_PID=
}

# haproxy_config OUT DIR MAXCONN TERMINAL_PORT API_PORT STATS_PORT N1_DEVICE N1_API N2_DEVICE N2_API:
# $HAPROXY_TEMPLATE with the lines marked [local] rewritten for one machine
# (in the foreground, logging to stdout, no chroot or user change, the stats
# socket in DIR, global maxconn MAXCONN, local addresses; comment lines
# dropped), written to OUT and checked with haproxy -c.
haproxy_config() {
  local out=$1 dir=$2 maxconn=$3 terminal=$4 api=$5 stats=$6 n1d=$7 n1a=$8 n2d=$9 n2a=${10}
  sed -e '/^[[:space:]]*#/d' \
    -e '/^[[:space:]]*\(chroot\|user\|group\|daemon\)[[:space:]].*\[local\]/d' \
    -e "s|^\([[:space:]]*\)log /dev/log local0 .*|\1log stdout format raw local0|" \
    -e "s|^\([[:space:]]*\)stats socket [^ ]* .*|\1stats socket $dir/haproxy.sock mode 600 level admin|" \
    -e "s|^\([[:space:]]*\)maxconn 100000|\1maxconn $maxconn|" \
    -e "/^frontend terminals/,/^backend/s|bind :8081 .*|bind 0.0.0.0:$terminal|" \
    -e "/^frontend api/,/^backend/s|bind :8082 .*|bind 127.0.0.1:$api|" \
    -e "/^frontend stats/,\$s|bind 127.0.0.1:8404 .*|bind 127.0.0.1:$stats|" \
    -e "s|server node1 10.0.0.11:8081 check port 8082 .*|server node1 127.0.0.1:$n1d check port $n1a|" \
    -e "s|server node2 10.0.0.12:8081 check port 8082 .*|server node2 127.0.0.1:$n2d check port $n2a|" \
    -e "s|server node1 10.0.0.11:8082 check .*|server node1 127.0.0.1:$n1a check|" \
    -e "s|server node2 10.0.0.12:8082 check .*|server node2 127.0.0.1:$n2a check|" \
    "$HAPROXY_TEMPLATE" >"$out"
  if grep -q '10\.0\.0\.\|\[local\]' "$out"; then
    echo "$HAPROXY_TEMPLATE changed; these lines were not rewritten:" >&2
    grep -n '10\.0\.0\.\|\[local\]' "$out" >&2
    return 1
  fi
  haproxy -q -c -f "$out" || { echo "$out is not valid" >&2; return 1; }
}
