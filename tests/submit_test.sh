#!/bin/sh
# submit, status and follow-up against the local AWS-compatible endpoint
# (tests/aws_server.py: Service Quotas requests that open a support case
# after two reads, AWS Support with its attachment limits and errors, every
# signature checked): what reaches AWS is exactly the evidence, in order;
# nothing is filed twice, whatever stops a run; each refusal, error and
# status has its message and exit code; a dry run makes no call.
qc=$1 faultfs=$2
. "$(dirname "$0")/lib.sh"
unset AWS_PROFILE AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE AWS_ENDPOINT_URL_STS AWS_MAX_ATTEMPTS
export HOME="$T/home" AWS_EC2_METADATA_DISABLED=true QUOTACASE_RETRY_BASE_MS=1 QUOTACASE_POLL_BASE_MS=1
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIDQUOTACASETEST01 AWS_SECRET_ACCESS_KEY=quotacase/test/secret/key/00000000000001
aws_server 600
S=us.anthropic.claude-sonnet-4-5-20250929-v1:0 N=amazon.nova-pro-v1:0
W="--now 2026-01-12T00:00:00Z --start 2026-01-05T00:00:00Z --end 2026-01-12T00:00:00Z"
get() { /usr/bin/python3 -c "import sys,urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())" "$EP/$1"; }
served() { get __log | /usr/bin/python3 -c "import sys,json; print(json.load(sys.stdin).count(sys.argv[1]))" "$1"; }
calls() { get __log | /usr/bin/python3 -c "import sys,json; print(len(json.load(sys.stdin)))"; }
# A Python expression over the endpoint's record of requests, cases and sets (d).
support() { get __support >"$T/support.json"; jq_py "$T/support.json" "$1"; }
rec() { jq_py "$T/$1/submission.json" "$2"; }
# Every call served is kept (for the IAM policy check at the end), then the endpoint is reset.
reset_srv() { get __log >>"$T/served.jsonl"; echo >>"$T/served.jsonl"; ctl __reset '{}'; }
fresh() {
  reset_srv; ctl __config "{\"history\": false${2:+, $2}}"; rm -rf "$T/$1" "$T/$1".*
  # A directory that outlives rm would get the copy inside it: say so plainly.
  if [ -e "$T/$1" ]; then bad "fresh: $T/$1 is still there after rm -rf"; ls -laR "$T/$1" | head -20; fi
  cp -a "$T/ev0" "$T/$1"
}
case_file() { # NAME PYTHON-EDITS: examples/case.json for this account, edited
  /usr/bin/python3 - "$T/case-$1.json" "$2" <<'PY'
import json, sys
c = json.load(open("examples/case.json"))
c["account_id"] = "111122223333"
exec(sys.argv[2])
json.dump(c, open(sys.argv[1], "w"), indent=1)
PY
}
newer() { # NAME DAY[THH]: newer evidence, collected over another window, rendered
  case_file "$1" "c['case_id'] = '$1'"
  rm -rf "$T/col-$1"
  case $2 in *T*) start="2026-01-$2:00:00Z" ;; *) start="2026-01-${2}T00:00:00Z" ;; esac
  "$qc" collect --quiet --now 2026-01-12T00:00:00Z --start "$start" --end 2026-01-12T00:00:00Z \
    --model $S --model $N --log-group /app/agent --case "$T/case-$1.json" --out "$T/col-$1" >/dev/null || bad "collect $1"
  render_as "$1" "$1" "col-$1"
}
render_as() { # NAME CASE [FROM]: a rendered copy of collected evidence with that case file
  rm -rf "$T/$1" "$T/$1".*; cp -a "$T/${3:-col}" "$T/$1"
  "$qc" render --quiet --case "$T/case-$2.json" --now 2026-01-12T00:00:00Z "$T/$1" >/dev/null || bad "render $1"
}

# --- the evidence: a live collection, rendered with a case for this account --------------
ctl __config '{"history": false}'
case_file base 'c["case_id"] = "sub"'
expect 0 "$qc" collect --quiet $W --model $S --model $N --log-group /app/agent --case "$T/case-base.json" --out "$T/col"
render_as ev0 base
is "$(jq_py "$T/ev0/model.json" "d['diagnosis']['checklist_open'], d['request']['requested'], d['request']['quota']['effective']")" \
   "0 50 4" "the case asks 50 over 4 with nothing open"

