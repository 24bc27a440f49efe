#!/usr/bin/env bash
# The benchmark suite: runs the sections, then writes bench/results/latest.md
# (machine, commit, date, a table figure | value | unit | target | status, and
# notes on each section's method) and prints the table. `make bench` builds
# the binaries, installs wrk and nginx (bench-deps) and calls this.
#
#   bench/run.sh                 every section; writes bench/results/latest.md
#   bench/run.sh idle replay     only these (by name, in SECTIONS order);
#                                writes bench/results/tmp/partial.md instead
#
# Sections, one function each, run in the order of SECTIONS at the bottom
# (ingest divides by the roof that storage measures, so storage goes first):
#   parser   bench/parser_bench.cc, Google Benchmark, BENCH_REPETITIONS runs of
#            each benchmark, the median reported
#   storage  bench/storage_roof_bench.cc, BENCH_STORAGE_RUNS runs of 1,000,000
#            rows, the median of each figure (ratios: median of the per-run
#            ratios, since perf-facts.md says to compare ratios within a run)
#   idle     terminals polling GET /iclock/getrequest with nothing queued:
#            wrk -t2 -c100 -d5s with bench/idle.lua (1,000 SNs, registered first
#            by a wrk run of handshakes), with Connection: close and with
#            keep-alive; requests/s and p50/p99. The same load against nginx
#            answering a static "OK" (bench/nginx.conf.template), when nginx is
#            installed: the roof for a request this small. BENCH_IDLE_RUNS runs
#            per mode and server, alternating servers; medians, the ratio is
#            the median of the per-run ratios
#   ingest   `zkpush sim`: 50 terminals, each booting with 20,000 stored
#            punches, upload them in 128-line batches as fast as the server
#            acknowledges (--exit-after-upload); durable records/s =
#            records_acked / upload_s, with keep-alive and with
#            Connection: close, and the better one against storage's
#            raw-SQLite roof. BENCH_INGEST_RUNS runs per mode, alternating, a
#            fresh server each; medians
#   fleet    10,000 emulated terminals (Delay 10 s: the server's default; one
#            punch each in the run, --rate 2 since the emulator's first punch
#            comes one interval after boot; boots spread over 10 s) for 60 s:
#            p99 latency from the emulator, the server's VmHWM/VmRSS and CPU
#            (utime+stime over the run), BENCH_FLEET_RUNS runs on fresh
#            servers, medians. Then the fan-out on the last one's server:
#            the fleet boots again, bench/fanout.py queues one SET OPTION for
#            each terminal through the API and polls GET
#            /api/v1/commands/summary until all 10,000 are done
#   replay   one terminal uploads 50,000 stored punches (new records), then
#            uploads them again with --replay-history (all known): median of
#            BENCH_REPLAY_RUNS replays
#   pg-roof  bench/pg_roof_bench.cc: the raw-PostgreSQL roof, 1,000,000 new rows
#            (the ingest's 50 x 20,000) into zkpush's attendance table in
#            128-row INSERT ... SELECT * FROM unnest(arrays) ON CONFLICT DO
#            NOTHING transactions, with 1 and with 4 connections, on a
#            PostgreSQL 15 the section starts (tools/cluster_lib.sh: default,
#            durable settings) in a folder under /tmp; BENCH_PG_ROOF_RUNS runs
#   pg-ingest the ingest section's method against a `zkpush serve --database`
#            node (a fresh database each run), BENCH_PG_INGEST_RUNS runs per
#            mode; the better mode against pg-roof's better roof (pg-roof runs
#            first when it was not selected). BENCH_PERF=1: `perf record -g`
#            on the node during each run ($TMP/pg-ingest-MODE-RUN.perf.data)
#   pg-idle  the idle section's wrk load against a PostgreSQL node and a SQLite
#            node, BENCH_PG_IDLE_RUNS runs per mode, alternating; the ratio
#   cluster-fleet   the fleet's 10,000 terminals through HAProxy
#            (deploy/haproxy.cfg, as tools/cluster.sh rewrites it) over two
#            PostgreSQL nodes: p99 and each node's VmHWM,
#            BENCH_CLUSTER_FLEET_RUNS runs on fresh clusters
#   cluster-fanout  on a fresh cluster, the fleet boots, then bench/fanout.py
#            queues one command per terminal through HAProxy's API port
#   access   1,000 emulated access panels (--profile access) with 4 doors,
#            BENCH_ACCESS_SECONDS (60): each registers and authenticates,
#            people at its readers at ACCESS_RATE a minute (passes and
#            refusals), door states, polls every Delay; p99 latency, the
#            server's VmHWM/VmRSS and CPU, and the events stored against those
#            acknowledged
#   console  10,000 terminals upload 10 million punches (SQLite); then
#            bench/console_pages.py times each console page's API calls
#            (BENCH_CONSOLE_REPEATS each, signed in with a session cookie)
#
# Every pg-* and cluster-* section starts its own PostgreSQL (and nodes,
# HAProxy) and stops them and removes the folder at its end (and on exit).
#
# Targets (the issue): idle poll >= 0.8 of nginx in both modes; ingest >=
# 100,000 durable records/s and >= half the raw-SQLite roof; fleet p99 <= 50 ms
# and RSS <= 300 MB; history replay <= 5 s. PostgreSQL: HTTP ingest >= half the
# raw-PostgreSQL roof; idle polls on a PostgreSQL node >= 0.9 of a SQLite
# node's; through HAProxy over two nodes, 10,000 terminals with p99 <= 50 ms and
# each node's RSS <= 300 MB, and a command to each done within two poll
# intervals (2 x Delay). The console: every page's API calls p99 <= 300 ms at
# 10,000 terminals and 10 million punches. Raw scratch output (server logs,
# stats files, data directories) goes to bench/results/tmp/ (gitignored).
#
# Environment: BUILD_DIR (default build-bench), BENCH_REPETITIONS (5),
# BENCH_MIN_TIME (0.5 s per repetition), BENCH_STORAGE_RUNS (3),
# BENCH_STORAGE_ROWS (1000000), BENCH_IDLE_RUNS (5), BENCH_IDLE_SECONDS (5),
# BENCH_INGEST_RUNS (3), BENCH_FLEET_RUNS (2), BENCH_FLEET_SECONDS (60),
# BENCH_REPLAY_RUNS (3), BENCH_PG_ROOF_RUNS (1), BENCH_PG_INGEST_RUNS (1),
# BENCH_PG_IDLE_RUNS (3), BENCH_CLUSTER_FLEET_RUNS (3), BENCH_PERF (unset),
# PG_BIN (/usr/lib/postgresql/15/bin).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=$(cd "$ROOT" && realpath -m "${BUILD_DIR:-build-bench}")
REPETITIONS=${BENCH_REPETITIONS:-5}
MIN_TIME=${BENCH_MIN_TIME:-0.5}
STORAGE_RUNS=${BENCH_STORAGE_RUNS:-3}
STORAGE_ROWS=${BENCH_STORAGE_ROWS:-1000000}
IDLE_RUNS=${BENCH_IDLE_RUNS:-5}
IDLE_SECONDS=${BENCH_IDLE_SECONDS:-5}
IDLE_DEVICES=1000
WRK_THREADS=2        # 2 rather than perf-facts.md's 1: nginx (the roof) does better with it here
WRK_CONNECTIONS=100
INGEST_DEVICES=50
INGEST_HISTORY=20000
INGEST_RUNS=${BENCH_INGEST_RUNS:-3}
FLEET_DEVICES=10000
FLEET_RUNS=${BENCH_FLEET_RUNS:-2}
FLEET_SECONDS=${BENCH_FLEET_SECONDS:-60}
FLEET_RATE=2   # punches per terminal per minute: the first comes 30 s after boot, see the fleet note
FLEET_RAMP=10
FANOUT_COMMAND="SET OPTION Zkpush=1"  # harmless, and its reply is one short line
FANOUT_TIMEOUT=60
REPLAY_RECORDS=50000
REPLAY_RUNS=${BENCH_REPLAY_RUNS:-3}
PG_ROOF_RUNS=${BENCH_PG_ROOF_RUNS:-1}
PG_INGEST_RUNS=${BENCH_PG_INGEST_RUNS:-1}
PG_IDLE_RUNS=${BENCH_PG_IDLE_RUNS:-3}
CLUSTER_FLEET_RUNS=${BENCH_CLUSTER_FLEET_RUNS:-3}
HAPROXY_MAXCONN=8000  # two descriptors a connection: under the hard open-file limit (20,000 here)
# The cluster's share of the cores: HAProxy, two nodes, PostgreSQL and the
# emulator run on the machine's two. With their defaults (a thread per core
# each) a 10,000-terminal boot keeps 6-11 threads runnable, and the p99
# grows with the run queue; one I/O thread per node and one HAProxy thread
# is how one would size them sharing a 2-core machine (docs/scaling.md).
CLUSTER_NODE_THREADS=1
CLUSTER_HAPROXY_THREADS=1
ACCESS_PANELS=1000
ACCESS_DOORS=4
ACCESS_RATE=4              # people at a panel's readers a minute: a busy office entrance
ACCESS_SECONDS=${BENCH_ACCESS_SECONDS:-60}
ACCESS_RAMP=10
CONSOLE_DEVICES=10000
CONSOLE_HISTORY=1000       # punches per terminal: 10 million in all
CONSOLE_REPEATS=${BENCH_CONSOLE_REPEATS:-50}
CONSOLE_CANTEENS=100       # canteen terminals selling for CONSOLE_CANTEEN_SECONDS, for the canteen page
CONSOLE_CANTEEN_SECONDS=20
CONSOLE_TARGET_MS=300
RESULTS=$ROOT/bench/results
TMP=$RESULTS/tmp
FIGURES=$TMP/figures.tsv  # name TAB value TAB unit TAB target-op TAB target
NOTES=$TMP/notes.md       # the report's notes: each section's method, warnings

