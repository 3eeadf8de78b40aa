#!/bin/sh
# Command-line tests: collect into an evidence directory, verify it, break
# it, and check every exit code docs/exit-codes.md lists.  Run from the
# repository root with the path of the quotacase binary.
qc=$1 faultfs=${2:-}
. "$(dirname "$0")/lib.sh"
D=tests/data/logscan
I=tests/data/import

# --- a good collection ------------------------------------------------------
E=$T/ev/case-1
expect 0 "$qc" collect --quiet --out "$E" --region us-east-1 \
  --logs $D/boto3_traceback.log --logs $D/go_sdk.log --logs $D/secrets.log \
  --import $I/metric_data.json --import $I/list_service_quotas.json \
  --import $I/list_aws_default_service_quotas.json --import $I/change_history.json
is "$(cat "$T/out")" "$E" "collect prints the directory"
for f in manifest.json throttling_errors.txt throttling_events.json cloudwatch_invocations.json \
         cloudwatch_user_errors.json service_quotas_bedrock.json \
         cloudwatch_us-anthropic-claude-sonnet-4-5-20250929-v1-0_invocations.json \
         cloudwatch_anthropic-claude-3-5-haiku-20241022-v1-0_invocations.json; do
  if [ -f "$E/$f" ]; then ok; else bad "missing $f"; fi
done
is "$(ls -a "$T/ev" | grep -c tmp)" 0 "no staging directory left"
is "$(jq_py "$E/throttling_events.json" "d['count']")" 6 "events kept"
is "$(jq_py "$E/manifest.json" "d['case_id']")" case-1 "case id from --out"
is "$(jq_py "$E/manifest.json" "d['created']")" 2026-01-13T10:26:40Z "created from SOURCE_DATE_EPOCH"
is "$(jq_py "$E/manifest.json" "d['window']['start'] + ' ' + d['window']['end']")" \
   "2026-01-12T09:00:00Z 2026-01-12T10:11:00Z" "window from the data"
is "$(jq_py "$E/manifest.json" "d['redactions']['aws-key-id'], d['redactions']['email']")" \
   "1 1" "redaction counts"
is "$(jq_py "$E/manifest.json" "len(d['sources']), d['status']")" "7 ok" "sources recorded"
is "$(jq_py "$E/service_quotas_bedrock.json" "[(q['quota_code'], q['applied_value'], q['default_value'], q['below_default']) for q in d['quotas']]")" \
   "[('L-4B2A7F11', None, 144000000, None), ('L-59759B4A', 4, 200, True)]" "quotas merged"
# Every manifest checksum matches what sha256sum computes.
jq_py "$E/manifest.json" "'\n'.join(f['sha256'] + '  ' + f['name'] for f in d['files'])" >"$T/sums"
if (cd "$E" && sha256sum -c --quiet "$T/sums"); then ok; else bad "sha256sum disagrees"; fi
# Secrets never land on disk.
for s in AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI IQoJb3JpZ2luX2Vj FwoGZXIvYXdzEBYa \
         0123456789abcdef0123456789abcdef oncall-team@example.com fedcba9876543210fedcba; do
  lacks "$E" "$s"
done
contains "$E/throttling_errors.txt" "tests/data/logscan/boto3_traceback.log:11: botocore.errorfactory.ThrottlingException"
contains "$E/throttling_errors.txt" "\[aws-key-id-1\]"

# --- verify -------------------------------------------------------------------
expect 0 "$qc" verify "$E"
contains "$T/out" "ok: 7 files match"
cp -r "$E" "$T/flip"
/usr/bin/python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[100]^=1; open(p,'wb').write(b)" \
  "$T/flip/throttling_events.json"
expect 5 "$qc" verify "$T/flip"
contains "$T/out" "changed: throttling_events.json"
contains "$T/err" "1 changed, 0 missing, 0 extra"
lines "$T/err" 1
rm "$T/flip/cloudwatch_invocations.json"; echo x >"$T/flip/notes.txt"
expect 5 "$qc" verify "$T/flip"
contains "$T/out" "missing: cloudwatch_invocations.json"
contains "$T/out" "extra: notes.txt"
expect 3 "$qc" verify "$T/nowhere"
contains "$T/err" "nowhere: no such evidence directory or bundle"
# A directory that is not evidence is said to be so, before any scan for secrets.
mkdir -p "$T/notev" && echo "AKIAIOSFODNN7EXAMPLE" >"$T/notev/x.txt"
expect 3 "$qc" bundle "$T/notev"
contains "$T/err" "notev/manifest.json: cannot open"