# --- --dry-run: every call in order, none made --------------------------------------------
fresh dry
expect 0 "$qc" submit --dry-run "$T/dry"
is "$(calls)" "0" "a dry run makes no call"
is "$(grep -o '^  [0-9]*\. [a-z-]* [A-Za-z]*' "$T/out" | sed 's/^ *//' | tr '\n' ' ')" \
   "1. sts GetCallerIdentity 2. service-quotas GetServiceQuota 3. service-quotas ListRequestedServiceQuotaChangeHistoryByQuota 4. service-quotas RequestServiceQuotaIncrease 5. service-quotas GetRequestedServiceQuotaChange 6. support DescribeCases 7. support AddAttachmentsToSet 8. support AddCommunicationToCase " \
   "the calls, in order"
contains "$T/out" '"QuotaCode": "L-2DC80978", "DesiredValue": 50, "SupportCaseAllowed": true'
contains "$T/out" "$(wc -c <"$T/ev0/support_case.html" | tr -d ' ') bytes, sha256 $(sha256sum "$T/ev0/support_case.html" | cut -c1-16)"
contains "$T/out" "characters of support_case.txt, shown below"
contains "$T/out" "  | $(head -1 "$T/ev0/support_case.txt")"
lacks "$T/out" "$AWS_SECRET_ACCESS_KEY"
[ ! -e "$T/dry/submission.json" ] && [ ! -e "$T/dry.tar.gz" ] && ok || bad "a dry run wrote something"
# Offline too: the shipped example, with no credentials at all.
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_ENDPOINT_URL "$qc" submit --dry-run evidence/example >"$T/out" 2>"$T/err" && ok || bad "dry run of the example: $(cat "$T/err")"
contains "$T/out" "8. support AddCommunicationToCase"

# --- an adjustable quota: request, case, attachments, communication ------------------------
fresh adj
expect 0 "$qc" submit "$T/adj"
contains "$T/out" "done: the evidence is on support case 178867579400000"
is "$(support "[json.loads(r['received']) for r in d['requests']]")" \
   "[{'ServiceCode': 'bedrock', 'QuotaCode': 'L-2DC80978', 'DesiredValue': 50, 'SupportCaseAllowed': True}]" \
   "RequestServiceQuotaIncrease as sent"
# What reached the case is the evidence, byte for byte.
want="[('support_case.html', $(wc -c <"$T/adj/support_case.html"), '$(sha256sum "$T/adj/support_case.html" | cut -d' ' -f1)'), ('evidence.xlsx', $(wc -c <"$T/adj/evidence.xlsx"), '$(sha256sum "$T/adj/evidence.xlsx" | cut -d' ' -f1)'), ('adj.tar.gz', $(wc -c <"$T/adj.tar.gz"), '$(sha256sum "$T/adj.tar.gz" | cut -d' ' -f1)')]"
is "$(support "[(a['fileName'], a['bytes'], a['sha256']) for m in d['cases'][0]['communications'] for a in m.get('attachments', [])]")" \
   "$want" "the three attachments arrived whole"
support "[m['body'] for m in d['cases'][0]['communications'] if m['submittedBy'].endswith('user/tester')][0]" >"$T/body"
{ cat "$T/adj/support_case.txt"; echo; } >"$T/want_body"
is "$(cmp -s "$T/body" "$T/want_body" && echo same)" "same" "the communication is support_case.txt (modulo the final newline)"
is "$(rec adj "d['state'], d['request']['status'], d['case']['display_id'], d['case']['case_id'].startswith('case-111122223333-'), d['case']['communication']['sha256'] == '$(sha256sum "$T/adj/support_case.txt" | cut -d' ' -f1)'")" \
   "done CASE_OPENED 178867579400000 True True" "the record"
is "$(rec adj "[c['operation'] for c in d['calls']]")" \
   "['GetServiceQuota', 'ListRequestedServiceQuotaChangeHistoryByQuota', 'RequestServiceQuotaIncrease', 'GetRequestedServiceQuotaChange', 'GetRequestedServiceQuotaChange', 'DescribeCases', 'AddAttachmentsToSet', 'AddCommunicationToCase']" \
   "each call on record"
is "$(jq_py "$T/adj/manifest.json" "[(f['stage'], f['sha256']) for f in d['files'] if f['name'] == 'submission.json'][0][0]")" "submitted" "the manifest lists the record"
expect 0 "$qc" verify "$T/adj"
# A second submit refuses and shows the record; nothing is filed.
n=$(calls)
expect 6 "$qc" submit "$T/adj"
contains "$T/out" "Service Quotas request $(rec adj "d['request']['id']"), status CASE_OPENED"
contains "$T/err" "submitted already"
is "$(calls)" "$n" "a second submit makes no call"