# figure NAME VALUE UNIT [OP TARGET]: one row of the table; OP is ">=" or "<=".
# An empty VALUE could not be measured (FAIL if there is a target); "-" was
# skipped on purpose (n/a).
figure() {
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" "${5:-}" >>"$FIGURES"
}

# note TEXT: a paragraph of the report's notes.
note() { printf '%s\n\n' "$*" >>"$NOTES"; }
# warn TEXT: on the console, and in the notes.
warn() {
  echo "WARNING: $*" >&2
  note "**Warning:** $*"
}

# thousands N: 10000 -> 10,000.
thousands() { printf '%s' "$1" | sed ':a; s/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/; ta'; }

# The median of the numbers on stdin, one per line.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The median of the numbers on stdin with 2 decimals, or "" when there are none.
median2() { median | awk '{ printf "%.2f", $1 }' || true; }
median0() { median | awk '{ printf "%.0f", $1 }' || true; }

# ---- processes -------------------------------------------------------------------
# Every process started in the background is in PIDS, and killed on exit.

PIDS=()
forget() {
  local pid keep=()
  for pid in "${PIDS[@]}"; do [ "$pid" = "$1" ] || keep+=("$pid"); done
  PIDS=("${keep[@]}")
}
stop() {  # stop PID: SIGTERM, and wait for it
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  forget "$1"
}
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
# On exit, also a PostgreSQL a section left running, and its folder.
cleanup_all() {
  cleanup
  if [ -n "${PG_DIR:-}" ]; then pg_down; fi
}
trap cleanup_all EXIT
trap 'exit 130' INT TERM

# A fleet needs a descriptor per terminal, in the emulator and the server.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# start_zkpush NAME [URI [SERVE-OPTION...]]: `zkpush serve` on ephemeral ports
# with a fresh data directory $TMP/NAME-data (with URI: its store is that
# PostgreSQL database, the data directory only holds files/; the options are
# added to serve's); sets ZK_PID, DEVICE_PORT and API_PORT
# from the "listening device=HOST:PORT" / "listening api=HOST:PORT" lines on
# its stdout, and ZKPUSH_API_TOKEN (exported: the emulator and fanout.py read
# it) to an admin token created in the store first.
start_zkpush() {
  local name=$1 out=$TMP/$1.out i store=() options=("${@:3}")
  if [ $# -gt 1 ]; then store=(--database "$2"); fi
  rm -rf "$TMP/$name-data"
  mkdir -p "$TMP/$name-data"
  : >"$out"
  ZKPUSH_API_TOKEN=$("$BUILD_DIR/zkpush" token create --data "$TMP/$name-data" "${store[@]}" --name bench \
    --scope admin 2>/dev/null | tail -n 1)
  export ZKPUSH_API_TOKEN
  # Every emulated terminal connects from 127.0.0.1: no per-address limit.
  "$BUILD_DIR/zkpush" serve --listen 127.0.0.1:0 --api-listen 127.0.0.1:0 --data "$TMP/$name-data" "${store[@]}" \
    --max-connections-per-ip 0 --log-level warn "${options[@]}" >"$out" 2>"$TMP/$name.log" &
  ZK_PID=$!
  PIDS+=("$ZK_PID")
  for ((i = 0; i < 200; i++)); do
    DEVICE_PORT=$(sed -n 's/^listening device=.*:\([0-9]*\)$/\1/p' "$out")
    API_PORT=$(sed -n 's/^listening api=.*:\([0-9]*\)$/\1/p' "$out")
    if [ -n "$DEVICE_PORT" ] && [ -n "$API_PORT" ]; then return 0; fi
    kill -0 "$ZK_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "zkpush serve did not start; $TMP/$name.log:" >&2
  cat "$TMP/$name.log" >&2
  return 1
}

api_get() {  # api_get PATH: the body of a GET on the running server's API
  python3 -c 'import os, sys, urllib.request
request = urllib.request.Request(sys.argv[1], headers={"Authorization": "Bearer " + os.environ["ZKPUSH_API_TOKEN"]})
sys.stdout.write(urllib.request.urlopen(request, timeout=30).read().decode())' "http://127.0.0.1:$API_PORT$1"
}
device_count() { api_get /api/v1/devices | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["items"]))'; }

# ticks PID: sets TICKS to the process's utime + stime in clock ticks and
# STATE to its state letter (fields 14, 15 and 3 of /proc/PID/stat, counted
# after the command name in parentheses); returns 1 once it is gone. A zombie
# (exited, not yet waited for) still has its final times.
ticks() {
  local stat fields
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  read -r -a fields <<<"${stat##*) }"
  STATE=${fields[0]}
  TICKS=$((fields[11] + fields[12]))
}
HZ=$(getconf CLK_TCK)
# status_mb PID FIELD: VmRSS, VmHWM... from /proc/PID/status, in MB (10^6 bytes).
status_mb() { awk -v f="$2:" '$1 == f { printf "%.1f", $2 * 1024 / 1e6 }' "/proc/$1/status"; }

# ---- the emulator ----------------------------------------------------------------

# server_ticks: TICKS = the CPU time of the server under test: ZK_PID, plus
# EXTRA_SERVER_PIDS (a cluster's other nodes).
EXTRA_SERVER_PIDS=()
server_ticks() {
  local pid sum=0
  for pid in "$ZK_PID" "${EXTRA_SERVER_PIDS[@]}"; do
    if ticks "$pid"; then sum=$((sum + TICKS)); fi
  done
  TICKS=$sum
}

SIM_HELP=""
# sim_supports FLAG...: whether this zkpush sim has every flag (some are new).
sim_supports() {
  local flag missing=()
  [ -n "$SIM_HELP" ] || SIM_HELP=$("$BUILD_DIR/zkpush" sim --help 2>&1 || true)
  for flag in "$@"; do [[ $SIM_HELP == *"$flag"* ]] || missing+=("$flag"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  warn "$BUILD_DIR/zkpush sim has no ${missing[*]}: its figures are not measured"
  return 1
}

# sim_args NAME ARGS...: the command line of `zkpush sim` against the running
# server, in SIM_ARGS; statistics to $TMP/NAME.stats.
sim_args() {
  local name=$1
  shift
  rm -f "$TMP/$name.stats"
  SIM_ARGS=("$BUILD_DIR/zkpush" sim --server "http://127.0.0.1:$DEVICE_PORT" --api "http://127.0.0.1:$API_PORT"
    --no-progress --stats-file "$TMP/$name.stats" "$@")
}
# sim NAME ARGS...: runs it to the end; its output goes to $TMP/NAME.log, and
# $TMP/NAME.cpu gets the CPU time of the server and of the emulator over the
# run (server_cpu_pct, sim_cpu_pct: 100 = one core busy all the time) and
# wall_s.
sim() {
  local name=$1 pid t0 t1 s0 s1 c=0 status=0
  sim_args "$@"
  t0=$EPOCHREALTIME
  server_ticks
  s0=$TICKS
  "${SIM_ARGS[@]}" >"$TMP/$name.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  while ticks "$pid"; do
    c=$TICKS
    if [ "$STATE" = Z ]; then break; fi
    sleep 0.1
  done
  wait "$pid" || status=$?
  forget "$pid"
  t1=$EPOCHREALTIME
  server_ticks
  s1=$TICKS
  awk -v s="$((s1 - s0))" -v c="$c" -v hz="$HZ" -v t0="$t0" -v t1="$t1" 'BEGIN {
    w = t1 - t0; printf "server_cpu_pct %.1f\nsim_cpu_pct %.1f\nwall_s %.3f\n", 100 * s / hz / w, 100 * c / hz / w, w }' \
    >"$TMP/$name.cpu"
  if [ "$status" != 0 ]; then warn "zkpush sim ($name) exited with status $status; see ${TMP#"$ROOT"/}/$name.log"; fi
}

# stat_of FILE KEY: one value of a --stats-file ("" when absent or "-").
stat_of() { awk -v k="$2" '$1 == k && $2 != "-" && $2 != "" { print $2 }' "$1" 2>/dev/null || true; }

# upload_rate FILE EXPECTED: records_acked / upload_s of a run that uploaded
# EXPECTED records; "" (and a warning) when not all of them were acknowledged.
upload_rate() {
  local acked seconds
  acked=$(stat_of "$1" records_acked)
  seconds=$(stat_of "$1" upload_s)
  if [ -z "$acked" ] || [ -z "$seconds" ] || [ "$acked" -lt "$2" ]; then
    warn "${1#"$ROOT"/}: ${acked:-no} of $2 records acknowledged (upload_s ${seconds:--}): the run did not finish its upload"
    return 0
  fi
  awk -v n="$acked" -v s="$seconds" 'BEGIN { if (s > 0) printf "%.0f", n / s }'
}

# note_ingest_run NAME MODE EXPECTED: prints an ingest run's rate, latency,
# errors and CPU, and keeps its rate in its .cpu file for run_stat.
note_ingest_run() {
  local rate
  rate=$(upload_rate "$TMP/$1.stats" "$3")
  echo "$2: ${rate:-?} records/s (upload_s $(stat_of "$TMP/$1.stats" upload_s)," \
    "p99 $(stat_of "$TMP/$1.stats" latency_p99_ms) ms, errors $(stat_of "$TMP/$1.stats" errors);" \
    "$(tr '\n' ' ' <"$TMP/$1.cpu"))"
  echo "records_per_s $rate" >>"$TMP/$1.cpu"
}

# run_stat PREFIX RUNS MODE KEY [EXT]: KEY of each run's stats (or .cpu)
# file PREFIX-MODE-N, one per line.
run_stat() {
  local run
  for ((run = 1; run <= $2; run++)); do stat_of "$TMP/$1-$3-$run.${5:-stats}" "$4"; done
}

