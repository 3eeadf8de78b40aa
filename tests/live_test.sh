#!/bin/sh
# Live collection against the local AWS-compatible endpoint (tests/aws_server.py,
# seeded: bursts of throttling on one model, quiet days, a quota below its AWS
# default, a non-adjustable daily quota, a pending increase request): totals
# match the seed exactly, the call count is the minimum, a live collection and
# an import of the equivalent aws CLI exports give the same evidence, and
# failures, throttling, pagination and interruption behave.
qc=$1
. "$(dirname "$0")/lib.sh"
unset AWS_PROFILE AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE AWS_ENDPOINT_URL_STS AWS_MAX_ATTEMPTS
export HOME="$T/home" AWS_EC2_METADATA_DISABLED=true QUOTACASE_RETRY_BASE_MS=5 AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIDQUOTACASETEST01 AWS_SECRET_ACCESS_KEY=quotacase/test/secret/key/00000000000001
aws_server 300
S=us.anthropic.claude-sonnet-4-5-20250929-v1:0 N=amazon.nova-pro-v1:0 H=anthropic.claude-3-5-haiku-20241022-v1:0
W="--now 2026-01-12T00:00:00Z --start 2026-01-05T00:00:00Z --end 2026-01-12T00:00:00Z"
get() { /usr/bin/python3 -c "import sys,urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())" "$EP/$1"; }
served() { get __log | /usr/bin/python3 -c "import sys,json; print(json.load(sys.stdin).count(sys.argv[1]))" "$1"; }
get "__export?kind=seed" >"$T/seed.json"
# collect in the background, Ctrl-C once every named action has been
# served (ACTIONS comma-separated, then collect's arguments); then checks
# that it exited 130, under the check's name.
ctrl_c_after() {
  acts=$1 what=$2
  shift 2
  "$qc" collect --quiet $W "$@" >"$T/out" 2>"$T/err" &
  pid=$! i=0
  while [ $i -lt 200 ]; do
    all=1
    for a in $(echo "$acts" | tr , ' '); do [ "$(served "$a")" = 0 ] && all=0; done
    [ $all = 1 ] && break
    sleep 0.05
    i=$((i + 1))
  done
  kill -INT $pid
  wait $pid
  is "$?" 130 "exit code after Ctrl-C, $what"
}

# --- a full collection: totals are the seed's --------------------------------------------
ctl __reset '{}'
expect 0 "$qc" collect --quiet $W --model $S --model $N --model $H --log-group /app/agent --out "$T/live"
/usr/bin/python3 - "$T/live" "$T/seed.json" <<'PY' && ok || bad "totals differ from the seed"
import json, os, sys
ev, seed = sys.argv[1], json.load(open(sys.argv[2]))
bad = 0
for model, metrics in seed.items():
    slug = "".join(c if c.isalnum() else "-" for c in model.lower()).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    doc = json.load(open(os.path.join(ev, "cloudwatch_%s_invocations.json" % slug)))
    for metric, pts in metrics.items():
        if metric == "InvocationLatency":
            continue
        want = sum(pts.values())
        s = [x for x in doc["series"] if x["metric"] == metric and x["stat"] == "Sum"]
        got = s[0]["total"] if s else None
        n = s[0]["datapoints"] if s else 0
        if got != want or n != len(pts):
            print("FAIL %s %s: total %s, want %s; %s points, want %s" % (model, metric, got, want, n, len(pts)))
            bad += 1
sys.exit(bad)
PY
is "$(jq_py "$T/live/manifest.json" "d['account'], d['status'], [s['status'] for s in d['sources']]")" \
   "111122223333 ok ['ok', 'ok', 'ok', 'ok']" "manifest: account, status, sources"
is "$(jq_py "$T/live/service_quotas_bedrock.json" "[(q['quota_code'], q['applied_value'], q['default_value'], q['effective_source'], q['below_default'], q['adjustable']) for q in d['quotas'] if q['quota_code'] in ('L-2DC80978', 'L-8A5D3B1E')]")" \
   "[('L-2DC80978', 4, 200, 'applied', True, True), ('L-8A5D3B1E', None, 144000000, 'aws_default', None, False)]" "quotas merged"
is "$(jq_py "$T/live/service_quotas_bedrock.json" "[(r['status'], r['open'], r['created']) for r in d['requests']]")" \
   "[('PENDING', True, '2026-01-09T16:02:11.318Z')]" "change history"
