#!/bin/bash
# CloudWatch collection benchmark: 7 days x 1 minute x 6 metrics x 3 models
# (every minute has data) from the local AWS-compatible endpoint, collected by
# `quotacase collect` (GetMetricData, packed) and by a loop of
# GetMetricStatistics calls (botocore, as the aws CLI makes them; and the aws
# CLI itself when it is installed: apt-get install awscli).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" --target quotacase >/dev/null
. bench/endpoint.sh
bench_endpoint '{"dense": true}'
M=(us.anthropic.claude-sonnet-4-5-20250929-v1:0 amazon.nova-pro-v1:0 anthropic.claude-3-5-haiku-20241022-v1:0)
ms() { date +%s%N; }
t0=$(ms)
build-bench/quotacase collect --quiet --offline --logs /dev/null >/dev/null 2>&1 || true
t0=$(ms)
build-bench/quotacase collect --quiet --endpoint-url "$EP" --now 2026-01-12T00:00:00Z \
  --start 2026-01-05T00:00:00Z --end 2026-01-12T00:00:00Z \
  --model "${M[0]}" --model "${M[1]}" --model "${M[2]}" --out "$T/ev" >/dev/null
t1=$(ms)
gmd=$(/usr/bin/python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(sum(c['operation']=='GetMetricData' for c in m['api_calls']), len(m['api_calls']))" "$T/ev/manifest.json")
pts=$(/usr/bin/python3 -c "import json,glob,sys; print(sum(s['datapoints'] for f in glob.glob(sys.argv[1]+'/cloudwatch_*-*_invocations.json') for s in json.load(open(f))['series'] if s['stat']=='Sum'))" "$T/ev")
echo "quotacase collect: $(( (t1 - t0) / 1000000 )) ms, GetMetricData calls ${gmd% *} (all calls ${gmd#* }), Sum datapoints $pts (13 queries per model)"
t0=$(ms)
loop=$(/usr/bin/python3 bench/metric_statistics_loop.py "$EP" 1767571200 7 "${M[@]}")
t1=$(ms)
echo "botocore GetMetricStatistics loop: $(( (t1 - t0) / 1000000 )) ms, $loop"
if command -v aws >/dev/null; then
  n=0
  t0=$(ms)
  for m in "${M[@]}"; do
    for metric in Invocations InvocationThrottles InvocationClientErrors InvocationServerErrors InputTokenCount OutputTokenCount; do
      for d in 05 06 07 08 09 10 11; do
        aws cloudwatch get-metric-statistics --endpoint-url "$EP" --namespace AWS/Bedrock \
          --metric-name $metric --dimensions Name=ModelId,Value=$m --statistics Sum --period 60 \
          --start-time 2026-01-${d}T00:00:00Z --end-time 2026-01-$(printf %02d $((10#$d + 1)))T00:00:00Z >/dev/null
        n=$((n + 1))
      done
    done
  done
  t1=$(ms)
  echo "aws CLI get-metric-statistics loop: $(( (t1 - t0) / 1000000 )) ms, calls $n"
fi
