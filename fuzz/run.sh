#!/usr/bin/env bash
# Runs every libFuzzer target built in $FUZZ_BUILD_DIR for $FUZZ_SECONDS
# seconds each (`make fuzz` builds them first), starting from the corpus in
# fuzz/corpus/<target>/. New inputs go to a scratch corpus under the build
# directory; with FUZZ_MERGE=1 (`make fuzz-long`) those that reach new code
# are merged into fuzz/corpus/<target>/ afterwards, to be committed. A crash
# leaves its input as $FUZZ_BUILD_DIR/artifacts/<target>-crash-* and the run
# fails. Prints one line per target: executions, seconds, result. The
# targets run FUZZ_JOBS at a time (default: one per core), each for the full
# FUZZ_SECONDS.
#
#   FUZZ_SECONDS=60 FUZZ_BUILD_DIR=build-fuzz [FUZZ_MERGE=1] [FUZZ_JOBS=2] fuzz/run.sh [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
build=${FUZZ_BUILD_DIR:-build-fuzz}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for source in fuzz/*_fuzz.cc; do targets+=("$(basename "$source" .cc)"); done
fi
mkdir -p "$build/artifacts" "$build/scratch"

jobs=${FUZZ_JOBS:-$(nproc)}

# run_one TARGET: fuzzes it, then writes its line to $build/TARGET.result
# (and the first lines of a crash report after it).
run_one() {
  local target=$1 log=$build/$1.log rc runs took result before
  mkdir -p "$build/scratch/$target"
  "$build/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$target-" "$build/scratch/$target" "fuzz/corpus/$target" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
  if [ $rc -eq 0 ]; then
    result=ok
  else
    result="CRASH (exit $rc; see $log)"
  fi
  if [ $rc -eq 0 ] && [ "${FUZZ_MERGE:-0}" = 1 ]; then
    before=$(ls "fuzz/corpus/$target" | wc -l)
    "$build/$target" -merge=1 "fuzz/corpus/$target" "$build/scratch/$target" >"$build/$target.merge.log" 2>&1
    result="$result, corpus $before -> $(ls "fuzz/corpus/$target" | wc -l) inputs"
  fi
  {
    printf '%-22s %14s %8s  %s\n' "$target" "${runs:-?}" "${took:-$seconds}" "$result"
    if [ $rc -ne 0 ]; then grep -E 'ERROR|FUZZ_CHECK|runtime error|SUMMARY' "$log" | head -n 5 | sed 's/^/    /'; fi
  } >"$build/$target.result"
}

running=0
for target in "${targets[@]}"; do
  rm -f "$build/$target.result"
  if [ $running -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
  run_one "$target" &
  running=$((running + 1))
done
wait

failed=0
printf '%-22s %14s %8s  %s\n' target executions seconds result
for target in "${targets[@]}"; do
  if [ -f "$build/$target.result" ]; then
    cat "$build/$target.result"
  else
    printf '%-22s %14s %8s  %s\n' "$target" "?" "?" "no result"
  fi
  head -n 1 "$build/$target.result" 2>/dev/null | grep -qE '  ok(,|$)' || failed=1
done
exit $failed