# --- existing output, --force -------------------------------------------------
sum_before=$(sha256sum "$E/manifest.json")
expect 6 "$qc" collect --quiet --out "$E" --logs $D/go_sdk.log
contains "$T/err" "already exists; use --force"
is "$(sha256sum "$E/manifest.json")" "$sum_before" "existing directory untouched"
expect 0 "$qc" collect --quiet --force --out "$E" --logs $D/go_sdk.log
is "$(jq_py "$E/throttling_events.json" "d['count']")" 2 "--force replaced it"
expect 0 "$qc" verify "$E"

# --- bad input: one line, non-zero, nothing written ------------------------------
for f in bad_syntax.json bad_values_length.json not_an_export.json; do
  expect 3 "$qc" collect --quiet --out "$T/bad" --logs $D/go_sdk.log --import $I/$f
  lines "$T/err" 1
  contains "$T/err" "tests/data/import/$f"
  if [ -e "$T/bad" ]; then bad "output written for $f"; else ok; fi
done
contains "$T/err" "not an aws CLI export"
expect 3 "$qc" collect --quiet --out "$T/bad" --logs $D/no_such.log
contains "$T/err" "no_such.log: no such file or directory"
is "$(ls "$T" | grep -c bad)" 0 "no partial output"

# --- a source that fails part-way: evidence kept, exit 4 ---------------------------
expect 4 "$qc" collect --quiet --out "$T/partial" --logs $D/truncated.log.gz --logs $D/go_sdk.log
contains "$T/err" "truncated.log.gz:238: truncated gzip stream"
is "$(jq_py "$T/partial/manifest.json" "d['status'], d['sources'][0]['status'], d['sources'][1]['status']")" \
   "partial partial ok" "partial source recorded"
is "$(jq_py "$T/partial/throttling_events.json" "d['count']")" 240 "events before the cut kept"
expect 0 "$qc" verify "$T/partial"

# --- the window ---------------------------------------------------------------------
expect 0 "$qc" collect --quiet --out "$T/win" --start 2026-01-12T09:14:06Z --end 2026-01-12T09:20:03Z \
  --logs $D/boto3_traceback.log --logs $D/go_sdk.log --import $I/metric_data.json
is "$(jq_py "$T/win/throttling_events.json" "[e['time'] for e in d['events']]")" \
   "['2026-01-12T09:14:07.550Z', '2026-01-12T09:14:09.903Z', '2026-01-12T09:20:02Z']" "events in window"
is "$(jq_py "$T/win/manifest.json" "d['outside_window']['events'], d['window']['origin']")" \
   "2 --start/--end" "outside the window counted"
expect 0 "$qc" collect --quiet --out "$T/tz" --log-timezone +01:00 --logs $D/go_sdk.log
is "$(jq_py "$T/tz/throttling_events.json" "d['events'][0]['time']")" 2026-01-12T08:20:02Z "--log-timezone"
is "$(jq_py "$T/tz/manifest.json" "d['log_timezone']")" +01:00 "a fixed offset in the manifest"

# --- --log-timezone with a tzdata zone: the offset of each stamp's date ------------
unset TZDIR
# Europe/Berlin is +01:00 in winter, +02:00 in summer; 2026-03-29 02:00-02:59
# never happens (taken at +01:00, the offset before the gap) and 2026-10-25
# 02:00-02:59 happens twice (the first, +02:00, is taken).  A stamp with its
# own zone keeps it.
B=$T/berlin.log
for stamp in "2026/01/15 10:00:00" "2026/07/15 10:00:00" "2026/03/29 02:30:00" \
             "2026/10/25 02:30:00" "2026/10/25 03:30:00" "2026-07-15T10:00:00Z"; do
  echo "$stamp worker 1: invoke failed: operation error Bedrock Runtime: Converse, https response error StatusCode: 429, ThrottlingException: Too many requests, please wait before trying again."
