#!/bin/bash
# Render benchmark: `quotacase render` on evidence directories of growing size
# (1-minute AWS/Bedrock data written by tests/gen_evidence.py): 2 models over
# 7 to 140 days, and 5 to 20 models over 14 days.  Each size is rendered three
# times from a fresh copy of its evidence; the best wall time and the highest
# peak resident memory are printed (and the least CPU time, user + system,
# which other work on the machine inflates less than the wall time), with
# the time per model-day and how the time grows against the size from one
# row to the next.  The run ends with
# quotacase's figures beside the two anchors (DESIGN.md): growth linear in
# the window (time per model-day at 2 x 7, 2 x 70 and 2 x 140 days), and
# 20 models x 14 days under 2 s and 128 MiB.
# Usage: bench/render.sh [QUOTACASE]   (default: a Release build in build-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ge 1 ]; then
  qc=$(realpath "$1")
else
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build-bench -j"$(nproc)" --target quotacase >/dev/null
  qc=$PWD/build-bench/quotacase
  echo "quotacase built from $(git describe --always --dirty 2>/dev/null || echo 'this tree') (Release)"
fi
SIZES=${RENDER_SIZES:-"2x7 2x14 2x70 2x140 5x14 10x14 20x14"}
out=bench/out/render
mkdir -p "$out"