# ---- sections ------------------------------------------------------------------

section_parser() {
  local csv=$TMP/parser.csv
  echo "== parser: $REPETITIONS repetitions of ${MIN_TIME}s per benchmark"
  "$BUILD_DIR/zkpush_parser_bench" --benchmark_repetitions="$REPETITIONS" --benchmark_min_time="$MIN_TIME" \
    --benchmark_display_aggregates_only=true --benchmark_out="$csv" --benchmark_out_format=csv
  # items_per_second of the <name>_median row of Google Benchmark's CSV.
  rate() {
    awk -F, -v want="\"$1_median\"" '
      /^name,/ { for (i = 1; i <= NF; i++) if ($i == "items_per_second") col = i }
      $1 == want { printf "%.0f\n", $col; found = 1 }
      END { exit !found }' "$csv"
  }
  figure "ATTLOG parse (128-line batch, 7/11 fields)" "$(rate BM_ParseAttlog)" "lines/s"
  figure "OPERLOG USER parse" "$(rate BM_ParseOperlogUser)" "lines/s"
  figure "OPERLOG FP parse (1.6 KB template)" "$(rate BM_ParseOperlogFp)" "lines/s"
  figure "devicecmd parse (8 acks + INFO, R27)" "$(rate BM_ParseDevicecmd)" "replies/s"
  figure "handshake format (24 options)" "$(rate BM_FormatHandshake)" "handshakes/s"
  note "Parser: median of $REPETITIONS Google Benchmark repetitions on one core (bench/parser_bench.cc)."
}

ROOF_ROWS=""  # the raw-SQLite roof for new rows in 128-row transactions; set by section_storage

section_storage() {
  echo "== storage: $STORAGE_RUNS runs of $STORAGE_ROWS rows"
  local i out=$TMP/storage.txt
  : >"$out"
  for ((i = 1; i <= STORAGE_RUNS; i++)); do
    "$BUILD_DIR/zkpush_storage_bench" --rows "$STORAGE_ROWS" --dir "$TMP/storage-db" | tee -a "$out"
  done
  # Median of one figure over the runs; ratio A B: median of the per-run A/B.
  med() { awk -v k="$1" '$1 == k { print $2 }' "$out" | median | awk '{ printf "%.0f", $1 }'; }
  ratio() {
    awk -v a="$1" -v b="$2" '$1 == a { x[++n] = $2 } $1 == b { y[++m] = $2 } END { for (i = 1; i <= n; i++) print x[i] / y[i] }' "$out" |
      median | awk '{ printf "%.2f", $1 }'
  }
  ROOF_ROWS=$(med roof_sqlite_rows_per_s)
  figure "raw SQLite roof, new rows (128-row tx)" "$ROOF_ROWS" "rows/s"
  figure "raw SQLite roof, new rows (1,024-row tx: one store group)" "$(med roof_sqlite_grouped_rows_per_s)" "rows/s"
  figure "raw SQLite roof, replayed rows" "$(med roof_sqlite_replay_rows_per_s)" "rows/s"
  figure "store ingest, new rows (store-level)" "$(med store_rows_per_s)" "rows/s" ">=" 100000
  figure "store / roof, new rows" "$(ratio store_rows_per_s roof_sqlite_rows_per_s)" "ratio" ">=" 0.5
  figure "store / roof with 1,024-row tx, new rows" "$(ratio store_rows_per_s roof_sqlite_grouped_rows_per_s)" "ratio"
  figure "store ingest, replayed rows (store-level)" "$(med store_replay_rows_per_s)" "rows/s" ">=" 100000
  figure "store / roof, replayed rows" "$(ratio store_replay_rows_per_s roof_sqlite_replay_rows_per_s)" "ratio" \
    ">=" 0.5
  note "Storage: median of $STORAGE_RUNS runs of $STORAGE_ROWS attendance rows from 8 devices in 128-row chunks, WAL," \
    "synchronous=NORMAL (bench/storage_roof_bench.cc); store-level, no HTTP (the HTTP figure is the ingest section's)."
}

# -- idle poll -----------------------------------------------------------------------