done >"$B"
berlin_utc="['2026-01-15T09:00:00Z', '2026-03-29T01:30:00Z', '2026-07-15T08:00:00Z', '2026-07-15T10:00:00Z', '2026-10-25T00:30:00Z', '2026-10-25T02:30:00Z']"
expect 0 "$qc" collect --quiet --out "$T/berlin" --log-timezone Europe/Berlin --logs "$B"
is "$(jq_py "$T/berlin/throttling_events.json" "sorted(e['time'] for e in d['events'])")" \
   "$berlin_utc" "Europe/Berlin stamps in UTC"
is "$(jq_py "$T/berlin/manifest.json" "d['log_timezone']")" Europe/Berlin "the zone name in the manifest"
expect 0 "$qc" debug scan --log-timezone Europe/Berlin "$B"
is "$(jq_py "$T/out" "sorted(e['time'] for e in d['events'])")" "$berlin_utc" "debug scan --log-timezone"
# Brazil kept daylight time (-02:00) in the summer of 2018, not since (-03:00).
printf '%s\n' "2018/12/01 10:00:00 x: operation error Bedrock Runtime: Converse, StatusCode: 429, ThrottlingException: Too many requests" \
  "2026/12/01 10:00:00 x: operation error Bedrock Runtime: Converse, StatusCode: 429, ThrottlingException: Too many requests" >"$T/sp.log"
expect 0 "$qc" debug scan --log-timezone America/Sao_Paulo "$T/sp.log"
is "$(jq_py "$T/out" "[e['time'] for e in d['events']]")" "['2018-12-01T12:00:00Z', '2026-12-01T13:00:00Z']" "America/Sao_Paulo"
# TZDIR is where zones are looked up, as glibc does.
mkdir -p "$T/zi/Test" && cp /usr/share/zoneinfo/Asia/Kolkata "$T/zi/Test/Zone"
expect 0 env TZDIR="$T/zi" "$qc" debug scan --log-timezone Test/Zone "$B"
is "$(jq_py "$T/out" "sorted(e['time'] for e in d['events'])[0]")" 2026-01-15T04:30:00Z "TZDIR"
expect 2 "$qc" collect --quiet --out "$T/mars" --log-timezone Mars/Olympus --logs "$B"
is "$(cat "$T/err")" "quotacase: error: collect: --log-timezone: 'Mars/Olympus' is not UTC, an offset like +05:30, or a zone name from tzdata (looked in /usr/share/zoneinfo)" "not a zone"
if [ -e "$T/mars" ]; then bad "output written for a bad zone"; else ok; fi
for z in ../zoneinfo/Europe/Berlin /usr/share/zoneinfo/Europe/Berlin Europe zone.tab; do
  expect 2 "$qc" collect --quiet --out "$T/mars" --log-timezone "$z" --logs "$B"
  lines "$T/err" 1
  contains "$T/err" "collect: --log-timezone: '$z' is not UTC"
done
expect 2 env TZDIR="$T/zi" "$qc" debug scan --log-timezone Europe/Berlin "$B"
contains "$T/err" "debug scan: --log-timezone: 'Europe/Berlin' is not UTC, an offset like +05:30, or a zone name from tzdata (looked in $T/zi)"
# A file in the zone directory that is a broken zone is bad input, said so.
head -c 60 /usr/share/zoneinfo/Europe/Berlin >"$T/zi/Test/Cut"
expect 3 env TZDIR="$T/zi" "$qc" debug scan --log-timezone Test/Cut "$B"
contains "$T/err" "zi/Test/Cut: not a valid TZif file: counts do not fit the file"

# --- --start alone: the window runs to the run's clock (--now) ------------------------
expect 0 "$qc" collect --quiet --out "$T/since" --now 2026-01-12T09:20:00Z --start 2026-01-12T09:14:06Z \
  --logs $D/boto3_traceback.log --logs $D/go_sdk.log
is "$(jq_py "$T/since/throttling_events.json" "[e['time'] for e in d['events']]")" \
   "['2026-01-12T09:14:07.550Z', '2026-01-12T09:14:09.903Z']" "events from --start to now"
is "$(jq_py "$T/since/manifest.json" "d['window']['start'], d['window']['end'], d['window']['origin'], d['outside_window']['events']")" \
   "2026-01-12T09:14:06Z 2026-01-12T09:20:00Z --start 3" "window from --start to now"
