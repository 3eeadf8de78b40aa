#!/bin/sh
# Success evidence: render writes <model-slug>_success_evidence.txt for each model that
# accepted requests and was never throttled in the window, lists it in model.json and the
# manifest, writes none on a failed render, and removes one whose model has since been
# throttled.  Run from the repository root.
qc=$1
. "$(dirname "$0")/lib.sh"

now="--now 2026-01-12T00:00:00Z"
nova=amazon-nova-pro-v1-0_success_evidence.txt
# has FILE TEXT: FILE holds the line fragment TEXT, as written (no pattern).
has() { if grep -qF -- "$2" "$1"; then ok; else bad "$1 lacks '$2'"; fi; }
# listed DIR NAME: the manifest's stage and checksum of NAME, or "absent".
listed() {
  /usr/bin/python3 -c "import json, sys
m = json.load(open(sys.argv[1] + '/manifest.json'))
e = [f for f in m['files'] if f['name'] == sys.argv[2]]
print('%s %s %d' % (e[0]['stage'], e[0]['sha256'], e[0]['bytes']) if e else 'absent')" "$1" "$2"
}
# render_ok DIR [ARGS...]: renders DIR with the example's case file.
render_ok() {
  d=$1
  shift
  expect 0 "$qc" render --quiet --evidence "$d" --case examples/case.json $now "$@"
}

# --- the demo: both models were throttled, so no file ---------------------------------
cp -r evidence/example "$T/demo"
render_ok "$T/demo"
if ls "$T/demo" | grep -q success_evidence; then bad "the demo has a success file"; else ok; fi
is "$(jq_py "$T/demo/model.json" "d['success_evidence'], d['has_success_evidence']")" "[] False" \
  "the demo's success_evidence"
is "$(jq_py "$T/demo/model.json" "[m['throttled'] for m in d['diagnosis']['models'] if m['model_id'] == 'amazon.nova-pro-v1:0']")" \
  "[True]" "Nova Pro in the demo"

