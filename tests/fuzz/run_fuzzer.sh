#!/bin/sh
# Runs one libFuzzer target over its seeds, then for a fixed number of new executions,
# with findings going to a fresh folder:  run_fuzzer.sh FUZZER WORKDIR RUNS SEEDDIR...
set -eu
fuzzer=$1 work=$2 runs=$3
shift 3
rm -rf "$work" && mkdir -p "$work"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
exec "$fuzzer" -runs="$runs" -seed=1 -max_len=65536 -rss_limit_mb=2048 -timeout=30 \
  -print_final_stats=1 -artifact_prefix="$work/" "$work" "$@"