# --- status: each outcome with its exit code --------------------------------------------------
expect 20 "$qc" status "$T/adj"
contains "$T/out" "request $(rec adj "d['request']['id']"): CASE_OPENED"
contains "$T/out" "L-2DC80978: 4 in force now, 50 asked for"
contains "$T/out" "support case 178867579400000"
expect 20 "$qc" status --json "$T/adj"
is "$(jq_py "$T/out" "d['outcome'], d['request']['status'], d['case']['status'], len(d['communications']), d['quotas'][0]['value_now']")" \
   "open CASE_OPENED opened 2 4" "status --json"
is "$(rec adj "d['last_status']['outcome']")" "open" "status is recorded"
expect 0 "$qc" verify "$T/adj"
for st in DENIED:21 CASE_CLOSED:21 NOT_APPROVED:21 INVALID_REQUEST:22 APPROVED:0; do
  fresh "st" ""
  expect 0 "$qc" submit "$T/st"
  ctl __advance "{\"status\": \"${st%:*}\", \"case_status\": \"resolved\"}"
  expect "${st#*:}" "$qc" status --json "$T/st"
  is "$(jq_py "$T/out" "d['request']['status']")" "${st%:*}" "status ${st%:*}"
done
is "$(jq_py "$T/out" "d['outcome'], d['quotas'][0]['value_now']")" "approved 50" "approved: the value applied"
# PENDING (no case yet) is open too; --watch polls until the request is final.
fresh watch '"case_after": -1'
expect 11 "$qc" submit --wait 0.01 "$T/watch"
contains "$T/out" "has not opened a case for request"
contains "$T/out" "submit --resume"
is "$(rec watch "d['state'], d['request']['status']")" "awaiting-case PENDING" "filed, waiting for the case"
expect 20 "$qc" status "$T/watch"
ctl __config '{"advance_after": {"reads": 4, "status": "APPROVED"}}'
expect 0 "$qc" status --watch --interval 1 "$T/watch"
is "$(grep -c '^.*watch: ' "$T/out")" "2" "watch prints each change (open, then approved)"
contains "$T/out" "watch: approved"

# --- resume: the request filed, the case not open yet, then open ---------------------------
fresh res '"case_after": -1'
expect 11 "$qc" submit --wait 0.01 "$T/res"
contains "$T/err" "waiting for Service Quotas to open the case of request"
ctl __config '{"case_after": 1}'
expect 20 "$qc" status "$T/res"
contains "$T/out" "the evidence is not on support case 178867579400000 yet"
expect 20 "$qc" status "$T/res"
contains "$T/out" "the evidence is not on support case 178867579400000 yet"
AWS_REGION=eu-west-1 "$qc" status "$T/res" >"$T/out" 2>"$T/err"; is "$?" "2" "status in another region"
contains "$T/err" "pass --region us-east-1"
expect 0 "$qc" submit --resume "$T/res"
is "$(served RequestServiceQuotaIncrease)" "1" "resume never files twice"
is "$(support "len(d['cases'][0]['communications'])")" "2" "the evidence reached the case"
expect 6 "$qc" submit --resume "$T/res"
expect 3 "$qc" submit --resume "$T/ev0"
contains "$T/err" "no submission to resume"

# A stop after the request and before the attachments: AWS failing, then back.
fresh stop
ctl __fault '{"action": "AddAttachmentsToSet", "kind": "500", "count": 3}'
expect 8 "$qc" submit "$T/stop"
contains "$T/err" "AddAttachmentsToSet: InternalFailure"
is "$(rec stop "d['state'], 'attachment_set' in d['case'], d['request']['status']")" "case-opened False CASE_OPENED" "stopped before the attachments"
expect 0 "$qc" verify "$T/stop"
expect 0 "$qc" submit --resume "$T/stop"
is "$(served RequestServiceQuotaIncrease) $(support "len(d['requests']), len(d['cases'])")" "1 1 1" "one request, one case"

# Filed, but answered with a 500: not retried (a 5xx does not say nothing was
# filed); resume finds the request.
fresh lost
ctl __fault '{"action": "RequestServiceQuotaIncrease", "kind": "served500", "count": 1}'
expect 8 "$qc" submit "$T/lost"
is "$(rec lost "d['pending']['operation'], d['state']")" "RequestServiceQuotaIncrease requesting" "a 5xx leaves the call pending"
expect 0 "$qc" submit --resume "$T/lost"
is "$(served RequestServiceQuotaIncrease) $(support "len(d['requests'])")" "1 1" "one request"
fresh lostcs
ctl __fault '{"action": "AddCommunicationToCase", "kind": "served500", "count": 1}'
expect 8 "$qc" submit "$T/lostcs"
expect 0 "$qc" submit --resume "$T/lostcs"
is "$(served AddCommunicationToCase) $(support "len(d['cases'][0]['communications'])")" "1 2" "a 5xx after posting: posted once"
# Approved at once and the answer lost: resume finds it though it is not open.
fresh lostap '"auto_approve": true'
ctl __fault '{"action": "RequestServiceQuotaIncrease", "kind": "lost", "count": 1}'
expect 8 "$qc" submit "$T/lostap"
expect 0 "$qc" submit --resume "$T/lostap"
contains "$T/out" "(APPROVED), filed before the last run stopped"
is "$(served RequestServiceQuotaIncrease) $(rec lostap "d['state']")" "1 approved" "an approved request is found too"
# An answer lost on the way back: no retry (it may have been filed); resume looks first.
fresh lost1
ctl __fault '{"action": "RequestServiceQuotaIncrease", "kind": "lost", "count": 1}'
 "$qc" submit "$T/lost1" >"$T/out" 2>"$T/err"; is "$?" "8" "no answer: exit 8"