# The evidence depends on the generator and on collect: made again when either changed.
stamp=$(cat tests/gen_evidence.py "$qc" | sha256sum | cut -c1-16)
if [ "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "${out:?}"/ev-* "$out"/*.case.json
  echo "$stamp" >"$out/stamp"
fi

peak_kib() { # "peak RSS in KiB, CPU ms (user + system)" of "$@" (stdout and stderr to
  # $out/last.*), exit code kept
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M %U %S' -o "$out/rss" "$@" >"$out/last.out" 2>"$out/last.err" || return $?
  else # getrusage of the child, the same figure time(1) prints
    /usr/bin/python3 -c 'import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, st, ru = os.wait4(pid, 0)
open(sys.argv[1], "w").write("%d %.2f %.2f\n" % (ru.ru_maxrss, ru.ru_utime, ru.ru_stime))
sys.exit(os.waitstatus_to_exitcode(st))' "$out/rss" "$@" >"$out/last.out" 2>"$out/last.err" || return $?
  fi
  tail -n 1 "$out/rss" | awk '{ printf "%d %d\n", $1, ($2 + $3) * 1000 }'
}

echo "quotacase render, best of 3 (peak RSS: the highest of the 3), $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
declare -A prev_t prev_s # per series (days: 2 models; models: 14 days), the row before
declare -A best_of rss_of # per size, for the anchors
for size in $SIZES; do
  m=${size%x*} d=${size#*x}
  ev=$out/ev-$size
  if [ ! -d "$ev" ]; then
    /usr/bin/python3 tests/gen_evidence.py "$m" "$d" "$ev" --quotacase "$qc" --case "$out/$size.case.json" 2>/dev/null
  fi
  now=$(date -u -d "2026-01-05 + $d days" +%Y-%m-%dT%H:%M:%SZ) # the end of the window
  best= rss=0 rc=0 cpu=
  for _ in 1 2 3; do
    rm -rf "$out/run"
    cp -r "$ev" "$out/run"
    t0=$(date +%s%N)
    k=$(peak_kib "$qc" render --quiet --evidence "$out/run" --case "$out/$size.case.json" --now "$now") || rc=$?
    t1=$(date +%s%N)
    if [ "$rc" -ne 0 ]; then break; fi
    read -r k c <<<"$k"
    ms=$(( (t1 - t0) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    if [ "$k" -gt "$rss" ]; then rss=$k; fi
    if [ -z "$cpu" ] || [ "$c" -lt "$cpu" ]; then cpu=$c; fi
  done
  evmib=$(du -sm "$ev" | cut -f1)
  if [ "$rc" -ne 0 ]; then
    printf '%3d models x %3d days (%4d MiB evidence): render exited %d: %s\n' "$m" "$d" "$evmib" "$rc" \
      "$(head -c 300 "$out/last.err" | tr '\n' ' ')"
    continue
  fi
  outputs=$(cd "$out/run" && stat -c '%n %s' model.json support_case.html evidence.xlsx 2>/dev/null |
    awk '{ printf "%s%s %.1f MiB", (NR > 1 ? ", " : ""), $1, $2 / 1048576 }' || true)
  series=
  if [ "$m" = 2 ]; then series=days; fi
  if [ "$d" = 14 ] && [ "$m" != 2 ]; then series=models; fi
  growth=
  if [ -n "$series" ] && [ -n "${prev_t[$series]:-}" ]; then
    growth=$(awk -v t="$best" -v pt="${prev_t[$series]}" -v s=$((m * d)) -v ps="${prev_s[$series]}" \
      'BEGIN { if (t < 1) t = 1; if (pt < 1) pt = 1
               printf ", x%.2f time for x%.2f size (exponent %.2f)", t / pt, s / ps, log(t / pt) / log(s / ps) }')
  fi
  awk -v m="$m" -v d="$d" -v ev="$evmib" -v t="$best" -v r="$rss" -v g="$growth" -v c="$cpu" \
    'BEGIN { printf "%3d models x %3d days (%4d MiB evidence): %7.3f s (CPU %6.3f s), peak RSS %6.1f MiB, %6.2f ms per model-day%s\n",
             m, d, ev, t / 1000, c / 1000, r / 1024, t / (m * d), g }'
  echo "    written: $outputs"
  if [ -s "$out/last.err" ]; then
    echo "    stderr: $(head -c 300 "$out/last.err" | tr '\n' ' ')"
  fi
  if [ -n "$series" ]; then prev_t[$series]=$best prev_s[$series]=$((m * d)); fi
  if [ "$size" = 2x14 ]; then prev_t[models]=$best prev_s[models]=28; fi # where the models series starts
  best_of[$size]=$best rss_of[$size]=$rss
done

# The anchors, each beside quotacase's figures (a size not run says so).
per_md() { # ms per model-day of size $1, or "not run"
  if [ -n "${best_of[$1]:-}" ]; then
    awk -v t="${best_of[$1]}" -v md=$(( ${1%x*} * ${1#*x} )) 'BEGIN { printf "%.2f ms", t / md }'
  else
    echo "not run"
  fi
}
echo "anchors (DESIGN), quotacase beside each:"
line="  linear in the window: per model-day 2 x 7 days $(per_md 2x7), 2 x 70 $(per_md 2x70), 2 x 140 $(per_md 2x140)"
if [ -n "${best_of[2x70]:-}" ] && [ -n "${best_of[2x140]:-}" ]; then
  # Fixed costs make a small size dearer per model-day; growth from 2 x 70
  # to 2 x 140 (twice the data) with an exponent above 1.15 is not linear.
  line+=$(awk -v a="${best_of[2x70]}" -v b="${best_of[2x140]}" 'BEGIN { if (a < 1) a = 1
    e = log(b / a) / log(2); printf "; 2 x 70 to 2 x 140: exponent %.2f (at most 1.15): %s", e, (e <= 1.15 ? "within" : "ABOVE") }')
fi
echo "$line"
if [ -n "${best_of[20x14]:-}" ]; then
  awk -v t="${best_of[20x14]}" -v r="${rss_of[20x14]}" 'BEGIN {
    printf "  20 models x 14 days: %.3f s against 2 s: %s; peak RSS %.1f MiB against 128 MiB: %s\n",
           t / 1000, (t < 2000 ? "within" : "ABOVE"), r / 1024, (r < 131072 ? "within" : "ABOVE") }'
else
  echo "  20 models x 14 days under 2 s and 128 MiB: not run"
fi
rm -rf "$out/run" "$out/rss" "$out/last.out" "$out/last.err"
