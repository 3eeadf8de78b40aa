#!/bin/sh
# Collection over several accounts and regions against the local AWS-compatible
# endpoint (tests/aws_server.py): one evidence directory per account and region,
# each a whole collection of its own, and a fleet summary whose figures are the
# ones each directory's case would carry.
qc=$1
. "$(dirname "$0")/lib.sh"
unset AWS_PROFILE AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE AWS_ENDPOINT_URL_STS AWS_MAX_ATTEMPTS
export HOME="$T/home" AWS_EC2_METADATA_DISABLED=true QUOTACASE_RETRY_BASE_MS=5 AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIDQUOTACASETEST01 AWS_SECRET_ACCESS_KEY=quotacase/test/secret/key/00000000000001
mkdir -p "$HOME"
aws_server 300
W="--now 2026-01-12T00:00:00Z --start 2026-01-05T00:00:00Z --end 2026-01-12T00:00:00Z"
S=us.anthropic.claude-sonnet-4-5-20250929-v1:0 H=anthropic.claude-3-5-haiku-20241022-v1:0
R1=arn:aws:iam::444455556666:role/QuotacaseReader R2=arn:aws:iam::111122223333:role/QuotacaseReader

# --- two accounts (roles) x two regions; one account-region has no data ---------------------
ctl __reset '{}'
ctl __config '{"quiet": ["111122223333/us-west-2"]}'
expect 0 "$qc" collect $W --model all --log-group /app/agent --region us-east-1 --region us-west-2 \
  --assume-role $R1 --assume-role $R2 --jobs 3 --out "$T/fleet"
for d in 444455556666-us-east-1 444455556666-us-west-2 111122223333-us-east-1 111122223333-us-west-2; do
  if [ -f "$T/fleet/$d/manifest.json" ]; then ok; else bad "no evidence directory $d"; fi
  "$qc" verify --quiet "$T/fleet/$d" >/dev/null 2>&1 && ok || bad "$d does not verify"
  is "$(jq_py "$T/fleet/$d/manifest.json" 'd["account"] + " " + d["region"]')" \
     "$(echo $d | sed 's/-/ /')" "$d's manifest"
done
is "$(find "$T/fleet" -name '*.log' | wc -l)" 0 "the children's logs are gone"
contains "$T/err" "collecting 2 accounts x 2 regions, 3 at a time"
# By hand from the seed: Sonnet 185 throttled minutes of 2 + (k + day) % 9 (k 42..78)
# = 1,112 throttled attempts, each minute its own burst; the log group has one error in
# the minutes with k % 3 = 0: 13 a weekday, 65. Haiku: one throttled attempt.
cp "$T/out" "$T/summary"
contains "$T/summary" "^fleet: 4 of 4 accounts and regions collected, 2026-01-05T00:00:00Z to 2026-01-12T00:00:00Z$"
contains "$T/summary" "^444455556666  us-east-1       collected: 3 models, 2 throttled (444455556666-us-east-1)$"
contains "$T/summary" "^111122223333  us-west-2       collected: 0 models, 0 throttled"
contains "$T/summary" "^    $S: 1,112 throttled attempts in 185 bursts, 65 logged errors$"
contains "$T/summary" "^    $H: 1 throttled attempt in 1 burst, 0 logged errors$"
contains "$T/summary" "^      bit: L-2DC80978 Cross-region model inference requests per minute for Anthropic Claude Sonnet 4.5 V1 (4 in force, "
contains "$T/summary" "^throttling in: 444455556666 us-east-1, 444455556666 us-west-2, 111122223333 us-east-1$"
same "$T/summary" "$T/fleet/fleet.txt"
is "$(jq_py "$T/fleet/fleet.json" 'len(d["targets"]), d["collected"], d["throttled_in"][2]')" \
   "4 4 111122223333 us-east-1" "fleet.json"
# The summary's figures are the case's: render one directory and compare.
expect 0 "$qc" render --quiet --now 2026-01-12T00:00:00Z --evidence "$T/fleet/444455556666-us-east-1"
/usr/bin/python3 - "$T/fleet" <<'PY' && ok || bad "fleet.json differs from the rendered model"
import json, sys
fleet = json.load(open(sys.argv[1] + "/fleet.json"))
t = [t for t in fleet["targets"] if t["directory"] == "444455556666-us-east-1"][0]
model = json.load(open(sys.argv[1] + "/444455556666-us-east-1/model.json"))
for row in t["throttled"]:
    m = [m for m in model["models"] if m["model_id"] == row["model_id"]][0]
    assert row["throttled_attempts"] == m["totals"]["throttles"], row
    assert row["log_events"] == m["log_events"], row
    bit = [p for p in model["diagnosis"]["proposed"] if p["model_id"] == row["model_id"]]
    assert [q["code"] for q in row["quotas_bit"]] == [p["code"] for p in bit], row
    assert [q["recommended"] for q in row["quotas_bit"]] == [p["recommended"] for p in bit], row
PY