is "$(rec lost1 "d['pending']['operation'], d['state']")" "RequestServiceQuotaIncrease requesting" "the call under way is on record"
expect 0 "$qc" submit --resume "$T/lost1"
contains "$T/out" "filed before the last run stopped"
is "$(served RequestServiceQuotaIncrease) $(support "len(d['requests'])")" "1 1" "resume found it: one request"
# The communication's answer lost: resume finds it on the case and sends nothing more.
fresh lostc
ctl __fault '{"action": "AddCommunicationToCase", "kind": "lost", "count": 1}'
"$qc" submit "$T/lostc" >"$T/out" 2>"$T/err"; is "$?" "8" "communication lost: exit 8"
expect 0 "$qc" submit --resume "$T/lostc"
contains "$T/out" "it was sent before the last run stopped"
is "$(served AddCommunicationToCase) $(support "len(d['cases'][0]['communications'])")" "1 2" "one communication"

# --- interruptions: Ctrl-C while waiting for the case; a kill at every rename -------------
fresh intr '"case_after": -1'
env LD_PRELOAD="$faultfs" QC_SIGNAL=INT QC_SIGNAL_RECV=12 ASAN_OPTIONS=verify_asan_link_order=0 \
  "$qc" submit --wait 600 "$T/intr" >"$T/out" 2>"$T/err"
is "$?" "130" "Ctrl-C while waiting for the case"
expect 0 "$qc" verify --quiet "$T/intr"
ctl __config '{"case_after": 1}'
expect 0 "$qc" submit --resume "$T/intr"
is "$(support "len(d['requests']), len(d['cases'][0]['communications'])")" "1 2" "interrupted, resumed: one request, one communication"
# Killed (SIGKILL: no cleanup) at the Nth rename of a submit, for every N: the
# directory still verifies, and finishing it files one request and sends one
# communication with the evidence.
n=1 killed=0
while [ $n -le 80 ]; do
  fresh kill
  env LD_PRELOAD="$faultfs" QC_FAULT_RENAME=$n QC_FAULT_KILL=1 \
    ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 "$qc" submit "$T/kill" >"$T/out" 2>"$T/err"
  [ $? -eq 0 ] && break
  killed=$((killed + 1))
  "$qc" verify --quiet "$T/kill" >"$T/vout" 2>&1 || { bad "killed at rename $n: does not verify"; cat "$T/vout"; }
  if [ -e "$T/kill/submission.json" ]; then again=--resume; else again=; fi
  "$qc" submit $again "$T/kill" >"$T/out" 2>"$T/err" || { bad "killed at rename $n: finishing failed"; cat "$T/err"; }
  got=$(support "len(d['requests']), [len(m['attachments']) for c in d['cases'] for m in c['communications'] if m['submittedBy'].endswith('user/tester')]")
  is "$got" "1 [3]" "killed at rename $n, then finished"
  n=$((n + 1))
done
[ $killed -ge 20 ] && ok || bad "only $killed kills: the renames were not reached"

# One run at a time on a directory; resuming checks the account and region again;
# options that make no sense together.
/usr/bin/python3 - "$T/adj.lock" "$qc" status "$T/adj" >"$T/out" 2>"$T/err" <<'PY'
import fcntl, subprocess, sys
with open(sys.argv[1], "w") as f:
    fcntl.flock(f, fcntl.LOCK_EX)
    sys.exit(subprocess.call(sys.argv[2:]))