# nginx answering "OK" on a free port, from bench/nginx.conf.template; sets
# NGINX_PID and NGINX_PORT. Returns 1 when nginx is not installed or does not start.
start_nginx() {
  local nginx dir=$TMP/nginx i
  nginx=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
  [ -n "$nginx" ] || return 1
  rm -rf "$dir"
  mkdir -p "$dir"
  NGINX_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  sed -e "s|@WORKERS@|$(nproc)|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@DIR@|$dir|g" \
    "$ROOT/bench/nginx.conf.template" >"$dir/nginx.conf"
  "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/stdout.log" 2>&1 &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
  for ((i = 0; i < 100; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$NGINX_PORT") 2>/dev/null; then return 0; fi
    kill -0 "$NGINX_PID" 2>/dev/null || break
    sleep 0.05
  done
  warn "nginx did not start: $(cat "$dir/stdout.log" "$dir/error.log" 2>/dev/null | tail -3)"
  stop "$NGINX_PID"
  return 1
}

# wrk_poll URL MODE: one wrk run of idle polls; prints bench/idle.lua's
# "wrk-result rps=... p50_ms=... p99_ms=... requests=... errors=..." line.
wrk_poll() {
  local close=""
  [ "$2" = keep-alive ] || close=close
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${IDLE_SECONDS}s" -s "$ROOT/bench/idle.lua" "$1" \
    -- poll "$IDLE_DEVICES" $close | grep '^wrk-result'
}

# kv FILE KEY: the KEY=value fields of the wrk-result lines in FILE, one per line.
kv() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" "$1"; }

# register_idle URL WHAT: each of the IDLE_DEVICES terminals boots first on the
# server at URL (API_PORT: its API): handshakes, SN after SN, until all are registered.
register_idle() {
  local run registered=0
  for ((run = 1; run <= 5; run++)); do
    wrk -t1 -c10 -d2s -s "$ROOT/bench/idle.lua" "$1" -- handshake "$IDLE_DEVICES" >"$TMP/idle-handshake.txt"
    registered=$(device_count)
    if [ "$registered" -ge "$IDLE_DEVICES" ]; then break; fi
  done
  echo "registered $registered terminals"
  if [ "$registered" -lt "$IDLE_DEVICES" ]; then warn "$2: only $registered of $IDLE_DEVICES terminals registered"; fi
}

section_idle() {
  echo "== idle poll: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${IDLE_SECONDS}s over $IDLE_DEVICES terminals," \
    "$IDLE_RUNS runs per mode and server"
  if ! command -v wrk >/dev/null; then
    warn "wrk is not installed (make bench-deps): idle poll not measured"
    return 0
  fi
  start_zkpush idle
  local zk=http://127.0.0.1:$DEVICE_PORT have_nginx=0 mode run label errors
  register_idle "$zk" "idle poll"
  if start_nginx; then have_nginx=1; fi
  for mode in close keep-alive; do
    : >"$TMP/idle-zkpush-$mode.txt"
    : >"$TMP/idle-nginx-$mode.txt"
    for ((run = 1; run <= IDLE_RUNS; run++)); do
      echo "zkpush $mode: $(wrk_poll "$zk" "$mode" | tee -a "$TMP/idle-zkpush-$mode.txt")"
      if ((have_nginx)); then
        echo "nginx  $mode: $(wrk_poll "http://127.0.0.1:$NGINX_PORT" "$mode" | tee -a "$TMP/idle-nginx-$mode.txt")"
      fi
    done
  done
  stop "$ZK_PID"
  if ((have_nginx)); then stop "$NGINX_PID"; fi

  for mode in close keep-alive; do
    label=$([ "$mode" = close ] && echo "Connection: close" || echo "keep-alive")
    local zf=$TMP/idle-zkpush-$mode.txt nf=$TMP/idle-nginx-$mode.txt
    errors=$(kv "$zf" errors | awk '{ n += $1 } END { print n + 0 }')
    if [ "$errors" -gt 0 ]; then warn "idle poll, $label: wrk counted $errors errors against zkpush"; fi
    figure "idle poll, $label: zkpush ($(thousands "$IDLE_DEVICES") terminals)" "$(kv "$zf" rps | median0)" "requests/s"
    figure "idle poll, $label: zkpush p50 latency" "$(kv "$zf" p50_ms | median2)" "ms"
    figure "idle poll, $label: zkpush p99 latency" "$(kv "$zf" p99_ms | median2)" "ms"
    if ((have_nginx)); then
      figure "idle poll, $label: nginx static OK (roof)" "$(kv "$nf" rps | median0)" "requests/s"
      figure "idle poll, $label: nginx p50 latency" "$(kv "$nf" p50_ms | median2)" "ms"
      figure "idle poll, $label: nginx p99 latency" "$(kv "$nf" p99_ms | median2)" "ms"
      figure "idle poll, $label: zkpush / nginx" \
        "$(paste <(kv "$zf" rps) <(kv "$nf" rps) | awk '$2 > 0 { print $1 / $2 }' | median2)" "ratio" ">=" 0.8
    else
      figure "idle poll, $label: zkpush / nginx (no nginx)" "-" "ratio" ">=" 0.8
    fi
  done
  note "Idle poll: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${IDLE_SECONDS}s with bench/idle.lua, GET" \
    "/iclock/getrequest?SN=... over $IDLE_DEVICES terminals (BENCH00001...) registered first with a handshake each;" \
    "nothing queued, so every answer is OK. $IDLE_RUNS runs per mode, zkpush (--threads default: one per core) and" \
    "nginx $( ((have_nginx)) && echo "(worker_processes $(nproc), access_log off, return 200 \"OK\")" || echo "(not installed: no comparison)")" \
    "alternating; figures are medians, ratios the median of the per-run ratios. wrk, the server and nginx share the" \
    "machine's $(nproc) cores, so the load generator takes CPU from the server under test in both cases. wrk runs" \
    "$WRK_THREADS threads: on this machine nginx reached ~97k requests/s keep-alive and ~28k with close under -t2," \
    "against ~78k and ~19k under -t1 (2026-11-21), so -t2 gives the higher roof."
}

# -- HTTP ingest -----------------------------------------------------------------------

section_ingest() {
  local total=$((INGEST_DEVICES * INGEST_HISTORY)) mode run name rate best="" best_mode="" extra ratio=""
  echo "== ingest: $INGEST_DEVICES emulated terminals x $(thousands "$INGEST_HISTORY") stored punches," \
    "keep-alive and Connection: close, $INGEST_RUNS run(s) each"
  if ! sim_supports --exit-after-upload --stats-file; then
    figure "HTTP ingest, durable (better of keep-alive/close)" "" "records/s" ">=" 100000
    figure "HTTP ingest / raw SQLite roof (128-row tx)" "" "ratio" ">=" 0.5
    return 0
  fi
  for ((run = 1; run <= INGEST_RUNS; run++)); do
    for mode in keep-alive close; do
      extra=()
      if [ "$mode" = keep-alive ]; then extra=(--keep-alive); fi
      name=ingest-$mode-$run
      start_zkpush ingest
      sim "$name" --devices "$INGEST_DEVICES" --history "$INGEST_HISTORY" --rate 0 --exit-after-upload \
        --duration 120 --sn-prefix INGEST "${extra[@]}"
      stop "$ZK_PID"
      note_ingest_run "$name" "$mode" "$total"
    done
  done
  for mode in keep-alive close; do
    rate=$(run_stat ingest "$INGEST_RUNS" "$mode" records_per_s cpu | median0)
    figure "HTTP ingest, $mode ($INGEST_DEVICES terminals, 128-line batches)" "$rate" "records/s"
    figure "HTTP ingest, $mode: upload p99 latency" "$(run_stat ingest "$INGEST_RUNS" "$mode" latency_p99_ms | median2)" "ms"
    figure "HTTP ingest, $mode: server CPU" "$(run_stat ingest "$INGEST_RUNS" "$mode" server_cpu_pct cpu | median2)" "% of one core"
    figure "HTTP ingest, $mode: emulator CPU (load generator)" "$(run_stat ingest "$INGEST_RUNS" "$mode" sim_cpu_pct cpu | median2)" \
      "% of one core"
    if [ -n "$rate" ] && { [ -z "$best" ] || [ "$rate" -gt "$best" ]; }; then
      best=$rate
      best_mode=$mode
    fi
  done
  if [ -n "$best" ] && [ -n "$ROOF_ROWS" ]; then
    ratio=$(awk -v a="$best" -v b="$ROOF_ROWS" 'BEGIN { printf "%.2f", a / b }')
  fi
  figure "HTTP ingest, durable (better mode: ${best_mode:-none})" "$best" "records/s" ">=" 100000
  if [ -n "$ROOF_ROWS" ]; then
    figure "HTTP ingest / raw SQLite roof, 128-row tx (${best_mode:-none})" "$ratio" "ratio" ">=" 0.5
  else
    figure "HTTP ingest / raw SQLite roof (storage section not run)" "-" "ratio" ">=" 0.5
  fi
  note "Ingest (HTTP): zkpush sim --devices $INGEST_DEVICES --history $INGEST_HISTORY --rate 0 --exit-after-upload:" \
    "each terminal boots holding $(thousands "$INGEST_HISTORY") punches and uploads them in 128-line ATTLOG batches," \
    "the next batch once the last is acknowledged (i.e. committed); records/s = records_acked / upload_s (start to" \
    "the last terminal's last acknowledgement, boots included). $INGEST_RUNS run(s) with --keep-alive and as many" \
    "with Connection: close (as firmware does), alternating, each on a fresh server; medians. The targets apply to" \
    "the better mode (${best_mode:-none}); the ratio divides it by this run's raw-SQLite roof for new rows in 128-row" \
    "transactions (storage section). The emulator shares the $(nproc) cores with the server: see its CPU figure."
}

# -- fleet and fan-out ---------------------------------------------------------------------

section_fleet() {
  local n
  n=$(thousands "$FLEET_DEVICES")
  echo "== fleet: $n emulated terminals, Delay 10 s, ${FLEET_SECONDS}s, $FLEET_RUNS run(s); then the fan-out"
  if ! sim_supports --ramp --stats-file; then
    figure "fleet p99 latency ($n terminals, all requests)" "" "ms" "<=" 50
    figure "fleet: server peak RSS (VmHWM)" "" "MB" "<=" 300
    return 0
  fi
  local run s f=$TMP/fleet-server.txt delay
  : >"$f"
  for ((run = 1; run <= FLEET_RUNS; run++)); do
    start_zkpush fleet
    sim "fleet-$run" --devices "$FLEET_DEVICES" --rate "$FLEET_RATE" --ramp "$FLEET_RAMP" --duration "$FLEET_SECONDS" \
      --sn-prefix FLEET
    printf 'vmhwm_mb %s\nvmrss_mb %s\n' "$(status_mb "$ZK_PID" VmHWM)" "$(status_mb "$ZK_PID" VmRSS)" >>"$f"
    s=$TMP/fleet-$run.stats
    echo "run $run: p99 $(stat_of "$s" latency_p99_ms) ms, $(stat_of "$s" requests) requests," \
      "$(stat_of "$s" terminals_booted) booted, $(stat_of "$s" records_acked) punches acknowledged," \
      "$(stat_of "$s" errors) errors; $(tr '\n' ' ' <"$TMP/fleet-$run.cpu")$(tail -2 "$f" | tr '\n' ' ')"
    if [ "$(stat_of "$s" errors)" != 0 ]; then
      warn "fleet run $run: the emulator counted $(stat_of "$s" errors) errors ($(grep '^errors\.' "$s" 2>/dev/null | tr '\n' ' '))"
    fi
    if ((run < FLEET_RUNS)); then stop "$ZK_PID"; fi
  done
  # The poll interval the server gives terminals: Delay= in a handshake's reply.
  delay=$(python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=30).read().decode())' \
    "http://127.0.0.1:$DEVICE_PORT/iclock/cdata?SN=FLEET00001&options=all&pushver=2.4.1" |
    sed -n 's/^Delay=\([0-9]*\).*/\1/p')
  if [ "$delay" != 10 ]; then warn "fleet: the server told terminals Delay=${delay:-?}, not 10"; fi

  # Median over the runs of a key of the stats files (fleet_stat KEY) or the .cpu files (fleet_stat KEY cpu).
  fleet_stat() {
    for ((run = 1; run <= FLEET_RUNS; run++)); do stat_of "$TMP/fleet-$run.${2:-stats}" "$1"; done | median2
  }
  figure "fleet p99 latency ($n terminals, all requests)" "$(fleet_stat latency_p99_ms)" "ms" "<=" 50
  figure "fleet p50 latency" "$(fleet_stat latency_p50_ms)" "ms"
  figure "fleet p99 latency, getrequest" "$(fleet_stat latency_p99_ms.getrequest)" "ms"
  figure "fleet requests" "$(for ((run = 1; run <= FLEET_RUNS; run++)); do
    awk '$1 == "requests" { r = $2 } $1 == "elapsed_s" { e = $2 } END { if (e > 0) print r / e }' "$TMP/fleet-$run.stats"
  done | median0)" "requests/s"
  figure "fleet: server peak RSS (VmHWM)" "$(awk '$1 == "vmhwm_mb" { print $2 }' "$f" | median2)" "MB" "<=" 300
  figure "fleet: server RSS at the end (VmRSS)" "$(awk '$1 == "vmrss_mb" { print $2 }' "$f" | median2)" "MB"
  figure "fleet: server CPU" "$(fleet_stat server_cpu_pct cpu)" "% of one core"
  figure "fleet: emulator CPU (load generator)" "$(fleet_stat sim_cpu_pct cpu)" "% of one core"

  note "Fleet: zkpush sim --devices $FLEET_DEVICES --rate $FLEET_RATE --ramp $FLEET_RAMP --duration $FLEET_SECONDS" \
    "(Connection: close, as firmware), on a fresh server: each terminal boots (handshake, options, operation log;" \
    "the boots spread over ${FLEET_RAMP}s) and polls every Delay seconds (the server default: Delay=${delay:-?} in its" \
    "handshake reply). The emulator punches at a steady rate, the first punch one interval after boot, so --rate" \
    "$FLEET_RATE gives each terminal one punch (uploaded at once: Realtime) in the ${FLEET_SECONDS}s run: the 1 punch per" \
    "terminal per minute of the issue. Latency percentiles are over every request of the run, boots included, from" \
    "the emulator's --stats-file; CPU is utime+stime over the run divided by its wall time (100% = one core);" \
    "VmHWM/VmRSS from /proc/PID/status at the end. $FLEET_RUNS run(s), each on a fresh server, medians (of two runs:" \
    "their mean); not more runs, as one costs ~$((FLEET_SECONDS + 5)) s and the suite must stay under 10 minutes." \
    "The emulator (one process, one I/O thread, $n terminals) shares the $(nproc) cores with the server: its" \
    "CPU figure shows how much of the machine it took."

  section_fanout
  stop "$ZK_PID"
}