# --- one source fails, one is the same account again: the rest are collected ----------------
mkdir -p "$HOME/.aws"
printf '[a]\naws_access_key_id = AKIDQUOTACASETEST01\naws_secret_access_key = quotacase/test/secret/key/00000000000001\n[b]\naws_access_key_id = AKIDQUOTACASETEST02\naws_secret_access_key = quotacase/test/secret/key/00000000000002\n' >"$HOME/.aws/credentials"
expect 0 "$qc" collect $W --model $S --profile a --profile b --out "$T/dup" --quiet
contains "$T/out" "^111122223333  us-east-1       skipped"
contains "$T/out" "account 111122223333 is profile a's too: collected once"
contains "$T/out" "^fleet: 1 of 2 accounts and regions collected"
expect 4 "$qc" collect $W --model $S --region us-east-1 --region eu-west-1 \
  --assume-role arn:aws:iam::555566667777:role/needs-external-id --assume-role $R1 --out "$T/part" --quiet
contains "$T/out" "^?             us-east-1       failed$"
contains "$T/out" "^    role arn:aws:iam::555566667777:role/needs-external-id: sts AssumeRole: AccessDenied: ExternalId does not match"
contains "$T/out" "^444455556666  eu-west-1       collected: 1 model, 1 throttled"
is "$(jq_py "$T/part/fleet.json" 'sorted(t["result"] for t in d["targets"])')" \
   "['collected', 'collected', 'failed', 'failed']" "results"
# A failure inside one collection: its line says so, the others stand.
ctl __reset '{}'
ctl __fault '{"action": "GetMetricData", "kind": "denied", "count": 1}'
expect 4 "$qc" collect $W --model $S --region us-east-1 --region us-west-2 --jobs 1 --out "$T/one" --quiet
contains "$T/err" "quotacase: 111122223333 us-east-1: warning: .*grant the IAM action cloudwatch:GetMetricData"
contains "$T/out" "^111122223333  us-east-1       partial"
contains "$T/out" "^111122223333  us-west-2       collected: 1 model, 1 throttled"

# --- stopped while collecting: each directory holds what was complete, marked so ----------
ctl __reset '{}'
ctl __fault '{"action": "GetMetricData", "kind": "slow", "count": 10}'
"$qc" collect $W --model $S --region us-east-1 --region us-west-2 --out "$T/stop" --quiet >"$T/out" 2>"$T/err" &
pid=$!
# Wait for the collections to start (their logs appear), then stop the run.
i=0
while [ "$(find "$T/stop" -name '*.log' 2>/dev/null | wc -l)" -lt 2 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -TERM $pid
wait $pid
is "$?" 143 "a stopped fleet's exit"
contains "$T/out" "^111122223333  us-east-1       interrupted"
contains "$T/out" "^111122223333  us-west-2       interrupted"
contains "$T/out" "^fleet: 0 of 2 accounts and regions collected"
is "$(jq_py "$T/stop/111122223333-us-east-1/manifest.json" 'd["status"]')" interrupted "a stopped directory's manifest"
"$qc" verify --quiet "$T/stop/111122223333-us-east-1" >/dev/null 2>&1 && ok || bad "a stopped directory does not verify"
ctl __reset '{}'

# --- what a fleet refuses; one role alone is a plain collection ----------------------------
expect 2 "$qc" collect $W --model $S --region us-east-1 --region us-west-2 --logs "$T" --out "$T/x"
contains "$T/err" "collect: --logs goes with one account and one region"
expect 2 "$qc" collect $W --region us-east-1 --region us-west-2 --out "$T/x"
contains "$T/err" "give --model or --log-group"
expect 2 "$qc" collect $W --model $S --region us-east-1 --region us-west-2 --jobs 0 --out "$T/x"
contains "$T/err" "--jobs: '0' is not 1 to 32"
expect 2 "$qc" collect $W --model $S --profile a --profile b --assume-role $R1 --out "$T/x"
contains "$T/err" "takes its roles from one --profile"
expect 2 "$qc" collect $W --model $S --region us-east-1 --region us-east-1 --out "$T/x"
contains "$T/err" "collect: --region us-east-1 is given twice"
expect 2 "$qc" collect $W --model $S --jobs 2 --out "$T/x"
contains "$T/err" "collect: --jobs goes with several regions, profiles or roles"
if [ -e "$T/x" ]; then bad "a refused fleet wrote $T/x"; else ok; fi
# A directory there already is refused before anything runs; the last summary stays.
cp "$T/fleet/fleet.txt" "$T/fleet.before"
expect 6 "$qc" collect $W --model all --region us-east-1 --region us-west-2 --assume-role $R1 \
  --assume-role $R2 --out "$T/fleet" --quiet
contains "$T/err" "collect: .*/fleet/444455556666-us-east-1 exists; --force replaces it"
same "$T/fleet/fleet.txt" "$T/fleet.before"
expect 0 "$qc" collect $W --model all --region us-east-1 --region us-west-2 --assume-role $R1 \
  --assume-role $R2 --out "$T/fleet" --quiet --force
contains "$T/out" "^fleet: 4 of 4 accounts and regions collected"
expect 0 "$qc" collect $W --model $S --assume-role $R1 --out "$T/single" --quiet
is "$(jq_py "$T/single/manifest.json" 'd["account"]')" 444455556666 "one role's account"
expect 0 "$qc" whoami --assume-role $R1
contains "$T/out" "^source    assume-role (arn:aws:iam::444455556666:role/QuotacaseReader)$"

finish fleet