PY
is "$?" "3" "a locked directory"
contains "$T/err" "another quotacase submit, status or follow-up is working on it"
fresh reg '"case_after": -1'
expect 11 "$qc" submit --wait 0.01 "$T/reg"
AWS_REGION=eu-west-1 "$qc" submit --resume "$T/reg" >"$T/out" 2>"$T/err"; is "$?" "13" "resume in another region refused"
contains "$T/out" "the region configured is eu-west-1"
expect 2 "$qc" submit --dry-run --resume "$T/reg"
cp -a evidence/example "$T/example2"
expect 13 "$qc" submit --redact --dry-run "$T/example2"   # --dry-run is the word to redact here
expect 3 "$qc" follow-up "$T/reg" --evidence "$T/ev0"
contains "$T/err" "no support case on record with the evidence on it"

# --- refusals: nothing is sent -------------------------------------------------------------
# A request for the quota already open (in the evidence).
reset_srv
case_file open 'c["case_id"] = "open"'
expect 0 "$qc" collect --quiet $W --model $S --log-group /app/agent --case "$T/case-open.json" --out "$T/colopen"
render_as open open colopen
n=$(calls)
expect 13 "$qc" submit "$T/open"
contains "$T/out" "request 5e0c8a1f9b2d4c7e8a6f3b1d2c4e6a8b0d1f3a5c is still open (PENDING)"
contains "$T/out" "submit --to-open-request"
is "$(calls)" "$n" "refused from the evidence: no call"
[ ! -e "$T/open.tar.gz" ] && ok || bad "a refused submit wrote the bundle"
# ...or put on that request's case.
case_file open60 'c["case_id"] = "open60"; c["requested_limit"] = 60'
render_as open60 open60 colopen
expect 13 "$qc" submit --to-open-request --allow-open "$T/open60"
contains "$T/out" "request 5e0c8a1f9b2d4c7e8a6f3b1d2c4e6a8b0d1f3a5c asks for 50, the case for 60"
expect 0 "$qc" submit --to-open-request "$T/open"
is "$(served RequestServiceQuotaIncrease) $(rec open "d['request']['id'], d['request']['adopted'], d['state']")" \
   "0 5e0c8a1f9b2d4c7e8a6f3b1d2c4e6a8b0d1f3a5c True done" "the evidence went on the open request's case"
is "$(support "len(d['requests']), [len(m['attachments']) for c in d['cases'] for m in c['communications']]")" "1 [0, 3]" "one request, the evidence on its case"
# ...and one open now, though not in the evidence.
fresh first '"case_after": -1'
expect 11 "$qc" submit --wait 0.01 "$T/first"
rm -rf "$T/second"; cp -a "$T/ev0" "$T/second"
expect 13 "$qc" submit "$T/second"
contains "$T/out" "request $(rec first "d['request']['id']") is already open (PENDING)"
is "$(served RequestServiceQuotaIncrease)" "1" "refused live: no second request"
[ ! -e "$T/second/submission.json" ] && ok || bad "a refusal wrote a record"
# Not above the value in force now (approved since the evidence).
fresh above
ctl __config '{"auto_approve": true}'
expect 0 "$qc" submit "$T/above"
contains "$T/out" "approved at once"
rm -rf "$T/above2"; cp -a "$T/ev0" "$T/above2"
expect 13 "$qc" submit "$T/above2"
contains "$T/out" "the value asked for (50) is not above the value in force now (50)"
# Another account's evidence, another region.
fresh acct
cp -a evidence/example "$T/example"
expect 13 "$qc" submit "$T/example"
contains "$T/out" "the credentials are for account 111122223333, the evidence for 123456789012"
AWS_REGION=eu-west-1 "$qc" submit "$T/acct" >"$T/out" 2>"$T/err"; is "$?" "13" "another region refused"
contains "$T/out" "pass --region us-east-1"
# The checklist: open items refuse unless --allow-open.
case_file gap 'c["case_id"] = "gap"; del c["use_case"]; del c["business_impact"]'
render_as gap gap
expect 13 "$qc" submit "$T/gap"
contains "$T/out" "the checklist has 1 open item (--allow-open sends anyway)"
contains "$T/out" "justification:"
reset_srv; ctl __config '{"history": false}'
expect 0 "$qc" submit --allow-open "$T/gap"
# The directory changed since it was rendered; something secret in it.
fresh chg
echo "edited" >>"$T/chg/support_case.txt"
expect 5 "$qc" submit "$T/chg"
contains "$T/err" "does not match its manifest"
contains "$T/err" "collected files are not edited"
[ ! -e "$T/chg.tar.gz" ] && ok || bad "a refused submit wrote the bundle"
fresh leak
printf 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYqcLEAKED01\n' >>"$T/leak/throttling_errors.txt"
/usr/bin/python3 - "$T/leak" <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
for f in m["files"]:
    if f["name"] == "throttling_errors.txt":
        b = open(os.path.join(d, f["name"]), "rb").read()
        f["bytes"], f["sha256"] = len(b), hashlib.sha256(b).hexdigest()
