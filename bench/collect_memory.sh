#!/bin/bash
# Collect's and render's peak memory against the number of throttling
# events: logs in which every line is a throttling error (the worst case for
# the event store and the event index), at three sizes, collected offline
# and rendered by a Release build.  Prints wall time and peak resident
# memory for each; the targets are collect under 64 MiB whatever the size,
# render under 128 MiB.
# Usage: bench/collect_memory.sh [EVENTS...]   (default 100000 300000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" --target quotacase >/dev/null
qc=$PWD/build-bench/quotacase
mkdir -p bench/out
sizes=${*:-100000 300000 1000000}
echo "quotacase collect --logs, every line a throttling error (Release, $(nproc) cores)"
for n in $sizes; do
  log=bench/out/dense-$n.log
  [ -f "$log" ] || /usr/bin/python3 - "$n" "$log" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
line = ("2026-01-12 10:%02d:%02d,000 ERROR agent An error occurred (ThrottlingException) when "
        "calling the Converse operation (reached max retries: 4): Too many requests, please wait "
        "before trying again. modelId=us.anthropic.claude-sonnet-4-5-20250929-v1:0 "
        "requested_by=ops%d@example.com\n")
with open(path, "w") as f:
    for i in range(n):
        f.write(line % ((i // 60) % 60, i % 60, i % 50))
PY
  rm -rf bench/out/dense-ev
  /usr/bin/time -f "%e %M" -o bench/out/.time "$qc" collect --quiet --out bench/out/dense-ev \
    --region us-east-1 --logs "$log" >/dev/null
  read -r secs kib <bench/out/.time
  /usr/bin/time -f "%e %M" -o bench/out/.time "$qc" render --quiet --evidence bench/out/dense-ev \
    --case examples/case.json --now 2026-01-13T00:00:00Z >/dev/null
  read -r rsecs rkib <bench/out/.time
  printf '%8d events (%4d MiB log): collect %6.2f s, peak RSS %6.1f MiB; render %6.2f s, peak RSS %6.1f MiB\n' \
    "$n" "$(( $(stat -c %s "$log") >> 20 ))" "$secs" "$(awk -v k="$kib" 'BEGIN{print k/1024}')" \
    "$rsecs" "$(awk -v k="$rkib" 'BEGIN{print k/1024}')"
done
rm -rf bench/out/dense-ev bench/out/dense-ev.redaction-map.json
