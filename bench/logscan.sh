#!/bin/bash
# Log scan benchmark, side by side on the same files in the page cache:
# `quotacase collect --logs` (the command line's whole path: scan, event
# store, the two event files written and redacted, the manifest), the bare
# scanner (bench_logscan), `LC_ALL=C grep -c`, `rg -c`, and on the dense log
# a grep | gawk pipeline that prints each record's time, model and error
# code.  Each figure is the best of five; ratios are against grep and rg.
# Usage: bench/logscan.sh [MEBIBYTES]   (default 1024; the dense and the
# secrets logs are a quarter of it)
# Needs ripgrep and gawk (sh scripts/deps.sh bench); a missing one is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1024}
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" --target gen_log bench_logscan quotacase >/dev/null
out=bench/out
mkdir -p "$out"
qc=build-bench/quotacase

# The hand-made workflow for the same fields: the lines around each error,
# the time of the record's first line, the model named in it, the code.
pipeline() {
  LC_ALL=C grep -B3 -E 'ThrottlingException|ServiceUnavailableException|ServiceQuotaExceededException' "$1" |
    LC_ALL=C gawk '
      /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][ T]/ { t = $1 " " $2; m = "" }
      /^\{"time":/ { t = $0; sub(/^\{"time":/, "", t); sub(/[,}].*/, "", t); m = "" }
      match($0, /modelId["=:]+[A-Za-z0-9.:_-]+|model[= ][a-z][A-Za-z0-9.:_-]+[a-z0-9]/) {
        m = substr($0, RSTART, RLENGTH); sub(/^model(Id)?["=: ]+/, "", m)
      }
      match($0, /ThrottlingException|ServiceUnavailableException|ServiceQuotaExceededException/) {
        print t "\t" m "\t" substr($0, RSTART, RLENGTH)
      }'
}

collect() { # FILE: collect into a fresh directory (removed before, not timed)
  "$qc" collect --logs "$1" --offline --quiet --now 2026-01-13T00:00:00Z --out "$out/ev"
}

ms() { # milliseconds of one run of "$@", output to a file (GNU grep stops
  # at the first match when its output is /dev/null)
  local t0 t1
  rm -rf "$out/ev" "$out/ev.redaction-map.json"
  t0=$(date +%s%N); "$@" >"$out/.last"; t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
best() { # best of five, in milliseconds
  local b= t
  for _ in 1 2 3 4 5; do
    t=$(ms "$@")
    [ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
  done
  echo "$b"
}
have() { command -v "$1" >/dev/null; }

# row NAME MS BYTES GREP_MS RG_MS
row() {
  awk -v n="$1" -v t="$2" -v b="$3" -v g="$4" -v r="$5" 'BEGIN {
    line = sprintf("  %-40s %7.3f s %6.0f MiB/s  %5.2fx grep", n, t / 1000, b / 1048576 / (t / 1000), t / g)
    if (r > 0) line = line sprintf("  %5.2fx rg", t / r)
    print line }'
}

run() { # FILE [pipeline]
  local f=$1 b g r=0 c s p
  b=$(stat -c %s "$f")
  cat "$f" >/dev/null
  g=$(best env LC_ALL=C grep -c ThrottlingException "$f")
  have rg && r=$(best rg -c ThrottlingException "$f")
  local scan
  scan=$(for _ in 1 2 3 4 5; do build-bench/bench/bench_logscan "$f"; done | sort -t' ' -k2 -n | head -n 1)
  s=$(echo "$scan" | awk '{ printf "%d", $2 * 1000 }') # its own clock: the scan alone
  c=$(best collect "$f")
  local events
  events=$(sed -n 's/^ *"count": \([0-9]*\),$/\1/p' "$out/ev/throttling_events.json" | head -n 1)
  echo "file: $f ($b bytes), grep count: $(LC_ALL=C grep -c ThrottlingException "$f"), events: $events"
  echo "  bench_logscan $scan"
  row "quotacase collect --logs" "$c" "$b" "$g" "$r"
  row "bench_logscan (scanner alone)" "$s" "$b" "$g" "$r"
  row "LC_ALL=C grep -c ThrottlingException" "$g" "$b" "$g" "$r"
  if have rg; then row "rg -c ThrottlingException" "$r" "$b" "$g" "$r"; else echo "  rg: not installed"; fi
  if [ "${2:-}" = pipeline ]; then
    if have gawk; then
      p=$(best pipeline "$f")
      row "grep -B3 -E | gawk (time, model, code)" "$p" "$b" "$g" "$r"
      awk -v c="$c" -v p="$p" 'BEGIN { printf "  collect / pipeline: %.2fx\n", c / p }'
    else
      echo "  gawk: not installed"
    fi
  fi
  awk -v c="$c" -v s="$s" 'BEGIN { printf "  collect / bench_logscan: %.2fx\n", c / s }'
}

echo "log scan, best of 5, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
log=$out/app-${size}m.log
[ -f "$log" ] || build-bench/bench/gen_log "$size" >"$log"
run "$log"

# One line in ten a throttling record: what event assembly costs.
dlog=$out/app-dense-$((size / 4))m.log
[ -f "$dlog" ] || build-bench/bench/gen_log "$((size / 4))" dense >"$dlog"
run "$dlog" pipeline

# One line in a hundred, each record with secrets to redact.
slog=$out/app-secrets-$((size / 4))m.log
[ -f "$slog" ] || build-bench/bench/gen_log "$((size / 4))" secrets >"$slog"
run "$slog"
rm -rf "$out/ev" "$out/ev.redaction-map.json"
