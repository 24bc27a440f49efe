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
#
# Targets (the issue): idle poll >= 0.8 of nginx in both modes; ingest >=
# 100,000 durable records/s and >= half the raw-SQLite roof; fleet p99 <= 50 ms
# and RSS <= 300 MB; history replay <= 5 s. Raw scratch output (server logs,
# stats files, data directories) goes to bench/results/tmp/ (gitignored).
#
# Environment: BUILD_DIR (default build-bench), BENCH_REPETITIONS (5),
# BENCH_MIN_TIME (0.5 s per repetition), BENCH_STORAGE_RUNS (3),
# BENCH_STORAGE_ROWS (1000000), BENCH_IDLE_RUNS (5), BENCH_IDLE_SECONDS (5),
# BENCH_INGEST_RUNS (3), BENCH_FLEET_RUNS (2), BENCH_FLEET_SECONDS (60),
# BENCH_REPLAY_RUNS (3).
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
trap cleanup EXIT
trap 'exit 130' INT TERM

# A fleet needs a descriptor per terminal, in the emulator and the server.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# start_zkpush NAME: `zkpush serve` on ephemeral ports with a fresh data
# directory $TMP/NAME-data; sets ZK_PID, DEVICE_PORT and API_PORT from the
# "listening device=HOST:PORT" / "listening api=HOST:PORT" lines on its stdout,
# and ZKPUSH_API_TOKEN (exported: the emulator and fanout.py read it) to an
# admin token created in the data directory first.
start_zkpush() {
  local name=$1 out=$TMP/$1.out i
  rm -rf "$TMP/$name-data"
  : >"$out"
  ZKPUSH_API_TOKEN=$("$BUILD_DIR/zkpush" token create --data "$TMP/$name-data" --name bench --scope admin 2>/dev/null)
  export ZKPUSH_API_TOKEN
  # Every emulated terminal connects from 127.0.0.1: no per-address limit.
  "$BUILD_DIR/zkpush" serve --listen 127.0.0.1:0 --api-listen 127.0.0.1:0 --data "$TMP/$name-data" \
    --max-connections-per-ip 0 --log-level warn >"$out" 2>"$TMP/$name.log" &
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
  ticks "$ZK_PID"
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
  ticks "$ZK_PID"
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

section_idle() {
  echo "== idle poll: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${IDLE_SECONDS}s over $IDLE_DEVICES terminals," \
    "$IDLE_RUNS runs per mode and server"
  if ! command -v wrk >/dev/null; then
    warn "wrk is not installed (make bench-deps): idle poll not measured"
    return 0
  fi
  start_zkpush idle
  local zk=http://127.0.0.1:$DEVICE_PORT registered have_nginx=0 mode run label errors
  # Each terminal boots first: handshakes, SN after SN, until all are registered.
  for ((run = 1; run <= 5; run++)); do
    wrk -t1 -c10 -d2s -s "$ROOT/bench/idle.lua" "$zk" -- handshake "$IDLE_DEVICES" >"$TMP/idle-handshake.txt"
    registered=$(device_count)
    if [ "$registered" -ge "$IDLE_DEVICES" ]; then break; fi
  done
  echo "registered $registered terminals"
  if [ "$registered" -lt "$IDLE_DEVICES" ]; then warn "idle poll: only $registered of $IDLE_DEVICES terminals registered"; fi
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
      rate=$(upload_rate "$TMP/$name.stats" "$total")
      echo "$mode: ${rate:-?} records/s (upload_s $(stat_of "$TMP/$name.stats" upload_s)," \
        "p99 $(stat_of "$TMP/$name.stats" latency_p99_ms) ms, errors $(stat_of "$TMP/$name.stats" errors);" \
        "$(tr '\n' ' ' <"$TMP/$name.cpu"))"
      echo "records_per_s $rate" >>"$TMP/$name.cpu"
    done
  done
  # ingest_stat MODE KEY [EXT]: a key of each run's stats (or .cpu) file, one per line.
  ingest_stat() {
    for ((run = 1; run <= INGEST_RUNS; run++)); do stat_of "$TMP/ingest-$1-$run.${3:-stats}" "$2"; done
  }
  for mode in keep-alive close; do
    rate=$(ingest_stat "$mode" records_per_s cpu | median0)
    figure "HTTP ingest, $mode ($INGEST_DEVICES terminals, 128-line batches)" "$rate" "records/s"
    figure "HTTP ingest, $mode: upload p99 latency" "$(ingest_stat "$mode" latency_p99_ms | median2)" "ms"
    figure "HTTP ingest, $mode: server CPU" "$(ingest_stat "$mode" server_cpu_pct cpu | median2)" "% of one core"
    figure "HTTP ingest, $mode: emulator CPU (load generator)" "$(ingest_stat "$mode" sim_cpu_pct cpu | median2)" \
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

SECTIONS=(section_parser section_storage section_idle section_ingest section_fleet section_replay)

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

main() {
  local wanted=("$@") section name selected=() start=$SECONDS t load report timings=""
  if [ ${#wanted[@]} -eq 0 ]; then
    selected=("${SECTIONS[@]}")
    report=$RESULTS/latest.md
  else
    for section in "${SECTIONS[@]}"; do
      for name in "${wanted[@]}"; do
        if [ "$section" = "section_$name" ]; then selected+=("$section"); fi
      done
    done
    [ ${#selected[@]} -gt 0 ] || { echo "no such section: ${wanted[*]} (have: ${SECTIONS[*]#section_})" >&2; exit 2; }
    report=$TMP/partial.md
  fi
  mkdir -p "$TMP"
  : >"$FIGURES"
  : >"$NOTES"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  for section in "${selected[@]}"; do
    t=$SECONDS
    "$section"
    echo "-- ${section#section_}: $((SECONDS - t)) s"
    timings+="${timings:+, }${section#section_} $((SECONDS - t)) s"
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
