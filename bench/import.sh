#!/bin/bash
# Import benchmark: `quotacase collect --import DIR` of about 175 MB of aws
# CLI `cloudwatch get-metric-data` exports (8 models, 6 Sum metrics and two
# latency statistics, 28 days of minutes, every minute filled), against the
# anchor, a Python script that json.loads every file and totals its values
# (bench/import_anchor.py).  Best of 3 each, files in the page cache; the
# CPU time (user + sys) of the best run too, steadier on a busy machine.
#
#   bench/import.sh [QUOTACASE]      without an argument, a Release build in build-bench
set -euo pipefail
cd "$(dirname "$0")/.."
qc=${1:-}
if [ -z "$qc" ]; then
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build-bench -j"$(nproc)" --target quotacase >/dev/null
  qc=build-bench/quotacase
fi
data=bench/out/import
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  python3 bench/gen_metric_data.py "$data" 8 28
  touch "$data/.complete"
fi
bytes=$(cat "$data"/*.json | wc -c)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cat "$data"/*.json >/dev/null
best() { # best of 3 wall times of "$@": "wall_ms cpu_ms" (cpu: user + sys of that run)
  local b= c= t w u k
  for _ in 1 2 3; do
    rm -rf "$T/ev"
    t=$( { TIMEFORMAT='%R %U %S'; time "$@" >"$T/out"; } 2>&1 )
    read -r w u k <<<"$t"
    w=$(awk -v w="$w" 'BEGIN { printf "%d", w * 1000 }')
    if [ -z "$b" ] || [ "$w" -lt "$b" ]; then
      b=$w c=$(awk -v u="$u" -v k="$k" 'BEGIN { printf "%d", (u + k) * 1000 }')
    fi
  done
  echo "$b $c"
}
read -r py pyc <<<"$(best python3 bench/import_anchor.py "$data")"
anchor=$(cat "$T/out")
read -r q qc_cpu <<<"$(best "$qc" collect --quiet --offline --import "$data" --out "$T/ev")"
written=$(du -sb "$T/ev" | cut -f1)
largest=$(ls -S "$T/ev" | head -1)
echo "input: $data, $(ls "$data"/*.json | wc -l) files, $bytes bytes; $anchor"
echo "python3 json.load + totals: $py ms wall, $pyc ms CPU (best of 3)"
echo "quotacase collect --import: $q ms wall, $qc_cpu ms CPU (best of 3), written $written bytes in $(ls "$T/ev" | wc -l) files (largest $largest, $(stat -c %s "$T/ev/$largest") bytes)"
awk -v q="$q" -v p="$py" -v qc="$qc_cpu" -v pc="$pyc" \
  'BEGIN { printf "quotacase / python: %.2fx wall, %.2fx CPU; load average %s\n", q / p, qc / pc, "'"$(cut -d' ' -f1 /proc/loadavg)"'" }'