expect 2 "$qc" collect --quiet --out "$T/since2" --now 2026-01-12T09:20:00Z --start 2026-01-12T09:20:01Z --logs $D/go_sdk.log
is "$(cat "$T/err")" "quotacase: error: collect: --start: '2026-01-12T09:20:01Z' is not before now (2026-01-12T09:20:00Z); give --end too for a window that ends later" "--start after now"
expect 2 "$qc" collect --quiet --out "$T/since2" --now 2026-01-12T09:20:00Z --start 2026-01-12T09:20:00Z --logs $D/go_sdk.log
contains "$T/err" "is not before now"
# Without --now, SOURCE_DATE_EPOCH (2026-01-13T10:26:40Z) is the clock.
expect 0 "$qc" collect --quiet --out "$T/since3" --start 2026-01-12 --logs $D/go_sdk.log
is "$(jq_py "$T/since3/manifest.json" "d['window']['start'], d['window']['end']")" \
   "2026-01-12T00:00:00Z 2026-01-13T10:26:40Z" "--start to SOURCE_DATE_EPOCH"
expect 2 "$qc" collect --quiet --out "$T/since2" --end 2026-01-12T09:20:00Z --logs $D/go_sdk.log
is "$(cat "$T/err")" "quotacase: error: collect: --end needs --start (or give --days N, or --start alone for a window up to now)" "--end alone"
if [ -e "$T/since2" ]; then bad "output written for a bad window"; else ok; fi

# --- usage and I/O errors --------------------------------------------------------------
expect 2 "$qc" collect --bogus
contains "$T/err" "unknown option '--bogus'"
expect 2 "$qc" collect --out "$T/u"
contains "$T/err" "nothing to collect"
expect 2 "$qc" collect --days 3 --start 2026-01-01 --end 2026-01-02 --logs $D/go_sdk.log
expect 2 "$qc" nosuchcommand
expect 7 "$qc" collect --quiet --out /proc/quotacase-cannot-write --logs $D/go_sdk.log
expect 0 "$qc" collect --help
contains "$T/out" "--log-timezone TZ"

# --- a write that fails part-way (full disk) leaves nothing behind --------------------
if [ -n "$faultfs" ]; then
  for n in 1 2 3 5; do
    mkdir -p "$T/full$n"
    expect 7 env LD_PRELOAD="$faultfs" QC_FAULT_WRITE=$n ASAN_OPTIONS=verify_asan_link_order=0 \
      "$qc" collect --quiet --out "$T/full$n/ev" --logs $D/go_sdk.log --import $I/metric_data.json
    contains "$T/err" "cannot write: No space left on device"
    is "$(ls -A "$T/full$n")" "" "nothing left after failed write $n"
  done
fi

# --- file modes: evidence holds account data, for its owner only ------------
for m in 022 077 000; do
  M=$T/modes$m
  (umask $m && "$qc" collect --quiet --out "$M/ev" --region us-east-1 --logs $D/go_sdk.log \
     --import $I/list_service_quotas.json >/dev/null 2>&1 &&
   "$qc" render --quiet --evidence "$M/ev" >/dev/null 2>&1 && "$qc" bundle "$M/ev" >/dev/null 2>&1)
  is "$(stat -c %a "$M/ev")" 700 "umask $m: evidence directory 0700"
  is "$(find "$M/ev" -type f ! -perm 600 | wc -l)" 0 "umask $m: every evidence and output file 0600"
  is "$(stat -c %a "$M/ev.tar.gz")" 600 "umask $m: bundle 0600"
done

# --- records longer than the window: the event is kept, the secret in it redacted ---
# A JSON line of 6 MiB (more than the scanner's 4.25 MiB window) with a key
# id, an e-mail address and the throttling error at its very end, and a
# traceback of 40 KiB with a key id across the 16 KiB mark.
/usr/bin/python3 - "$T/long.log" <<'PY'
import sys
k = "AKIA" + "LONGRECORDTEST01"
with open(sys.argv[1], "w") as f:
    f.write("2026-03-02T10:00:00Z INFO start\n")
    f.write('{"level":"error","pad":"' + "x" * (6 << 20) + " " + k + ' ops.lead@example.org",'
            '"modelId":"anthropic.claude-3-haiku-20240307-v1:0","error":"ThrottlingException: '
            'Too many requests, please wait before trying again."}\n')
    f.write("2026-03-02T10:01:00Z ERROR agent call failed\n")
    body = "y" * (16 * 1024 - 60)
    f.write('    payload="' + body + " key=AKIA" + "STRADDLECUT00001" + ' "\n')
    f.write("    " + "z" * (24 * 1024) + "\n")
    f.write("botocore.errorfactory.ThrottlingException: An error occurred (ThrottlingException) "
            "when calling the InvokeModel operation: Too many requests, please wait before "
            "trying again. modelId=anthropic.claude-3-haiku-20240307-v1:0\n")