# The fan-out, on the fleet's server (the terminals are known, their boot cost
# paid): the fleet boots again; once every terminal polls, bench/fanout.py
# queues a command for each and waits until all are done.
section_fanout() {
  local sim_pid s=$TMP/fanout.txt
  sim_args fanout-sim --devices "$FLEET_DEVICES" --rate "$FLEET_RATE" --ramp "$FLEET_RAMP" --sn-prefix FLEET \
    --duration $((FLEET_RAMP + 5 + FANOUT_TIMEOUT))
  "${SIM_ARGS[@]}" >"$TMP/fanout-sim.log" 2>&1 &
  sim_pid=$!
  PIDS+=("$sim_pid")
  sleep $((FLEET_RAMP + 3))
  python3 "$ROOT/bench/fanout.py" --api "http://127.0.0.1:$API_PORT" --sn-prefix FLEET --devices "$FLEET_DEVICES" \
    --command "$FANOUT_COMMAND" --threads 8 --timeout "$FANOUT_TIMEOUT" >"$s" ||
    warn "fan-out: not every command was done within ${FANOUT_TIMEOUT}s: $(tr '\n' ' ' <"$s")"
  stop "$sim_pid"
  echo "fan-out: $(tr '\n' ' ' <"$s")"
  figure "fan-out: queue $(thousands "$FLEET_DEVICES") commands through the API" "$(stat_of "$s" queue_s)" "s"
  figure "fan-out: first queued until all $(thousands "$FLEET_DEVICES") done" "$(stat_of "$s" done_s)" "s"
  note "Fan-out: after the fleet run, on the same server, the $FLEET_DEVICES terminals boot again (over ${FLEET_RAMP}s);" \
    "3 s after the last boot bench/fanout.py POSTs \`$FANOUT_COMMAND\` for each to /api/v1/devices/{sn}/commands" \
    "(8 threads, one keep-alive connection each), then polls GET /api/v1/commands/summary every 50 ms until all" \
    "are done. The time runs from the first POST; a terminal picks its command up at its next poll (Delay 10 s)," \
    "so about 10 s of it is the poll interval."
}

# -- history replay ----------------------------------------------------------------------

section_replay() {
  echo "== replay: 1 terminal, $REPLAY_RECORDS stored punches, new then $REPLAY_RUNS replays"
  if ! sim_supports --exit-after-upload --stats-file --replay-history; then
    figure "history replay, $(thousands "$REPLAY_RECORDS") known records (1 terminal)" "" "s" "<=" 5
    return 0
  fi
  local run args=(--devices 1 --history "$REPLAY_RECORDS" --rate 0 --exit-after-upload --duration 120 --sn-prefix REPLAY)
  start_zkpush replay
  sim replay-new "${args[@]}"
  echo "new: upload_s $(stat_of "$TMP/replay-new.stats" upload_s), $(stat_of "$TMP/replay-new.stats" records_acked) acked"
  for ((run = 1; run <= REPLAY_RUNS; run++)); do
    sim "replay-$run" "${args[@]}" --replay-history
    echo "replay $run: upload_s $(stat_of "$TMP/replay-$run.stats" upload_s), $(stat_of "$TMP/replay-$run.stats" records_acked) acked"
  done
  stop "$ZK_PID"
  # upload_s of a run that had every record acknowledged.
  upload_s() { if [ -n "$(upload_rate "$1" "$REPLAY_RECORDS")" ]; then stat_of "$1" upload_s; fi; }
  figure "history upload, $(thousands "$REPLAY_RECORDS") new records (1 terminal)" "$(upload_s "$TMP/replay-new.stats")" "s"
  figure "history replay, $(thousands "$REPLAY_RECORDS") known records (1 terminal)" \
    "$(for ((run = 1; run <= REPLAY_RUNS; run++)); do upload_s "$TMP/replay-$run.stats"; done | median2)" "s" "<=" 5
  note "History replay: zkpush sim --devices 1 --history $REPLAY_RECORDS --rate 0 --exit-after-upload (Connection:" \
    "close, 128-line batches, each sent once the previous is acknowledged): once with new records, then" \
    "$REPLAY_RUNS times with --replay-history (the server already has every record), the median reported; upload_s" \
    "runs from the emulator's start to the last acknowledgement, boot included."
}

# ---- PostgreSQL and the cluster -------------------------------------------------------
# PostgreSQL 15 and HAProxy as tools/cluster.sh starts them (tools/cluster_lib.sh):
# each section starts its own PostgreSQL in a new folder under /tmp (PostgreSQL
# runs as nobody when we are root, so not under the worktree) and removes it at
# its end (pg_down; the EXIT trap when it is cut short).

HAPROXY_TEMPLATE=$ROOT/deploy/haproxy.cfg
# shellcheck source=../tools/cluster_lib.sh
. "$ROOT/tools/cluster_lib.sh"
PG_DIR=""  # the running PostgreSQL's folder

