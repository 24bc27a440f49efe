#!/usr/bin/env bash
# The benchmark suite: runs every section, then writes bench/results/latest.md
# (machine, commit, date, and a table figure | value | unit | target | status)
# and prints the table. `make bench` builds the binaries and calls this.
#
# Sections, one function each (add yours to SECTIONS at the bottom):
#   parser   bench/parser_bench.cc, Google Benchmark, BENCH_REPETITIONS runs of
#            each benchmark, the median reported
#   storage  bench/storage_roof_bench.cc, BENCH_STORAGE_RUNS runs of 1,000,000
#            rows, the median of each figure (ratios: median of the per-run
#            ratios, since perf-facts.md says to compare ratios within a run)
#
# Targets (the issue): ingest >= 100,000 durable records/s and >= half the
# raw-SQLite roof. Until the HTTP ingest section exists they are checked at the
# store level. Raw scratch output goes to bench/results/tmp/ (gitignored).
#
# Environment: BUILD_DIR (default build-bench), BENCH_REPETITIONS (5),
# BENCH_MIN_TIME (0.5 s per repetition), BENCH_STORAGE_RUNS (3),
# BENCH_STORAGE_ROWS (1000000).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=$(cd "$ROOT" && realpath -m "${BUILD_DIR:-build-bench}")
REPETITIONS=${BENCH_REPETITIONS:-5}
MIN_TIME=${BENCH_MIN_TIME:-0.5}
STORAGE_RUNS=${BENCH_STORAGE_RUNS:-3}
STORAGE_ROWS=${BENCH_STORAGE_ROWS:-1000000}
RESULTS=$ROOT/bench/results
TMP=$RESULTS/tmp
FIGURES=$TMP/figures.tsv  # name TAB value TAB unit TAB target-op TAB target

# figure NAME VALUE UNIT [OP TARGET]: one row of the table; OP is ">=".
figure() {
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" "${5:-}" >>"$FIGURES"
}

# The median of the numbers on stdin, one per line.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
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
}

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
  figure "raw SQLite roof, new rows (128-row tx)" "$(med roof_sqlite_rows_per_s)" "rows/s"
  figure "raw SQLite roof, new rows (1,024-row tx: one store group)" "$(med roof_sqlite_grouped_rows_per_s)" "rows/s"
  figure "raw SQLite roof, replayed rows" "$(med roof_sqlite_replay_rows_per_s)" "rows/s"
  figure "store ingest, new rows (store-level)" "$(med store_rows_per_s)" "rows/s" ">=" 100000
  figure "store / roof, new rows" "$(ratio store_rows_per_s roof_sqlite_rows_per_s)" "ratio" ">=" 0.5
  figure "store / roof with 1,024-row tx, new rows" "$(ratio store_rows_per_s roof_sqlite_grouped_rows_per_s)" "ratio"
  figure "store ingest, replayed rows (store-level)" "$(med store_replay_rows_per_s)" "rows/s" ">=" 100000
  figure "store / roof, replayed rows" "$(ratio store_replay_rows_per_s roof_sqlite_replay_rows_per_s)" "ratio" \
    ">=" 0.5
}

# ---- more sections go here ---------------------------------------------------
# HTTP ingest (durable records/s through POST /iclock/cdata: the issue's real
# ingest target; the store-level rows above are its upper bound), idle poll,
# fleet: write section_<name> calling `figure` (the zkpush binary is built in
# $BUILD_DIR) and add it to SECTIONS.

SECTIONS=(section_parser section_storage)

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
      if (v != int(v)) return sprintf("%.2f", v)
      s = sprintf("%d", v); r = ""
      while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
      return s r
    }
    {
      target = $4 == "" ? "—" : "≥ " fmt($5)
      status = $4 == "" ? "info" : ($2 == "" ? "FAIL (no value)" : ($2 + 0 >= $5 + 0 ? "pass" : "FAIL"))
      printf "| %s | %s | %s | %s | %s |\n", $1, fmt($2), $3, target, status
    }' "$FIGURES"
}

main() {
  mkdir -p "$TMP"
  : >"$FIGURES"
  local start=$SECONDS section load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  for section in "${SECTIONS[@]}"; do "$section"; done
  local report=$RESULTS/latest.md
  {
    echo "# zkpush benchmark results"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- commit: $(commit)"
    echo "- machine: $(machine)"
    echo "- load average before the run: $load"
    echo "- bench/run.sh time: $((SECONDS - start)) s (build not included)"
    echo
    table
    echo
    echo "Parser: median of $REPETITIONS Google Benchmark repetitions on one core (bench/parser_bench.cc)."
    echo "Storage: median of $STORAGE_RUNS runs of $STORAGE_ROWS attendance rows from 8 devices in 128-row chunks, WAL,"
    echo "synchronous=NORMAL (bench/storage_roof_bench.cc); store-level, the HTTP ingest figure is not measured yet."
    echo "Figures are noisy on a shared machine: compare ratios from one run (perf-facts.md)."
  } >"$report"
  echo
  table
  echo
  echo "written to ${report#"$ROOT"/}"
}

main "$@"