json.dump(m, open(os.path.join(d, "manifest.json"), "w"), indent=2)
PY
expect 10 "$qc" submit "$T/leak"
is "$(calls)" "0" "the leak gate refuses before any call"

# --- errors: each its own message ------------------------------------------------------------
fresh err1
ctl __fault '{"action": "RequestServiceQuotaIncrease", "kind": "denied", "count": 1}'
expect 8 "$qc" submit "$T/err1"
contains "$T/err" "grant the IAM action servicequotas:RequestServiceQuotaIncrease"
is "$(rec err1 "d['state'], d['calls'][-1]['outcome']")" "failed AccessDeniedException" "the failure on record"
expect 3 "$qc" status "$T/err1"
contains "$T/err" "nothing was filed yet (state failed)"
expect 0 "$qc" submit --resume "$T/err1"   # nothing was filed: it starts over
is "$(served RequestServiceQuotaIncrease) $(rec err1 "d['state'], len([c for c in d['calls'] if c['operation'] == 'RequestServiceQuotaIncrease'])")" "2 done 2" "started over, both calls on record"
for e in IllegalArgumentException:"not adjustable, or the value asked for is not above" \
         QuotaExceededException:"as many quota increase requests open" \
         ResourceAlreadyExistsException:"already open"; do
  fresh err2
  ctl __fault "{\"action\": \"RequestServiceQuotaIncrease\", \"kind\": \"code:${e%%:*}\", \"count\": 1}"
  expect 8 "$qc" submit "$T/err2"
  contains "$T/err" "RequestServiceQuotaIncrease: ${e%%:*}: injected"
  contains "$T/err" "${e#*:}"
done
fresh thr
ctl __fault '{"action": "RequestServiceQuotaIncrease", "kind": "toomany", "count": 2}'
expect 0 "$qc" submit "$T/thr"
is "$(served RequestServiceQuotaIncrease) $(support "len(d['requests'])")" "3 1" "TooManyRequestsException retried"
fresh thr2
ctl __fault '{"action": "GetRequestedServiceQuotaChange", "kind": "toomany", "count": 9}'
expect 8 "$qc" submit "$T/thr2"
contains "$T/err" "still throttled after every retry"
fresh thr3
ctl __fault '{"action": "AddCommunicationToCase", "kind": "throttle", "count": 2}'
expect 0 "$qc" submit "$T/thr3"
is "$(served AddCommunicationToCase) $(support "len(d['cases'][0]['communications'])")" "3 2" "ThrottlingException from Support retried (an answer: nothing was posted)"
fresh deny2
ctl __fault '{"action": "AddAttachmentsToSet", "kind": "denied", "count": 1}'
expect 8 "$qc" submit "$T/deny2"
contains "$T/err" "grant the IAM action support:AddAttachmentsToSet"
# An error that quotes the request back (its Authorization, the session token):
# redacted in what is printed and in the record.
fresh echo
ctl __fault '{"action": "RequestServiceQuotaIncrease", "kind": "echo", "count": 1}'
AWS_ACCESS_KEY_ID=ASIAQUOTACASETEST003 AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYqcTEST0003 \
  AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEHQaCXVzLWVhc3QtMSJHMEUCIQD$(printf 'quotacaseTEST%.0s' 1 2 3 4 5 6 7 8 9 10 11 12) \
  "$qc" submit "$T/echo" >"$T/out" 2>"$T/err"; is "$?" "8" "an echoed error fails the call"
contains "$T/err" "ValidationException"
for f in "$T/out" "$T/err" "$T/echo/submission.json"; do
  lacks "$f" "ASIAQUOTACASETEST003"
  lacks "$f" "quotacaseTESTquotacaseTEST"
  lacks "$f" "Signature=[0-9a-f]"
done
# The 3-file and 5 MB limits of an attachment set.
fresh big '"max_attachment_bytes": 100000'
expect 8 "$qc" submit "$T/big"
contains "$T/err" "AttachmentSetSizeLimitExceeded"
contains "$T/err" "at most 3 files of at most 5 MB each"
ctl __config '{"max_attachment_bytes": 5000000}'
expect 0 "$qc" submit --resume "$T/big"
fresh sets '"max_sets": 0'
expect 8 "$qc" submit "$T/sets"
contains "$T/err" "too many attachment sets were made in a short time"
fresh exp '"set_ttl": 0'
expect 8 "$qc" submit "$T/exp"
contains "$T/err" "AttachmentSetExpired"
is "$(served AddAttachmentsToSet)" "2" "an expired set is made once more"
ctl __config '{"set_ttl": 3600}'
expect 0 "$qc" submit --resume "$T/exp"

