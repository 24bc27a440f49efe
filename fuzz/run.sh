#!/usr/bin/env bash
# Runs every libFuzzer target built in $FUZZ_BUILD_DIR for $FUZZ_SECONDS
# seconds each (`make fuzz` builds them first), starting from the corpus in
# fuzz/corpus/<target>/. New inputs go to a scratch corpus under the build
# directory; with FUZZ_MERGE=1 (`make fuzz-long`) those that reach new code
# are merged into fuzz/corpus/<target>/ afterwards, to be committed. A crash
# leaves its input as $FUZZ_BUILD_DIR/artifacts/<target>-crash-* and the run
# fails. Prints one line per target: executions, seconds, result.
#
#   FUZZ_SECONDS=60 FUZZ_BUILD_DIR=build-fuzz [FUZZ_MERGE=1] fuzz/run.sh [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
build=${FUZZ_BUILD_DIR:-build-fuzz}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for source in fuzz/*_fuzz.cc; do targets+=("$(basename "$source" .cc)"); done
fi
mkdir -p "$build/artifacts" "$build/scratch"

failed=0
printf '%-22s %14s %8s  %s\n' target executions seconds result
for target in "${targets[@]}"; do
  log=$build/$target.log
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
    failed=1
    grep -E 'ERROR|FUZZ_CHECK|runtime error|SUMMARY' "$log" | head -n 5 | sed 's/^/    /'
  fi
  if [ $rc -eq 0 ] && [ "${FUZZ_MERGE:-0}" = 1 ]; then
    before=$(ls "fuzz/corpus/$target" | wc -l)
    "$build/$target" -merge=1 "fuzz/corpus/$target" "$build/scratch/$target" >"$build/$target.merge.log" 2>&1
    result="$result, corpus $before -> $(ls "fuzz/corpus/$target" | wc -l) inputs"
  fi
  printf '%-22s %14s %8s  %s\n' "$target" "${runs:-?}" "${took:-$seconds}" "$result"
done
exit $failed