want_events=$(/usr/bin/python3 -c "
import json,sys; s=json.load(open(sys.argv[1]))['$S']['InvocationThrottles']
print(sum(1 for t, v in s.items() if v and (int(t)//60) % 3 == 0))" "$T/seed.json")
is "$(jq_py "$T/live/throttling_events.json" "d['count']")" "$want_events" "log events through the scanner"
contains "$T/live/throttling_errors.txt" "/app/agent:agent-1:1: 2026-01-05"
# The minimum number of GetMetricData calls: all 39 queries fit one call, and
# the datapoints returned take ceil(N / 100,800) pages.
n=$(/usr/bin/python3 -c "
import json,glob,sys; print(sum(s['datapoints'] for f in glob.glob(sys.argv[1] + '/cloudwatch_*-*_invocations.json') for s in json.load(open(f))['series']))" "$T/live")
is "$(served GetMetricData)" "$(( (n + 100799) / 100800 ))" "minimum GetMetricData calls"
is "$(jq_py "$T/live/manifest.json" "len([c for c in d['api_calls'] if c['operation'] == 'GetMetricData'])")" \
   "$(served GetMetricData)" "calls recorded in the manifest"
expect 0 "$qc" verify "$T/live"
# iam-policy names every action this collection needed (ListMetrics is for --model all).
expect 0 "$qc" iam-policy --log-group /app/agent
get __log | /usr/bin/python3 -c "
import json, sys
served = set(json.load(sys.stdin)) - {'GetCallerIdentity'}
actions = {a for s in json.load(open(sys.argv[1]))['Statement'] for a in s['Action']}
sys.exit(0 if {a.split(':')[1] for a in actions} == served | {'ListMetrics'} else print(sorted(served), sorted(actions)) or 1)" "$T/out" && ok || bad "iam-policy differs from the calls of a collection"

# --- pagination across many pages: CloudWatch hands out 1,000 datapoints a call ------------
ctl __reset '{}'
ctl __config '{"max_datapoints": 1000}'
expect 0 "$qc" collect --quiet $W --model $S --model $N --model $H --out "$T/paged"
is "$(served GetMetricData)" "$(( (n + 999) / 1000 ))" "one call per page of 1,000"
for f in "$T"/live/cloudwatch_*.json; do same "$f" "$T/paged/${f##*/}"; done

# --- --model all: the models come from ListMetrics (two a page) -------------------------------
ctl __reset '{}'
expect 0 "$qc" collect --quiet $W --model all --out "$T/all"
is "$(served ListMetrics)" 2 "ListMetrics pages"
for f in "$T"/live/cloudwatch_*.json; do same "$f" "$T/all/${f##*/}"; done

# --- the same evidence from aws CLI exports -------------------------------------------------------
mkdir -p "$T/exports"
for k in get-metric-data list-service-quotas list-aws-default-service-quotas change-history; do
  get "__export?kind=$k" >"$T/exports/$k.json"
done
expect 0 "$qc" collect --quiet --offline $W --import "$T/exports" --out "$T/imported"
/usr/bin/python3 - "$T/live" "$T/imported" <<'PY' && ok || bad "live and imported evidence differ"
import json, os, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k not in ("source", "applied_source", "default_source")}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
bad = 0
for f in sorted(os.listdir(sys.argv[1])):
    if f.startswith("cloudwatch_") or f == "service_quotas_bedrock.json":
        a = strip(json.load(open(os.path.join(sys.argv[1], f))))
        b = strip(json.load(open(os.path.join(sys.argv[2], f))))
        if a != b:
            print("FAIL %s differs between live and import" % f)
            bad += 1
sys.exit(bad)
PY

# --- a source that fails alone --------------------------------------------------------------------
ctl __reset '{}'
ctl __fault '{"action": "ListServiceQuotas", "kind": "denied", "count": 5}'
expect 4 "$qc" collect --quiet $W --model $S --out "$T/denied"
contains "$T/err" "grant the IAM action servicequotas:ListServiceQuotas"
is "$(jq_py "$T/denied/manifest.json" "d['status'], [(s['type'], s['status']) for s in d['sources']]")" \
   "partial [('sts', 'ok'), ('cloudwatch', 'ok'), ('service_quotas', 'failed')]" "one source failed"
if [ -f "$T/denied/cloudwatch_invocations.json" ]; then ok; else bad "metrics missing after a quota failure"; fi
expect 0 "$qc" verify "$T/denied"
ctl __reset '{}'
expect 4 "$qc" collect --quiet $W --log-group /app/missing --out "$T/nogroup"
contains "$T/err" "ResourceNotFoundException"

# --- an error text that quotes the request's credentials: redacted everywhere ----------------------
ctl __reset '{}'
ctl __fault '{"action": "ListServiceQuotas", "kind": "echo", "count": 5}'
TOK="IQoJb3JpZ2luX2VjEHQaCXVzLWVhc3QtMSJHMEUCIQD$(printf 'quotacaseTEST%.0s' 1 2 3 4 5 6 7 8 9 10 11 12)"
expect 4 env AWS_ACCESS_KEY_ID=ASIAQUOTACASETEST003 \
  AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYqcTEST0003 AWS_SESSION_TOKEN="$TOK" \
  "$qc" collect $W --model $S --out "$T/echo"
contains "$T/err" "ValidationException"
cat "$T/err" "$T/out" >"$T/echo-printed"
contains "$T/echo/manifest.json" "\[authorization-1\]"
expect 0 "$qc" render --quiet --now 2026-01-12T00:00:00Z "$T/echo"
expect 0 "$qc" bundle "$T/echo"
mkdir "$T/echo-x" && tar -xzf "$T/echo.tar.gz" -C "$T/echo-x"
for s in ASIAQUOTACASETEST003 "$TOK" quotacaseTEST wJalrXUtnFEMI Signature=; do
  for f in "$T/echo" "$T/echo-x" "$T/echo-printed"; do lacks "$f" "$s"; done
done
expect 0 "$qc" verify "$T/echo"

# --- our own calls throttled: retried, and recorded with their attempts -----------------------------
ctl __reset '{}'
ctl __fault '{"action": "GetMetricData", "kind": "throttle", "count": 2}'
expect 0 "$qc" collect --quiet $W --model $S --out "$T/throttled"
is "$(jq_py "$T/throttled/manifest.json" "[c['attempts'] for c in d['api_calls'] if c['operation'] == 'GetMetricData']")" \
   "[3]" "throttled twice, third attempt served"
same "$T/throttled/cloudwatch_us-anthropic-claude-sonnet-4-5-20250929-v1-0_invocations.json" \
     "$T/live/cloudwatch_us-anthropic-claude-sonnet-4-5-20250929-v1-0_invocations.json"

# --- --plan makes no call -------------------------------------------------------------------------------
ctl __reset '{}'
expect 0 "$qc" collect --plan $W --model $S --model $N
contains "$T/out" "2 models x 13 queries = 26 queries, up to 262080 datapoints"
contains "$T/out" "3 GetMetricData calls"
is "$(get __log)" "[]" "no calls for --plan"
expect 0 "$qc" collect --plan --now 2026-03-01T00:00:00Z --start 2026-01-05 --end 2026-01-12 --model $S
contains "$T/out" "300-second periods"
contains "$T/out" "CloudWatch keeps 60-second data only 15 days"

# --- Ctrl-C: what was complete stays, the manifest says interrupted -----------------------------------
ctl __reset '{}'
ctl __fault '{"action": "FilterLogEvents", "kind": "slow", "count": 1}'
ctrl_c_after FilterLogEvents "one after another" --parallel 1 --model $S --log-group /app/agent --out "$T/int/ev"
is "$(jq_py "$T/int/ev/manifest.json" "d['status'], [s['status'] for s in d['sources']]")" \
   "interrupted ['ok', 'ok', 'ok', 'interrupted']" "interrupted run recorded"
is "$(ls -A "$T/int")" "ev" "nothing half-written next to it"
expect 0 "$qc" verify "$T/int/ev"

# The same with the sources at once: whatever was in flight is interrupted
# and says so; the log group held by the slow call is among them.
ctl __reset '{}'
ctl __fault '{"action": "FilterLogEvents", "kind": "slow", "count": 1}'
ctrl_c_after FilterLogEvents "sources at once" --model $S --log-group /app/agent --out "$T/int2/ev"
is "$(jq_py "$T/int2/ev/manifest.json" "d['status'], d['sources'][0]['status'], d['sources'][-1]['status'], set(s['status'] for s in d['sources']) <= {'ok', 'interrupted'}")" \
   "interrupted ok interrupted True" "interrupted run recorded, sources at once"
expect 0 "$qc" verify "$T/int2/ev"

# One after another, stopped during the first: the sources that never
# started are recorded as interrupted, and the run says so (exit 130).
ctl __reset '{}'
ctl __fault '{"action": "GetMetricData", "kind": "slow", "count": 1}'
ctrl_c_after GetMetricData "before sources started" --parallel 1 --model $S --log-group /app/agent --out "$T/int3/ev"
is "$(jq_py "$T/int3/ev/manifest.json" "d['status'], [(s['status'], s['error']) for s in d['sources'][2:]]")" \
   "interrupted [('interrupted', 'service-quotas bedrock: interrupted before it started'), ('interrupted', '/app/agent: interrupted before it started')]" \
   "sources never started are recorded"
expect 0 "$qc" verify "$T/int3/ev"
# A source that failed on its own before the signal stays failed.
ctl __reset '{}'
ctl __fault '{"action": "ListServiceQuotas", "kind": "denied", "count": 1}'
ctl __fault '{"action": "FilterLogEvents", "kind": "slow", "count": 1}'
ctrl_c_after FilterLogEvents,ListServiceQuotas "a source failed before" --model $S --log-group /app/agent --out "$T/int4/ev"
is "$(jq_py "$T/int4/ev/manifest.json" "[s['status'] for s in d['sources'] if s['type'] in ('service_quotas', 'cloudwatch_logs')], 'AccessDeniedException' in d['sources'][2]['error']")" \
   "['failed', 'interrupted'] True" "a failure before the signal is not called an interruption"

# --- sources at once ------------------------------------------------------------------------------
# The endpoint holds the first GetMetricData, ListServiceQuotas and the
# first FilterLogEvents of each group until all have arrived: they meet only
# when they are in flight together.
ctl __reset '{}'
ctl __config '{"meet": ["GetMetricData", "ListServiceQuotas", "FilterLogEvents"]}'
G="--log-group /app/worker-a --log-group /app/agent --log-group /app/worker-b"
expect 0 "$qc" collect --quiet $W --model $S --model $N $G --out "$T/par"
is "$(get __meet)" '{"met": true, "arrived": ["FilterLogEvents", "GetMetricData", "ListServiceQuotas"]}' \
   "metrics, quotas and logs in flight at once"
# One after another gives the same evidence, placeholders and all, however
# the answers interleaved (the groups' pages come back at different speeds).
ctl __reset '{}'
ctl __config '{"latency": {"FilterLogEvents": 0.02}}'
expect 0 "$qc" collect --quiet $W --model $S --model $N $G --out "$T/par2"
ctl __reset '{}'
expect 0 "$qc" collect --quiet $W --parallel 1 --model $S --model $N $G --out "$T/seq"
for f in $(cd "$T/seq" && ls | grep -v '^manifest.json$'); do
  same "$T/seq/$f" "$T/par/$f"
  same "$T/seq/$f" "$T/par2/$f"
done
contains "$T/seq/throttling_errors.txt" "^/app/worker-a:w-0:1: .* worker throttled for \\[email-1\\]"
contains "$T/seq/throttling_errors.txt" "^/app/worker-b:w-0:1: .* worker throttled for \\[email-3\\]"
is "$(cat "$T/seq.redaction-map.json" | /usr/bin/python3 -c "
import json, sys
m = json.load(sys.stdin)
print(sorted(v for v in json.dumps(m).split('\"') if v.startswith('[email-')))")" \
   "['[email-1]', '[email-2]', '[email-3]']" "three addresses, three placeholders"
# The manifests agree but for the time each call took, and list every
# source in the order given, with its own calls.
strip='import json,sys
d = json.load(open(sys.argv[1]))
for c in d["api_calls"] + [c for s in d["sources"] for c in s.get("api_calls") or []]:
    c.pop("ms", None)
d.pop("case_id")
d["command_line"] = [a for a in d["command_line"] if a not in ("--parallel", "1")]
print(json.dumps(d, sort_keys=True))'
/usr/bin/python3 -c "$strip" "$T/seq/manifest.json" | sed "s|$T/seq|DIR|g" >"$T/seq.m"
/usr/bin/python3 -c "$strip" "$T/par/manifest.json" | sed "s|$T/par|DIR|g" >"$T/par.m"
same "$T/seq.m" "$T/par.m"
is "$(jq_py "$T/par/manifest.json" "[(s['type'], s['input'], len(s['api_calls'])) for s in d['sources']]")" \
   "[('sts', 'GetCallerIdentity', 1), ('cloudwatch', 'AWS/Bedrock', 1), ('service_quotas', 'bedrock', 6), ('cloudwatch_logs', '/app/worker-a', 9), ('cloudwatch_logs', '/app/agent', 19), ('cloudwatch_logs', '/app/worker-b', 3)]" \
   "sources in order, each with its calls"
expect 2 "$qc" collect --quiet $W --parallel 0 --model $S --out "$T/bad"
contains "$T/err" "collect: --parallel: '0' is not a number from 1 to 32"

finish live