# --- no support plan: the request is filed, the rest by hand --------------------------------
fresh plan '"support_plan": false'
expect 12 "$qc" submit "$T/plan"
contains "$T/out" "needs a Business, Enterprise On-Ramp or Enterprise support plan"
contains "$T/out" "The Service Quotas request $(rec plan "d['request']['id']") is filed; its support case is 178867579400000"
contains "$T/out" "https://console.aws.amazon.com/support/home#/case/?displayId=178867579400000"
contains "$T/out" "$T/plan/support_case.html ("
contains "$T/out" "$T/plan/evidence.xlsx ("
contains "$T/out" "$T/plan.tar.gz ("
is "$(rec plan "d['state'], d['manual']['reason'], len(d['manual']['files'])")" "no-support-plan SubscriptionRequiredException 3" "manual steps on record"
expect 20 "$qc" status "$T/plan"
contains "$T/out" "needs a support plan to be read"

# --- a quota Service Quotas cannot raise, and several quotas: one Support case --------------
case_file tpd 'c["case_id"] = "tpd"; c["quota_code"] = "L-8A5D3B1E"; c["requested_limit"] = 300000000'
render_as tpd tpd
reset_srv; ctl __config '{"history": false}'
expect 0 "$qc" submit --allow-open "$T/tpd"
is "$(support "[(c['serviceCode'], c['categoryCode'], c['severityCode'], c['subject'], len(c['communications'][0]['attachments'])) for c in d['cases']]")" \
   "[('service-limit-increase', 'bedrock', 'high', '$(jq_py "$T/tpd/model.json" "d['case']['subject']")', 3)]" "CreateCase with codes from DescribeServices"
is "$(served RequestServiceQuotaIncrease)" "0" "no Service Quotas request for a quota it cannot raise"
is "$(rec tpd "d['route'], d['state'], d['case']['display_id'] is not None")" "support_case done True" "case route on record"
expect 6 "$qc" submit --allow-open "$T/tpd"
rm -rf "$T/tpd2"; cp -a "$T/tpd" "$T/tpd2"; rm -f "$T/tpd2/submission.json"
/usr/bin/python3 - "$T/tpd2" <<'PY'
import json, os, sys
d = sys.argv[1]; p = os.path.join(d, "manifest.json")
m = json.load(open(p)); m["files"] = [f for f in m["files"] if f["name"] != "submission.json"]
json.dump(m, open(p, "w"), indent=2)
PY
ctl __config '{"set_ttl": 0}'
expect 8 "$qc" submit --allow-open "$T/tpd2"
contains "$T/err" "CreateCase: AttachmentSetExpired"
is "$(served AddAttachmentsToSet)" "3" "CreateCase: an expired set is made once more"
ctl __config '{"set_ttl": 3600}'
expect 0 "$qc" submit --resume "$T/tpd2"
is "$(served CreateCase) $(support "len(d['cases'])")" "4 2" "refused twice, then one more case (two submissions in all)"
expect 20 "$qc" status --json "$T/tpd"
is "$(jq_py "$T/out" "d['outcome'], d['case']['status'], 'request' in d")" "open opened False" "a Support case: its status is the outcome"
ctl __advance '{"case_status": "resolved"}'
expect 21 "$qc" status "$T/tpd"
case_file two 'c["case_id"] = "two"; c["additional_quotas"] = [{"quota_code": "L-6E888CC2", "requested_limit": 400000}]'
render_as two two
reset_srv; ctl __config '{"history": false, "severities": ["low", "normal"]}'
expect 0 "$qc" submit --allow-open "$T/two"
contains "$T/out" "severity high is not offered on this support plan: normal instead"
is "$(support "[c['severityCode'] for c in d['cases']], len(d['requests'])")" "['normal'] 0" "several quotas: one case"
ctl __config '{"support_plan": false}'
rm -rf "$T/two2"; cp -a "$T/two" "$T/two2"; rm -f "$T/two2/submission.json"
/usr/bin/python3 - "$T/two2" <<'PY'
import json, os, sys
d = sys.argv[1]; p = os.path.join(d, "manifest.json")
m = json.load(open(p)); m["files"] = [f for f in m["files"] if f["name"] != "submission.json"]
json.dump(m, open(p, "w"), indent=2)
PY
expect 12 "$qc" submit --allow-open "$T/two2"
contains "$T/out" "case/create"