# pg_up NAME: PostgreSQL in a new temporary folder; returns 1 (and warns) when
# it is not installed or does not start. Its log is kept in $TMP/NAME-postgres.log.
pg_up() {
  PG_NAME=$1
  if [ ! -x "$PG_BIN/postgres" ]; then
    warn "$1: no PostgreSQL in $PG_BIN (make bench-deps installs postgresql-15): not measured"
    return 1
  fi
  PG_DIR=$(mktemp -d /tmp/zkpush-bench-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  if ! pg_start "$PG_DIR" >"$TMP/$1-pg-start.log" 2>&1; then
    warn "$1: PostgreSQL did not start: $(tail -3 "$TMP/$1-pg-start.log" | tr '\n' ' ')"
    pg_down
    return 1
  fi
}

# pg_checkpoint: CHECKPOINT on the running PostgreSQL, as the roof bench does before each pass.
pg_checkpoint() {
  "$PG_BIN/psql" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d postgres -qc CHECKPOINT >/dev/null ||
    warn "CHECKPOINT failed"
}

# pg_down: stops what the section started (PIDS: nodes, HAProxy, emulators),
# then PostgreSQL, and removes its folder.
pg_down() {
  cleanup
  PIDS=()
  EXTRA_SERVER_PIDS=()
  pg_stop
  if [ -n "$PG_DIR" ]; then
    cp "$PG_DIR/postgres.log" "$TMP/$PG_NAME-postgres.log" 2>/dev/null || true
    rm -rf "$PG_DIR"
  fi
  PG_DIR=""
}

# -- the raw-PostgreSQL roof -------------------------------------------------------------

PG_ROOF_ROWS=""  # the better of the 1- and 4-connection roofs; set by section_pg_roof

section_pg_roof() {
  local rows=$((INGEST_DEVICES * INGEST_HISTORY)) out=$TMP/pg-roof.txt uri run c best="" v
  echo "== pg-roof: $(thousands "$rows") new rows into PostgreSQL's attendance table, 128-row transactions," \
    "1 and 4 connections, $PG_ROOF_RUNS run(s)"
  : >"$out"
  if [ ! -x "$BUILD_DIR/zkpush_pg_roof_bench" ]; then
    warn "pg-roof: $BUILD_DIR/zkpush_pg_roof_bench not built: not measured"
  elif pg_up pg-roof; then
    for ((run = 1; run <= PG_ROOF_RUNS; run++)); do
      # As the superuser: the bench runs CHECKPOINT before each pass.
      uri=$(pg_database "roof$run" | sed 's|^postgresql://zkpush@|postgresql://postgres@|')
      "$BUILD_DIR/zkpush_pg_roof_bench" --database "$uri" --rows "$rows" --devices "$INGEST_DEVICES" \
        --connections 1,4 | tee -a "$out" || warn "pg-roof: zkpush_pg_roof_bench failed (run $run)"
    done
    pg_down
  fi
  for c in 1 4; do
    v=$(awk -v k="roof_pg_rows_per_s_${c}conn" '$1 == k { print $2 }' "$out" | median0)
    figure "raw PostgreSQL roof, new rows (128-row tx, $c connection$([ "$c" = 1 ] || echo s))" "$v" "rows/s"
    if [ -n "$v" ] && { [ -z "$best" ] || [ "$v" -gt "$best" ]; }; then best=$v; fi
  done
  PG_ROOF_ROWS=$best
  note "PostgreSQL roof: bench/pg_roof_bench.cc against a PostgreSQL 15 the section starts in a temporary folder" \
    "(tools/cluster_lib.sh: default settings, fsync on, synchronous_commit on; only its port and socket folder" \
    "are its own), on zkpush's own schema (the database opened once with store::open_store, so every migration)." \
    "$(thousands "$rows") rows: the history the pg-ingest section uploads ($INGEST_DEVICES terminals x" \
    "$(thousands "$INGEST_HISTORY") punches, one a minute, odd terminals with the 11-field lines' extra), in 128-row" \
    "batches, each one \`INSERT INTO attendance (...) SELECT * FROM unnest(\$1::bigint[], ...) ON CONFLICT DO" \
    "NOTHING\` (eleven arrays in text format, a prepared statement; autocommit, so one transaction and one" \
    "round trip per batch), from C++ with libpq. With 1 connection, then with 4 (terminal d on connection d % 4," \
    "each connection a thread sending the next batch once the last is committed), each pass on an emptied table;" \
    "$PG_ROOF_RUNS run(s), medians. The roof the pg-ingest ratio divides by is the better of the two."
}

# -- HTTP ingest on a PostgreSQL node ----------------------------------------------------

section_pg_ingest() {
  local total=$((INGEST_DEVICES * INGEST_HISTORY)) mode run name rate best="" best_mode="" extra ratio="" uri
  local perf_pid
  if [ -z "$PG_ROOF_ROWS" ]; then
    echo "(pg-ingest: the pg-roof section was not run; running it first, its ratio needs the roof)"
    section_pg_roof
  fi
  echo "== pg-ingest: $INGEST_DEVICES emulated terminals x $(thousands "$INGEST_HISTORY") stored punches on a" \
    "PostgreSQL node, keep-alive and Connection: close, $PG_INGEST_RUNS run(s) each"
  if ! sim_supports --exit-after-upload --stats-file || ! pg_up pg-ingest; then
    figure "PostgreSQL node: HTTP ingest, durable" "" "records/s"
    figure "PostgreSQL node: HTTP ingest / raw PostgreSQL roof" "" "ratio" ">=" 0.5
    return 0
  fi
  for ((run = 1; run <= PG_INGEST_RUNS; run++)); do
    for mode in keep-alive close; do
      extra=()
      if [ "$mode" = keep-alive ]; then extra=(--keep-alive); fi
      name=pg-ingest-$mode-$run
      uri=$(pg_database "ingest_${mode//-/_}_$run")  # a fresh database each run: new rows, an empty table
      pg_checkpoint  # the previous run's dirty pages are not this one's cost
      start_zkpush pg-ingest "$uri"
      perf_pid=""
      if [ -n "${BENCH_PERF:-}" ] && command -v perf >/dev/null; then
        perf record -g -o "$TMP/$name.perf.data" -p "$ZK_PID" >"$TMP/$name.perf.log" 2>&1 &
        perf_pid=$!
        PIDS+=("$perf_pid")
      fi
      sim "$name" --devices "$INGEST_DEVICES" --history "$INGEST_HISTORY" --rate 0 --exit-after-upload \
        --duration 300 --sn-prefix INGEST "${extra[@]}"
      if [ -n "$perf_pid" ]; then
        kill -INT "$perf_pid" 2>/dev/null || true
        wait "$perf_pid" 2>/dev/null || true
        forget "$perf_pid"
      fi
      stop "$ZK_PID"
      note_ingest_run "$name" "$mode" "$total"
    done
  done
  pg_down
  for mode in keep-alive close; do
    rate=$(run_stat pg-ingest "$PG_INGEST_RUNS" "$mode" records_per_s cpu | median0)
    figure "PostgreSQL node: HTTP ingest, $mode ($INGEST_DEVICES terminals, 128-line batches)" "$rate" "records/s"
    figure "PostgreSQL node: HTTP ingest, $mode: upload p99 latency" "$(run_stat pg-ingest "$PG_INGEST_RUNS" "$mode" latency_p99_ms | median2)" "ms"
    figure "PostgreSQL node: HTTP ingest, $mode: server CPU" \
      "$(run_stat pg-ingest "$PG_INGEST_RUNS" "$mode" server_cpu_pct cpu | median2)" "% of one core"
    if [ -n "$rate" ] && { [ -z "$best" ] || [ "$rate" -gt "$best" ]; }; then
      best=$rate
      best_mode=$mode
    fi
  done
  if [ -n "$best" ] && [ -n "$PG_ROOF_ROWS" ]; then
    ratio=$(awk -v a="$best" -v b="$PG_ROOF_ROWS" 'BEGIN { printf "%.2f", a / b }')
  fi
  figure "PostgreSQL node: HTTP ingest, durable (better mode: ${best_mode:-none})" "$best" "records/s"
  figure "PostgreSQL node: HTTP ingest / raw PostgreSQL roof (${best_mode:-none})" "$ratio" "ratio" ">=" 0.5
  note "Ingest on PostgreSQL (HTTP): the ingest section's method (zkpush sim --devices $INGEST_DEVICES --history" \
    "$INGEST_HISTORY --rate 0 --exit-after-upload, 128-line batches, records_acked / upload_s) against one" \
    "\`zkpush serve --database\` node on a PostgreSQL 15 the section starts (the pg-roof section's settings: durable)," \
    "a fresh database and a fresh node for each run. $PG_INGEST_RUNS run(s) per mode, alternating, medians; the" \
    "ratio divides the better mode (${best_mode:-none}) by the pg-roof section's better roof (measured in this run," \
    "on its own PostgreSQL of the same settings). PostgreSQL's own CPU is not in the server CPU figure; it shares" \
    "the $(nproc) cores with the node and the emulator."
}

# -- idle polls: a PostgreSQL node against a SQLite node ------------------------------------

section_pg_idle() {
  echo "== pg-idle: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${IDLE_SECONDS}s over $IDLE_DEVICES terminals," \
    "a PostgreSQL node and a SQLite node, $PG_IDLE_RUNS runs per mode and node"
  if ! command -v wrk >/dev/null || ! pg_up pg-idle; then
    command -v wrk >/dev/null || warn "wrk is not installed (make bench-deps): pg-idle not measured"
    for mode in close keep-alive; do figure "idle poll, $mode: PostgreSQL node / SQLite node" "" "ratio" ">=" 0.9; done
    return 0
  fi
  local pg_url sq_url mode run label errors uri token_sq token_pg pg_pid sq_pid
  start_zkpush pg-idle-sqlite
  sq_url=http://127.0.0.1:$DEVICE_PORT
  sq_pid=$ZK_PID
  register_idle "$sq_url" "pg-idle (SQLite node)"
  uri=$(pg_database idle)
  start_zkpush pg-idle-pg "$uri"
  pg_url=http://127.0.0.1:$DEVICE_PORT
  pg_pid=$ZK_PID
  register_idle "$pg_url" "pg-idle (PostgreSQL node)"
  for mode in close keep-alive; do
    : >"$TMP/pg-idle-pg-$mode.txt"
    : >"$TMP/pg-idle-sqlite-$mode.txt"
    for ((run = 1; run <= PG_IDLE_RUNS; run++)); do
      echo "PostgreSQL node $mode: $(wrk_poll "$pg_url" "$mode" | tee -a "$TMP/pg-idle-pg-$mode.txt")"
      echo "SQLite node     $mode: $(wrk_poll "$sq_url" "$mode" | tee -a "$TMP/pg-idle-sqlite-$mode.txt")"
    done
  done
  stop "$pg_pid"
  stop "$sq_pid"
  pg_down
  for mode in close keep-alive; do
    label=$([ "$mode" = close ] && echo "Connection: close" || echo "keep-alive")
    local pf=$TMP/pg-idle-pg-$mode.txt sf=$TMP/pg-idle-sqlite-$mode.txt
    errors=$(cat "$pf" "$sf" | kv /dev/stdin errors | awk '{ n += $1 } END { print n + 0 }')
    if [ "$errors" -gt 0 ]; then warn "pg-idle, $label: wrk counted $errors errors"; fi
    figure "idle poll, $label: PostgreSQL node" "$(kv "$pf" rps | median0)" "requests/s"
    figure "idle poll, $label: PostgreSQL node p99 latency" "$(kv "$pf" p99_ms | median2)" "ms"
    figure "idle poll, $label: SQLite node (same run)" "$(kv "$sf" rps | median0)" "requests/s"
    figure "idle poll, $label: PostgreSQL node / SQLite node" \
      "$(paste <(kv "$pf" rps) <(kv "$sf" rps) | awk '$2 > 0 { print $1 / $2 }' | median2)" "ratio" ">=" 0.9
  done
  note "Idle poll on PostgreSQL: the idle section's load (wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${IDLE_SECONDS}s," \
    "bench/idle.lua, $IDLE_DEVICES terminals registered first, nothing queued) against a \`zkpush serve" \
    "--database\` node on a PostgreSQL 15 the section starts and against a SQLite node, both running through the" \
    "section; $PG_IDLE_RUNS runs per mode, alternating nodes; medians, the ratio the median of the per-run ratios."
}

# -- the cluster: two PostgreSQL nodes behind HAProxy -------------------------------------------

# cluster_up NAME: PostgreSQL, a database NAME, two nodes on it and HAProxy with
# deploy/haproxy.cfg (its [local] lines rewritten as tools/cluster.sh does);
# waits until HAProxy sees both nodes up. Sets N1_PID, N2_PID, HA_TERMINAL_PORT,
# HA_API_PORT; DEVICE_PORT and API_PORT point at HAProxy (the emulator, the
# fan-out and api_get go through it), ZK_PID and EXTRA_SERVER_PIDS are the two
# nodes (the server CPU figures are their sum). Returns 1 (and warns) on failure.
cluster_up() {
  local name=$1 uri n1_device n1_api n2_device n2_api stats cfg=$TMP/$1-haproxy.cfg i up=0
  if ! command -v haproxy >/dev/null; then
    warn "$name: haproxy is not installed (make bench-deps): not measured"
    return 1
  fi
  pg_up "$name" || return 1
  uri=$(pg_database "${name//-/_}") || { warn "$name: cannot create its database"; pg_down; return 1; }
  start_zkpush "$name-node1" "$uri" --threads "$CLUSTER_NODE_THREADS" ||
    { warn "$name: node1 did not start"; pg_down; return 1; }
  N1_PID=$ZK_PID n1_device=$DEVICE_PORT n1_api=$API_PORT
  start_zkpush "$name-node2" "$uri" --threads "$CLUSTER_NODE_THREADS" ||
    { warn "$name: node2 did not start"; pg_down; return 1; }
  N2_PID=$ZK_PID n2_device=$DEVICE_PORT n2_api=$API_PORT
  HA_TERMINAL_PORT=$(free_port)
  HA_API_PORT=$(free_port)
  stats=$(free_port)
  # Global maxconn: each connection is two descriptors (terminal side, node
  # side) and the hard open-file limit here may be low; terminals that close
  # after each request hold few at a time.
  if ! haproxy_config "$cfg" "$PG_DIR" "$HAPROXY_MAXCONN" "$HA_TERMINAL_PORT" "$HA_API_PORT" "$stats" \
    "$n1_device" "$n1_api" "$n2_device" "$n2_api" 2>"$TMP/$name-haproxy-check.log"; then
    warn "$name: no HAProxy configuration: $(tail -3 "$TMP/$name-haproxy-check.log" | tr '\n' ' ')"
    pg_down
    return 1
  fi
  # Every emulated terminal connects from 127.0.0.1: no per-address limit (the
  # nodes run with --max-connections-per-ip 0 for the same reason).
  sed -i '/sc0_conn_cur gt [0-9]*/d' "$cfg"
  sed -i "s/^global\$/global\n    nbthread $CLUSTER_HAPROXY_THREADS/" "$cfg"
  haproxy -db -f "$cfg" >"$TMP/$name-haproxy.log" 2>&1 &
  PIDS+=($!)
  # Both nodes UP in both backends (rise 2: two checks 2 s apart).
  for ((i = 0; i < 200; i++)); do
    up=$(curl -sf "http://127.0.0.1:$stats/;csv" 2>/dev/null |
      awk -F, '($1 == "zkpush_terminals" || $1 == "zkpush_api") && $2 ~ /^node[12]$/ && $18 == "UP"' | wc -l || true)
    if [ "$up" = 4 ]; then break; fi
    sleep 0.1
  done
  if [ "$up" != 4 ]; then
    warn "$name: HAProxy does not see both nodes up ($up of 4 servers UP); see ${TMP#"$ROOT"/}/$name-haproxy.log"
    pg_down
    return 1
  fi
  DEVICE_PORT=$HA_TERMINAL_PORT
  API_PORT=$HA_API_PORT
  ZK_PID=$N1_PID
  EXTRA_SERVER_PIDS=("$N2_PID")
}

# delay_of: the poll interval the running server (DEVICE_PORT) gives terminals:
# Delay= in a handshake's reply.
delay_of() {
  python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=30).read().decode())' \
    "http://127.0.0.1:$DEVICE_PORT/iclock/cdata?SN=FLEET00001&options=all&pushver=2.4.1" |
    sed -n 's/^Delay=\([0-9]*\).*/\1/p'
}

