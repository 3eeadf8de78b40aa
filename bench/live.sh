#!/bin/bash
# Live sources at once: one collection of two models' metrics, the Service
# Quotas listings and three CloudWatch Logs groups from the local
# AWS-compatible endpoint, which answers each call after the latency AWS
# typically shows for that API, collected one after another (--parallel 1)
# and at once (the default), best of three each.  The anchor is the longest
# source: the time its own calls took (the manifest's per-source calls),
# which no schedule can beat.
set -euo pipefail
cd "$(dirname "$0")/.."
QC=${1:-build-bench/quotacase}
if [ "$QC" = build-bench/quotacase ]; then
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build-bench -j"$(nproc)" --target quotacase >/dev/null
fi
# Seconds per call, about what these APIs take from a client in the same
# region (FilterLogEvents scans the group on every page).
LAT='{"latency": {"GetMetricData": 0.40, "ListServiceQuotas": 0.15,
  "ListAWSDefaultServiceQuotas": 0.15, "ListRequestedServiceQuotaChangeHistory": 0.15,
  "FilterLogEvents": 0.25}}'
. bench/endpoint.sh
bench_endpoint "$LAT"
ms() { date +%s%N; }
run() { # label, extra options: best wall time of three, in ms
  local best=0 t0 t1 d i
  for i in 1 2 3; do
    rm -rf "$T/ev" "$T/ev.redaction-map.json"
    t0=$(ms)
    "$QC" collect --quiet --endpoint-url "$EP" --now 2026-01-12T00:00:00Z \
      --start 2026-01-05T00:00:00Z --end 2026-01-12T00:00:00Z "$@" \
      --model us.anthropic.claude-sonnet-4-5-20250929-v1:0 --model amazon.nova-pro-v1:0 \
      --log-group /app/agent --log-group /app/worker-a --log-group /app/worker-b --out "$T/ev" >/dev/null
    t1=$(ms)
    d=$(( (t1 - t0) / 1000000 ))
    if [ $best = 0 ] || [ $d -lt $best ]; then best=$d; cp "$T/ev/manifest.json" "$T/best.json"; fi
  done
  echo $best
}
seq=$(run --parallel 1)
cp "$T/best.json" "$T/seq.json"
par=$(run)
/usr/bin/python3 - "$T/seq.json" "$T/best.json" "$seq" "$par" <<'PY'
import json, sys
seq, par = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
wall_seq, wall_par = int(sys.argv[3]), int(sys.argv[4])
def per_source(m):
    return [(s["type"] + (" " + s["input"] if s["type"] == "cloudwatch_logs" else ""),
             len(s["api_calls"]), sum(c["ms"] for c in s["api_calls"])) for s in m["sources"]]
print("%-30s %6s %9s" % ("source (one after another)", "calls", "ms"))
for name, n, t in per_source(seq):
    print("%-30s %6d %9d" % (name, n, t))
src = per_source(par)
ident = src[0][2]
longest = max(t for _, _, t in src[1:])
total = sum(t for _, _, t in per_source(seq))
print()
print("one after another (--parallel 1): %6d ms  (its calls: %d ms)" % (wall_seq, total))
print("at once (default, 4):             %6d ms" % wall_par)
print("anchor: identity + longest source: %5d ms  (%d + %d, in the run at once)" % (ident + longest, ident, longest))
print("at once / anchor %.2fx; one after another / at once %.2fx" % (wall_par / (ident + longest), wall_seq / wall_par))
PY