PY
"$qc" collect --quiet --out "$T/long" --region us-east-1 --logs "$T/long.log" >/dev/null 2>&1
is "$(jq_py "$T/long/throttling_events.json" "d['count']")" 2 "long records: both events kept"
for s in LONGRECORDTEST01 ops.lead@example.org STRADDLECUT STRADDLE CUT00001; do lacks "$T/long" "$s"; done
is "$(jq_py "$T/long/manifest.json" "d['redactions']")" "{'aws-key-id': 2, 'email': 1}" \
   "long records: each secret counted once"
contains "$T/long/throttling_errors.txt" "Too many requests, please wait before trying again."
contains "$T/long/throttling_errors.txt" "bytes left out"
is "$(awk '{ if (length($0) > m) m = length($0) } END { print (m < 17000) }' "$T/long/throttling_errors.txt")" 1 \
   "long records: no kept line longer than the 16 KiB cut"

# --- the placeholder map: outside the evidence, and the same one for render -------
expect 2 "$qc" collect --quiet --out "$T/mapin" --logs $D/secrets.log --redaction-map "$T/mapin/m.json"
contains "$T/err" "inside the evidence directory"
if [ -e "$T/mapin" ]; then bad "collect wrote a directory it refused"; else ok; fi
expect 0 "$qc" collect --quiet --out "$T/mapped" --region us-east-1 --logs $D/secrets.log \
  --redaction-map "$T/chosen-map.json"
is "$(stat -c %a "$T/chosen-map.json")" 600 "map file 0600"
if [ -e "$T/mapped.redaction-map.json" ]; then bad "default map written beside a chosen one"; else ok; fi
/usr/bin/python3 - examples/case.json "$T/mapped-case.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["use_case"] += " Questions to maria.silva@example.org, or the on-call list oncall-team@example.com."
json.dump(c, open(sys.argv[2], "w"))
PY
expect 0 "$qc" render --quiet --case "$T/mapped-case.json" "$T/mapped"
# The log's address kept its placeholder; the case file's new one got the next number.
contains "$T/mapped/model.json" "Questions to \\[email-2\\], or"
lacks "$T/mapped" "maria.silva@example.org"
is "$(grep -o 'on-call list [^ ]*' "$T/mapped/support_case.txt" | head -1)" "on-call list [email-1]." \
   "render reuses the collect's map"

# --- --force replaces only an evidence directory of ours -------------------------
mkdir -p "$T/home/src" && echo keep >"$T/home/src/notes.txt"
expect 6 "$qc" collect --quiet --force --out "$T/home" --logs $D/go_sdk.log
contains "$T/err" "not a quotacase evidence directory"
is "$(cat "$T/home/src/notes.txt")" keep "--force left a foreign directory alone"
mkdir "$T/empty"
expect 0 "$qc" collect --quiet --force --out "$T/empty" --logs $D/go_sdk.log
# Left-overs of an interrupted run beside the directory are removed by the next.
mkdir "$T/empty.tmp.AbC123" "$T/empty.old.XyZ789"
expect 0 "$qc" collect --quiet --force --out "$T/empty" --logs $D/go_sdk.log
if ls -d "$T"/empty.tmp.* "$T"/empty.old.* >/dev/null 2>&1; then bad "staging left-overs kept"; else ok; fi

# --- records without a time (the aws CLI's stderr) collect and render -------------
expect 0 "$qc" collect --quiet --out "$T/notime" --region us-east-1 --logs $D/awscli_stderr.log
expect 0 "$qc" render --quiet "$T/notime"
expect 0 "$qc" verify --quiet "$T/notime"