section_cluster_fleet() {
  local n run s f=$TMP/cluster-fleet-server.txt delay node
  n=$(thousands "$FLEET_DEVICES")
  echo "== cluster-fleet: $n emulated terminals through HAProxy over two PostgreSQL nodes, ${FLEET_SECONDS}s," \
    "$CLUSTER_FLEET_RUNS run(s)"
  : >"$f"
  if ! sim_supports --ramp --stats-file; then CLUSTER_FLEET_RUNS=0; fi
  for ((run = 1; run <= CLUSTER_FLEET_RUNS; run++)); do
    cluster_up cluster-fleet || break
    sim "cluster-fleet-$run" --devices "$FLEET_DEVICES" --rate "$FLEET_RATE" --ramp "$FLEET_RAMP" \
      --duration "$FLEET_SECONDS" --sn-prefix FLEET
    printf 'node1_vmhwm_mb %s\nnode2_vmhwm_mb %s\nnode1_vmrss_mb %s\nnode2_vmrss_mb %s\n' \
      "$(status_mb "$N1_PID" VmHWM)" "$(status_mb "$N2_PID" VmHWM)" \
      "$(status_mb "$N1_PID" VmRSS)" "$(status_mb "$N2_PID" VmRSS)" >>"$f"
    s=$TMP/cluster-fleet-$run.stats
    echo "run $run: p99 $(stat_of "$s" latency_p99_ms) ms, $(stat_of "$s" requests) requests," \
      "$(stat_of "$s" terminals_booted) booted, $(stat_of "$s" records_acked) punches acknowledged," \
      "$(stat_of "$s" errors) errors; $(tr '\n' ' ' <"$TMP/cluster-fleet-$run.cpu")$(tail -4 "$f" | tr '\n' ' ')"
    if [ "$(stat_of "$s" errors)" != 0 ]; then
      warn "cluster-fleet run $run: the emulator counted $(stat_of "$s" errors) errors ($(grep '^errors\.' "$s" 2>/dev/null | tr '\n' ' '))"
    fi
    delay=$(delay_of || true)
    pg_down
  done
  if [ -n "${delay:-}" ] && [ "$delay" != 10 ]; then warn "cluster-fleet: the nodes told terminals Delay=$delay, not 10"; fi
  cluster_fleet_stat() {
    for ((run = 1; run <= CLUSTER_FLEET_RUNS; run++)); do stat_of "$TMP/cluster-fleet-$run.${2:-stats}" "$1"; done | median2
  }
  figure "cluster: fleet p99 latency ($n terminals through HAProxy, 2 nodes)" "$(cluster_fleet_stat latency_p99_ms)" \
    "ms" "<=" 50
  figure "cluster: fleet p50 latency" "$(cluster_fleet_stat latency_p50_ms)" "ms"
  figure "cluster: fleet p99 latency, getrequest" "$(cluster_fleet_stat latency_p99_ms.getrequest)" "ms"
  for node in node1 node2; do
    figure "cluster: $node peak RSS (VmHWM)" "$(awk -v k="${node}_vmhwm_mb" '$1 == k { print $2 }' "$f" | median2)" \
      "MB" "<=" 300
  done
  figure "cluster: CPU of the two nodes" "$(cluster_fleet_stat server_cpu_pct cpu)" "% of one core"
  figure "cluster: emulator CPU (load generator)" "$(cluster_fleet_stat sim_cpu_pct cpu)" "% of one core"
  note "Cluster fleet: the fleet section's load (zkpush sim --devices $FLEET_DEVICES --rate $FLEET_RATE --ramp" \
    "$FLEET_RAMP --duration $FLEET_SECONDS, Connection: close) through HAProxy (deploy/haproxy.cfg, its [local] lines" \
    "rewritten as tools/cluster.sh does, global maxconn $HAPROXY_MAXCONN: the open-file limit here; its limit of 256" \
    "connections per source address removed, since every emulated terminal comes from 127.0.0.1) in mode tcp," \
    "round-robin over two \`zkpush serve --database --threads $CLUSTER_NODE_THREADS\` nodes on one PostgreSQL 15" \
    "started by the section (durable settings), HAProxy with nbthread $CLUSTER_HAPROXY_THREADS (the cluster's share" \
    "of the two cores, see CLUSTER_NODE_THREADS); fresh cluster each run, $CLUSTER_FLEET_RUNS run(s), medians. Latency from the emulator (so HAProxy's" \
    "hop included); VmHWM of each node at the end; CPU is the two nodes' sum (PostgreSQL and HAProxy not" \
    "included). Delay=${delay:-?} in the nodes' handshake reply."
}

section_cluster_fanout() {
  local sim_pid s=$TMP/cluster-fanout.txt delay i registered=0 limit
  echo "== cluster-fanout: one command to each of $(thousands "$FLEET_DEVICES") terminals through HAProxy, two nodes"
  if ! sim_supports --ramp --stats-file || ! cluster_up cluster-fanout; then
    figure "cluster: fan-out, first queued until all $(thousands "$FLEET_DEVICES") done" "" "s" "<=" 20
    return 0
  fi
  delay=$(delay_of || true)
  sim_args cluster-fanout-sim --devices "$FLEET_DEVICES" --rate "$FLEET_RATE" --ramp "$FLEET_RAMP" --sn-prefix FLEET \
    --duration $((FLEET_RAMP + 60 + FANOUT_TIMEOUT))
  "${SIM_ARGS[@]}" >"$TMP/cluster-fanout-sim.log" 2>&1 &
  sim_pid=$!
  PIDS+=("$sim_pid")
  # The terminals are new to this cluster: wait until every one has booted
  # (registered, seen through the API), then 3 s as the fan-out section does.
  sleep "$FLEET_RAMP"
  for ((i = 0; i < 30; i++)); do
    registered=$(device_count 2>/dev/null || echo 0)
    if [ "$registered" -ge "$FLEET_DEVICES" ]; then break; fi
    sleep 2
  done
  if [ "$registered" -lt "$FLEET_DEVICES" ]; then warn "cluster-fanout: only $registered terminals registered"; fi
  sleep 3
  python3 "$ROOT/bench/fanout.py" --api "http://127.0.0.1:$API_PORT" --sn-prefix FLEET --devices "$FLEET_DEVICES" \
    --command "$FANOUT_COMMAND" --threads 8 --timeout "$FANOUT_TIMEOUT" >"$s" ||
    warn "cluster-fanout: not every command was done within ${FANOUT_TIMEOUT}s: $(tr '\n' ' ' <"$s")"
  stop "$sim_pid"
  pg_down
  echo "cluster-fanout: $(tr '\n' ' ' <"$s")"
  limit=$((2 * ${delay:-10}))
  figure "cluster: fan-out, queue $(thousands "$FLEET_DEVICES") commands through HAProxy's API" "$(stat_of "$s" queue_s)" "s"
  figure "cluster: fan-out, first queued until all $(thousands "$FLEET_DEVICES") done (2 x Delay ${delay:-?} s)" \
    "$(stat_of "$s" done_s)" "s" "<=" "$limit"
  note "Cluster fan-out: a fresh cluster as in cluster-fleet; the $FLEET_DEVICES terminals boot (over ${FLEET_RAMP}s," \
    "through HAProxy); once the API (through HAProxy, mode http, round-robin over the nodes) lists all of them, and" \
    "3 s more, bench/fanout.py POSTs \`$FANOUT_COMMAND\` for each (8 threads, keep-alive) and polls GET" \
    "/api/v1/commands/summary until all are done. A command queued on one node reaches a terminal polling the" \
    "other through the database. Target: from the first POST until all are done within two poll intervals" \
    "(Delay=${delay:-?} s in the nodes' handshake reply)."
}

SECTIONS=(section_parser section_storage section_idle section_ingest section_fleet section_replay
  section_pg_roof section_pg_ingest section_pg_idle section_cluster_fleet section_cluster_fanout section_access
  section_console)

# -- access panels --------------------------------------------------------------------

