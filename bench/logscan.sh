#!/bin/bash
# Log scan benchmark: a 1 GiB log with 0.1 % throttling records, scanned by
# quotacase and counted by `LC_ALL=C grep -c ThrottlingException`.
# Usage: bench/logscan.sh [MEBIBYTES]   (default 1024)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1024}
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" --target gen_log bench_logscan >/dev/null
mkdir -p bench/out
log=bench/out/app-${size}m.log
[ -f "$log" ] || build-bench/bench/gen_log "$size" >"$log"
cat "$log" >/dev/null # both tools read from the page cache
secs() { # wall seconds of one run of "$@"
  local t0 t1
  # Not /dev/null: GNU grep stops at the first match when it sees that.
  t0=$(date +%s%N); "$@" >bench/out/.last; t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 ))" | awk '{printf "%.3f\n", $1 / 1000}'
}
# run FILE: grep -c and the scanner on FILE, best of five each.
run() {
  local f=$1 g out b
  g=$(for _ in 1 2 3 4 5; do secs env LC_ALL=C grep -c ThrottlingException "$f"; done | sort -n | head -n 1)
  out=$(for _ in 1 2 3 4 5; do build-bench/bench/bench_logscan "$f"; done | sort -t' ' -k2 -n | head -n 1)
  b=$(stat -c %s "$f")
  echo "file: $f ($b bytes), grep count: $(LC_ALL=C grep -c ThrottlingException "$f")"
  echo "grep -c ThrottlingException: ${g} s, $(awk -v b="$b" -v t="$g" 'BEGIN{printf "%.0f", b/1048576/t}') MiB/s (best of 5)"
  echo "quotacase $out (best of 5)"
}
run "$log"

# The same with every record carrying secrets to redact (1 line in 100 is a
# throttling record, preceded by a signed request with its prompt).
slog=bench/out/app-secrets-$((size / 4))m.log
[ -f "$slog" ] || build-bench/bench/gen_log "$((size / 4))" secrets >"$slog"
cat "$slog" >/dev/null
run "$slog"