# --- symbolic links are followed (Kubernetes' /var/log/containers), pipes refused ---
mkdir -p "$T/k8s/pods" "$T/k8s/containers"
cp $D/go_sdk.log "$T/k8s/pods/agent-0.log"
cp $D/boto3_traceback.log "$T/k8s/pods/agent-1.log"
ln -s "$T/k8s/pods/agent-0.log" "$T/k8s/containers/agent-0_default_main-1.log"
ln -s ../pods/agent-1.log "$T/k8s/containers/agent-1_default_main-1.log"
ln -s .. "$T/k8s/containers/loop" # a link back up: walked once, no loop
mkfifo "$T/k8s/containers/pipe.log"
expect 0 "$qc" collect --quiet --out "$T/k8s-ev" --region us-east-1 --logs "$T/k8s/containers"
"$qc" collect --quiet --out "$T/k8s-direct" --region us-east-1 --logs "$T/k8s/pods" >/dev/null 2>&1
is "$(jq_py "$T/k8s-ev/manifest.json" "d['log_scan']['events']")" \
   "$(jq_py "$T/k8s-direct/manifest.json" "d['log_scan']['events'] * 2")" \
   "links followed: each pod's events, found once directly and once through the loop"
mkfifo "$T/pipe.log"
expect 3 "$qc" collect --quiet --out "$T/pipe-ev" --logs "$T/pipe.log"
contains "$T/err" "pipe.log: not a regular file or directory"
expect 3 "$qc" collect --quiet --out "$T/pipe-ev" --import "$T/pipe.log"

# --- template: any JSON as data, a scalar or a list too (Mustache's implicit iterator) ---
printf '{{.}}|{{#.}}[{{.}}]{{/.}}\n' >"$T/dot.mustache"
echo '"hello"' >"$T/scalar.json"
expect 0 "$qc" template --escape none "$T/dot.mustache" "$T/scalar.json"
is "$(cat "$T/out")" "hello|[hello]" "template: a string as the data"
printf '{{#.}}[{{.}}]{{/.}}\n' >"$T/list.mustache"
echo '[1, 2.5, "x"]' >"$T/list.json"
expect 0 "$qc" template --escape none "$T/list.mustache" "$T/list.json"
is "$(cat "$T/out")" "[1][2.5][x]" "template: a list as the data"

# --- Ctrl-C and kill during an offline collect: it stops, keeps what it read -------
# The signal comes from the faultfs shim at the second read of the log (of
# about 12 MiB, read 4 MiB at a time), so where it lands does not depend on timing.
if [ -n "$faultfs" ]; then
  /usr/bin/python3 -c "
import sys
line = '2026-01-12 10:00:00,000 ERROR agent An error occurred (ThrottlingException) when calling the Converse operation: Too many requests, please wait before trying again. modelId=us.anthropic.claude-sonnet-4-5-20250929-v1:0\\n'
pad = '2026-01-12 10:00:01,000 INFO agent working on investigation 4100 with five specialist agents now\\n'
with open(sys.argv[1], 'w') as f:
    for i in range(120000):
        f.write(line if i % 100 == 0 else pad)
" "$T/big.log"
  for sig in INT:130 TERM:143; do
    name=${sig%:*} code=${sig#*:}
    expect "$code" env LD_PRELOAD="$faultfs" QC_SIGNAL=$name QC_SIGNAL_READ=2 \
      ASAN_OPTIONS=verify_asan_link_order=0 "$qc" collect --quiet --out "$T/sig$name" \
      --region us-east-1 --logs "$T/big.log"
    contains "$T/err" "interrupted"
    is "$(jq_py "$T/sig$name/manifest.json" "d['status'], d['sources'][0]['status']")" \
       "interrupted interrupted" "SIG$name: recorded as interrupted"
    is "$(jq_py "$T/sig$name/manifest.json" "0 < d['log_scan']['events'] < 1200")" True \
       "SIG$name: the records read before it are kept, the rest not read"
    expect 0 "$qc" verify --quiet "$T/sig$name"
  done
fi

# The environment's region outranks the case file's, with a warning; --region says nothing.
expect 0 env AWS_REGION=eu-west-1 "$qc" collect --quiet --force --case examples/case.json \
  --import examples/exports --out "$T/envregion"
contains "$T/err" "warning: collecting eu-west-1 (from AWS_REGION), but the case file names us-east-1; --region chooses"
is "$(jq_py "$T/envregion/manifest.json" 'd["region"]')" eu-west-1 "the region collected"
expect 0 env AWS_REGION=eu-west-1 "$qc" collect --quiet --force --case examples/case.json \
  --import examples/exports --region us-east-1 --out "$T/envregion"
lacks "$T/err" "warning"

finish cli