# --- follow-up: newer evidence onto the open case --------------------------------------------
fresh fu
expect 0 "$qc" submit "$T/fu"
newer newer 06
n=$(calls)
expect 0 "$qc" follow-up --dry-run "$T/fu" --evidence "$T/newer"
is "$(calls)" "$n" "follow-up --dry-run makes no call"
expect 0 "$qc" follow-up "$T/fu" --evidence "$T/newer"
is "$(support "[len(m.get('attachments', [])) for m in d['cases'][0]['communications']]")" "[0, 3, 3]" "a second communication with its attachments"
support "d['cases'][0]['communications'][-1]['body'][:40]" >"$T/got"
is "$(cat "$T/got")" "Newer evidence for this request (newer):" "the follow-up says what it is"
is "$(rec fu "len(d['follow_ups']), d['follow_ups'][0]['communication']['sent']")" "1 True" "follow-up on record"
expect 6 "$qc" follow-up "$T/fu" --evidence "$T/newer"
contains "$T/out" "went to case"
expect 6 "$qc" follow-up "$T/fu" --evidence "$T/fu"
contains "$T/err" "with the submission already"
printf 'The engineer asked for the last two weeks: attached.\n' >"$T/msg"
newer newer2 07
expect 0 "$qc" follow-up "$T/fu" --evidence "$T/newer2" --message "$T/msg"
is "$(support "d['cases'][0]['communications'][-1]['body']")" "The engineer asked for the last two weeks: attached." "--message"
ctl __config '{"support_plan": false}'
newer newer4 08
expect 12 "$qc" follow-up "$T/fu" --evidence "$T/newer4"
contains "$T/out" "$T/newer4/support_case.html ("
ctl __config '{"support_plan": true}'
# A --message goes through the redactor, then the leak gate: a secret it knows is
# replaced before sending; a random-looking token it cannot place is refused.
printf 'From maria.silva@example.com: the key aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYqcLEAKED02\n' >"$T/leakmsg"
ctl __config '{"support_plan": true}'
newer newer5 09
expect 0 "$qc" follow-up "$T/fu" --evidence "$T/newer5" --message "$T/leakmsg"
contains "$T/err" "2 values redacted before sending"
support "d['cases'][0]['communications'][-1]['body']" >"$T/got"
lacks "$T/got" "LEAKED02"
lacks "$T/got" "maria.silva"
contains "$T/got" "\[email-"
printf 'token Zx8Qp2LmN4vR7tY1kB6wH3sJ9dF5gA0cUe\n' >"$T/tokmsg"
newer newer6 10
n=$(calls)
expect 10 "$qc" follow-up "$T/fu" --evidence "$T/newer6" --message "$T/tokmsg"
contains "$T/out" "tokmsg:1:"
lacks "$T/out" "Zx8Qp2Lm"
is "$(calls)" "$n" "a message the gate refuses is not sent"
expect 3 "$qc" follow-up "$T/ev0" --evidence "$T/newer"
contains "$T/err" "no support case on record"
# A resolved case: a communication would reopen it, so only with --reopen.
ctl __advance '{"case_status": "resolved"}'
newer newer7 10T12
expect 13 "$qc" follow-up "$T/fu" --evidence "$T/newer7"
contains "$T/err" "is resolved: a communication would reopen it"
expect 0 "$qc" follow-up --reopen "$T/fu" --evidence "$T/newer7"
is "$(support "d['cases'][0]['status']")" "reopened" "--reopen"
/usr/bin/python3 - "$T/fu" <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]
r = json.load(open(os.path.join(d, "submission.json")))
r["case"]["case_id"] = "case-111122223333-2026-0000000000000000"
json.dump(r, open(os.path.join(d, "submission.json"), "w"), indent=2)
PY
newer newer3 11
expect 8 "$qc" follow-up "$T/fu" --evidence "$T/newer3"
contains "$T/err" "CaseIdNotFound"
contains "$T/err" "AWS Support has no such case in this account"

# --- iam-policy --submit names every action these runs needed, and each is needed
# (ListMetrics is collect's --model all, checked by the live test) ------------------------------
get __log >>"$T/served.jsonl"
expect 0 "$qc" iam-policy --submit
/usr/bin/python3 - "$T/served.jsonl" "$T/out" <<'PY' && ok || bad "iam-policy lacks actions the runs needed"
import json, sys
served = set()
for line in open(sys.argv[1]):
    if line.strip():
        served |= set(json.loads(line))
actions = {a for s in json.load(open(sys.argv[2]))["Statement"] for a in s["Action"]}
missing = sorted(op for op in served - {"GetCallerIdentity"} if not any(a.endswith(":" + op) for a in actions))
unused = sorted(a for a in actions if a.split(":")[1] not in served | {"ListMetrics"})
print("missing:", missing, "never served:", unused)
sys.exit(1 if missing or unused else 0)
PY

finish submit