# 1,000 emulated access panels with 4 doors each (Security PUSH): sessions,
# events, door states and polls against one SQLite node.
section_access() {
  local n s=$TMP/access.stats stored
  n=$(thousands "$ACCESS_PANELS")
  echo "== access: $n emulated panels with $ACCESS_DOORS doors, $ACCESS_RATE people a minute at each, ${ACCESS_SECONDS}s"
  if ! sim_supports --doors; then
    figure "access panels p99 latency ($n panels, all requests)" "" "ms" "<=" 50
    return 0
  fi
  start_zkpush access
  sim access --profile access --doors "$ACCESS_DOORS" --devices "$ACCESS_PANELS" --rate "$ACCESS_RATE" \
    --ramp "$ACCESS_RAMP" --duration "$ACCESS_SECONDS" --sn-prefix ACC
  stored=$(api_get "/api/v1/access-events?limit=1" | python3 -c 'import json, sys
items = json.load(sys.stdin)["items"]
print(items[0]["id"] if items else 0)')
  echo "p99 $(stat_of "$s" latency_p99_ms) ms, $(stat_of "$s" requests) requests, $(stat_of "$s" terminals_booted)" \
    "registered, $(stat_of "$s" records_acked) events acknowledged, $stored stored; $(tr '\n' ' ' <"$TMP/access.cpu")"
  if [ "$(stat_of "$s" errors)" != 0 ]; then warn "access: the emulator counted $(stat_of "$s" errors) errors"; fi
  figure "access panels p99 latency ($n panels, $ACCESS_DOORS doors, all requests)" "$(stat_of "$s" latency_p99_ms)" \
    "ms" "<=" 50
  figure "access panels p50 latency" "$(stat_of "$s" latency_p50_ms)" "ms"
  figure "access panels p99 latency, rtlog" "$(stat_of "$s" latency_p99_ms.rtlog)" "ms"
  figure "access panels p99 latency, getrequest" "$(stat_of "$s" latency_p99_ms.getrequest)" "ms"
  figure "access: events acknowledged" "$(stat_of "$s" records_acked)" "events"
  figure "access: events stored (the last id; one per event acknowledged)" "$stored" "events" ">=" \
    "$(stat_of "$s" records_acked)"
  figure "access: server peak RSS (VmHWM)" "$(status_mb "$ZK_PID" VmHWM)" "MB" "<=" 300
  figure "access: server RSS at the end (VmRSS)" "$(status_mb "$ZK_PID" VmRSS)" "MB"
  figure "access: server CPU" "$(stat_of "$TMP/access.cpu" server_cpu_pct)" "% of one core"
  figure "access: emulator CPU (load generator)" "$(stat_of "$TMP/access.cpu" sim_cpu_pct)" "% of one core"
  note "Access: zkpush sim --profile access --doors $ACCESS_DOORS --devices $ACCESS_PANELS --rate $ACCESS_RATE" \
    "--ramp $ACCESS_RAMP --duration $ACCESS_SECONDS on a fresh SQLite server. Each panel registers (handshake," \
    "registry, push: its session token), then sends every later request with it; people come to its readers at" \
    "$ACCESS_RATE a minute (mostly holders of its cards, refused as unknown since no rights are defined, one in ten a" \
    "stranger), each event uploaded at once (Realtime), door states when they change, a poll every Delay (10 s)." \
    "Latency percentiles over every request from the emulator's --stats-file; CPU as in the fleet section."
  stop "$ZK_PID"
}

# -- the console ----------------------------------------------------------------------

# 10,000 terminals upload 10 million punches (SQLite), then
# bench/console_pages.py times the API calls of each console page, signed in
# with a session cookie: per page, the slowest call's p50 and p99.
section_console() {
  local total=$((CONSOLE_DEVICES * CONSOLE_HISTORY)) page p50 p99 worst
  echo "== console: $(thousands "$CONSOLE_DEVICES") terminals, $(thousands "$total") punches, each page's API calls" \
    "$CONSOLE_REPEATS times"
  start_zkpush console
  printf 'bench console password\n' | "$BUILD_DIR/zkpush" user create --data "$TMP/console-data" --name bench \
    --role admin >/dev/null
  sim console-load --devices "$CONSOLE_DEVICES" --history "$CONSOLE_HISTORY" --rate 0 --exit-after-upload \
    --duration 900 --ramp 10 --sn-prefix CONS
  echo "loaded: $(stat_of "$TMP/console-load.stats" records_acked) punches acknowledged"
  sim console-canteen --profile canteen --devices "$CONSOLE_CANTEENS" --rate 60 --duration "$CONSOLE_CANTEEN_SECONDS" \
    --sn-prefix CANT
  echo "canteen: $(stat_of "$TMP/console-canteen.stats" records_acked) sales acknowledged"
  python3 "$ROOT/bench/console_pages.py" "http://127.0.0.1:$API_PORT" bench "bench console password" \
    "$CONSOLE_REPEATS" "$TMP/console-pages.tsv"
  stop "$ZK_PID"
  for page in $(cut -f1 "$TMP/console-pages.tsv" | uniq); do
    p50=$(awk -F'\t' -v p="$page" '$1 == p { if ($3 > m) m = $3 } END { print m }' "$TMP/console-pages.tsv")
    p99=$(awk -F'\t' -v p="$page" '$1 == p { if ($4 > m) m = $4 } END { print m }' "$TMP/console-pages.tsv")
    figure "Console $page: slowest API call, p50" "$p50" "ms"
    figure "Console $page: slowest API call, p99" "$p99" "ms" "<=" "$CONSOLE_TARGET_MS"
  done
  worst=$(sort -t$'\t' -k4 -g "$TMP/console-pages.tsv" | tail -n 1 | cut -f1,2,4 | tr '\t' ' ')
  note "Console: zkpush sim --devices $CONSOLE_DEVICES --history $CONSOLE_HISTORY --exit-after-upload loads" \
    "$(thousands "$total") punches into SQLite, and $CONSOLE_CANTEENS canteen terminals sell for" \
    "$CONSOLE_CANTEEN_SECONDS s (zkpush sim --profile canteen --rate 60); bench/console_pages.py then adds 10 device groups (50 terminals" \
    "each), 1,000 people (500 in the first group), 200 commands and a webhook, signs in as a console user (session" \
    "cookie) and requests each call a page makes $CONSOLE_REPEATS times in a row on one keep-alive connection" \
    "(live: a new connection until the event stream's first bytes). Per page, the slowest of its calls; the slowest" \
    "call of all: $worst ms. Every call, p50 and p99 in ms:" \
    "$(awk -F'\t' '{ printf "%s`%s` %s/%s", (NR > 1 ? "; " : ""), $2, $3, $4 }' "$TMP/console-pages.tsv")."
}

# ---- report ----------------------------------------------------------------------

machine() {
  local cpu mem
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  echo "$(nproc) CPUs, ${cpu:-unknown CPU}, $mem RAM, Linux $(uname -r)"
}

commit() {
  local hash dirty=""
  hash=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null) || { echo "unknown"; return; }
  # --no-optional-locks: read only, never refreshes the index.
  [ -n "$(git -C "$ROOT" --no-optional-locks status --porcelain --untracked-files=no)" ] && dirty="+dirty"
  echo "$hash$dirty"
}

# The table from $FIGURES: numbers grouped by thousands, status from the target.
table() {
  echo "| figure | value | unit | target | status |"
  echo "|---|---:|---|---:|---|"
  awk -F'\t' '
    function fmt(v,   s, r) {
      if (v == "") return "n/a"
      if (v == "-") return "n/a"
      if (v != int(v)) return sprintf("%.2f", v)
      s = sprintf("%d", v); r = ""
      while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
      return s r
    }
    function met(v, op, t) { return op == "<=" ? v + 0 <= t + 0 : v + 0 >= t + 0 }
    {
      target = $4 == "" ? "—" : ($4 == "<=" ? "≤ " : "≥ ") fmt($5)
      if ($4 == "") status = "info"
      else if ($2 == "-") status = "skipped"
      else if ($2 == "") status = "FAIL (no value)"
      else status = met($2, $4, $5) ? "pass" : "FAIL"
      printf "| %s | %s | %s | %s | %s |\n", $1, fmt($2), $3, target, status
    }' "$FIGURES"
}

# section_names FUNCTION...: their names on the command line (section_pg_idle: pg-idle).
section_names() {
  local f names=()
  for f in "$@"; do
    f=${f#section_}
    names+=("${f//_/-}")
  done
  echo "${names[*]}"
}

main() {
  local wanted=("$@") section name selected=() start=$SECONDS t load report timings=""
  if [ ${#wanted[@]} -eq 0 ]; then
    selected=("${SECTIONS[@]}")
    report=$RESULTS/latest.md
  else
    for section in "${SECTIONS[@]}"; do
      for name in "${wanted[@]}"; do
        if [ "$section" = "section_${name//-/_}" ]; then selected+=("$section"); fi
      done
    done
    [ ${#selected[@]} -gt 0 ] || { echo "no such section: ${wanted[*]} (have: $(section_names "${SECTIONS[@]}"))" >&2; exit 2; }
    report=$TMP/partial.md
  fi
  mkdir -p "$TMP"
  : >"$FIGURES"
  : >"$NOTES"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  for section in "${selected[@]}"; do
    t=$SECONDS
    "$section"
    name=$(section_names "$section")
    echo "-- $name: $((SECONDS - t)) s"
    timings+="${timings:+, }$name $((SECONDS - t)) s"
  done
  {
    echo "# zkpush benchmark results"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- commit: $(commit)"
    echo "- machine: $(machine)"
    echo "- load average before the run: $load"
    echo "- bench/run.sh time: $((SECONDS - start)) s (build not included): $timings"
    echo
    table
    echo
    echo "## Notes"
    echo
    cat "$NOTES"
    echo "Every load generator (wrk, the emulator, bench/fanout.py) runs on the same $(nproc)-core machine as the server"
    echo "it measures, and the machine is shared: figures are noisy, compare ratios from one run (perf-facts.md)."
  } >"$report"
  echo
  table
  echo
  echo "total: $((SECONDS - start)) s ($timings); written to ${report#"$ROOT"/}"
}

main "$@"