# --- Nova Pro never throttled -------------------------------------------------------
# The example's inputs, with Nova Pro's InvocationThrottles at zero every minute and without
# worker.log.1 (its three throttling errors): the same week, Nova Pro unthrottled.
mkdir -p "$T/quiet-x" "$T/quiet-logs"
cp examples/exports/*.json "$T/quiet-x/"
cp examples/logs/gateway.log examples/logs/supervisor.log "$T/quiet-logs/"
/usr/bin/python3 -c "import json, sys
p = sys.argv[1]
d = json.load(open(p))
for r in d['MetricDataResults']:
    if r['Id'] == 'invocationthrottles_nova':
        r['Values'] = [0] * len(r['Values'])
json.dump(d, open(p, 'w'), indent=2)" "$T/quiet-x/cloudwatch-get-metric-data.json"
window="--start 2026-01-05T00:00:00Z --end 2026-01-12T00:00:00Z $now"
expect 0 "$qc" collect --quiet --case examples/case.json --logs "$T/quiet-logs" --import "$T/quiet-x" \
  --out "$T/quiet" $window
render_ok "$T/quiet"
is "$(jq_py "$T/quiet/model.json" "d['success_evidence'], d['has_success_evidence']")" \
  "[{'model_id': 'amazon.nova-pro-v1:0', 'file': '$nova'}] True" "success_evidence"
# Only Nova Pro: Claude Sonnet 4.5 was throttled.
n=$(ls "$T/quiet" | grep -c success_evidence)
is "$n" 1 "success files"
f="$T/quiet/$nova"
# The figures, from the export: Nova Pro's Invocations sum to 5,071 over the week, its
# InvocationClientErrors to 5, InputTokenCount to 8,009,786 and OutputTokenCount to
# 1,234,196; no InvocationServerErrors series.  The most requests in a minute, 14, first
# at 2026-01-05T14:06 (36 later minutes tie); the most input + output tokens in a minute,
# 371,000 + 768, at 2026-01-08T15:07.  Quotas: L-70423BF8 100 requests/min and L-3F1B9E52
# 400,000 tokens/min, applied at their AWS defaults.
has "$f" "SUCCESS EVIDENCE: amazon.nova-pro-v1:0"
has "$f" "Window      2026-01-05T00:00:00Z to 2026-01-12T00:00:00Z (7 days, UTC)"
has "$f" "  accepted requests (Invocations)               5,071"
has "$f" "  throttled attempts (InvocationThrottles)      0"
has "$f" "  throttling errors in the application's logs   0"
has "$f" "  client errors (InvocationClientErrors)        5"
has "$f" "  server errors (InvocationServerErrors)        0"
has "$f" "  input tokens                                  8,009,786"
has "$f" "  output tokens                                 1,234,196"
has "$f" "BUSIEST MINUTES"
has "$f" "  most requests in a minute: 14, in the minute from 2026-01-05T14:06:00Z"
has "$f" "  most tokens in a minute: 371,768 (input + output), in the minute from 2026-01-08T15:07:00Z"
has "$f" "  L-70423BF8  On-demand model inference requests per minute for Amazon Nova Pro"
has "$f" "    100 requests per minute (applied 100, AWS default 100)"
has "$f" "  L-3F1B9E52  On-demand model inference tokens per minute for Amazon Nova Pro"
has "$f" "    400,000 tokens per minute (applied 400,000, AWS default 400,000)"
has "$f" "amazon.nova-pro-v1:0 served this workload without a single throttled attempt over the window (2026-01-05T00:00:00Z to 2026-01-12T00:00:00Z, 7 days): 5,071 requests accepted, 0 throttled."
lacks "$f" "us.anthropic"
# In the manifest, stage rendered, with the file's own checksum and size; verify agrees.
is "$(listed "$T/quiet" "$nova")" "rendered $(sha256sum <"$f" | cut -d' ' -f1) $(wc -c <"$f" | tr -d ' ')" \
  "the manifest's entry"
expect 0 "$qc" verify "$T/quiet"
# A second render gives the same bytes and one entry.
cp "$f" "$T/first.txt"
render_ok "$T/quiet"
same "$f" "$T/first.txt"
is "$(jq_py "$T/quiet/manifest.json" "len([x for x in d['files'] if x['name'] == '$nova'])")" 1 "entries"

# --- in Portuguese -------------------------------------------------------------------
# Until the shipped pt-BR summary nests pacing.zero in pacing (null for a model never
# throttled, so strict rendering refuses it), render with a copy that does; once it does,
# the copy is the shipped file and these lines can go.
mkdir -p "$T/pt-tpl/pt-BR"
sed 's/{{#pacing.zero}}/{{#pacing}}{{#zero}}/; s#{{/pacing.zero}}#{{/zero}}{{/pacing}}#' \
  templates/pt-BR/evidence_summary.txt.mustache >"$T/pt-tpl/pt-BR/evidence_summary.txt.mustache"
cp -r "$T/quiet" "$T/pt"
render_ok "$T/pt" --lang pt-BR --templates "$T/pt-tpl"
has "$T/pt/$nova" "EVIDÊNCIA DE SUCESSO: amazon.nova-pro-v1:0"
has "$T/pt/$nova" "Janela      2026-01-05T00:00:00Z a 2026-01-12T00:00:00Z (7 dias, UTC)"
has "$T/pt/$nova" "  solicitações aceitas (Invocations)              5.071"
has "$T/pt/$nova" "  tentativas limitadas (InvocationThrottles)      0"
has "$T/pt/$nova" "  tokens de entrada                               8.009.786"
has "$T/pt/$nova" "  mais solicitações por minuto: 14, no período iniciado em 2026-01-05T14:06:00Z"
has "$T/pt/$nova" "  mais tokens por minuto: 371.768 (entrada + saída), no período iniciado em 2026-01-08T15:07:00Z"
has "$T/pt/$nova" "    400.000 tokens por minuto (aplicada 400.000, padrão AWS 400.000)"
has "$T/pt/$nova" "amazon.nova-pro-v1:0 atendeu esta carga sem uma única tentativa limitada em toda a janela"
expect 0 "$qc" verify "$T/pt"

# --- a failed render writes none of them ---------------------------------------------
mkdir -p "$T/tpl"
printf 'Served by {{model.modle_id}}\n' >"$T/tpl/success_evidence.txt.mustache"
expect 0 "$qc" collect --quiet --case examples/case.json --logs "$T/quiet-logs" --import "$T/quiet-x" \
  --out "$T/fresh" $window
expect 3 "$qc" render --quiet --evidence "$T/fresh" --case examples/case.json $now --templates "$T/tpl"
contains "$T/err" "success_evidence.txt.mustache:1:11: unknown variable 'model.modle_id'"
if ls -a "$T/fresh" | grep -qE 'success_evidence|model\.json|tmp'; then bad "a failed render wrote"; else ok; fi
# Over an earlier render, the earlier set stays whole.
cp -r "$T/quiet" "$T/again"
sums=$(cd "$T/again" && sha256sum ./*)
expect 3 "$qc" render --quiet --evidence "$T/again" --case examples/case.json $now --templates "$T/tpl"
is "$(cd "$T/again" && sha256sum ./*)" "$sums" "the directory after a failed render"

# --- Nova Pro throttled since: its file goes --------------------------------------
# The example's own inputs (Nova Pro throttled in one minute) collected again into the same
# directory, the earlier render's outputs kept: what an evidence directory refreshed in place
# looks like.
expect 0 "$qc" collect --quiet --case examples/case.json --logs examples/logs --import examples/exports \
  --out "$T/loud" $window
/usr/bin/python3 -c "import json, os, shutil, sys
new, old = sys.argv[1], sys.argv[2]
m = json.load(open(new + '/manifest.json'))
kept = [f for f in json.load(open(old + '/manifest.json'))['files'] if f['stage'] == 'rendered']
for f in m['files']:
    shutil.copyfile(os.path.join(new, f['name']), os.path.join(old, f['name']))
m['files'] += kept
json.dump(m, open(old + '/manifest.json', 'w'), indent=2)" "$T/loud" "$T/quiet"
expect 0 "$qc" verify "$T/quiet"
render_ok "$T/quiet"
if [ -e "$f" ]; then bad "$nova is still there"; else ok; fi
is "$(listed "$T/quiet" "$nova")" absent "the manifest after Nova Pro was throttled"
is "$(jq_py "$T/quiet/model.json" "d['success_evidence']")" "[]" "success_evidence after"
expect 0 "$qc" verify "$T/quiet"

finish success
