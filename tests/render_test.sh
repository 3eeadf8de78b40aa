#!/bin/sh
# Renderer tests: init, the case file's errors, render (and what it refuses),
# template, bundle and verify of a bundle.  Run from the repository root.
qc=$1
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1768176000 # the demo's clock, so renders compare with evidence/example

# --- init ---------------------------------------------------------------------
# init writes its own file of placeholders, not the demo's worked example, in the same shape
# (the same keys at every level, the same types).
expect 0 "$qc" init --out "$T/case.json"
same "$T/case.json" examples/case.init.json
expect 6 "$qc" init --out "$T/case.json"
/usr/bin/python3 - examples/case.init.json examples/case.json <<'PY' && ok || bad "case.init.json and case.json differ in shape"
import json, sys
def shape(v):
    if isinstance(v, dict):
        return {k: shape(x) for k, x in v.items()}
    if isinstance(v, list):
        return [shape(v[0])] if v else []
    return "number" if isinstance(v, (int, float)) and not isinstance(v, bool) else type(v).__name__
a, b = (json.load(open(p)) for p in sys.argv[1:])
a["requested_limit"] = b["requested_limit"] = 0  # "auto" or a number
sys.exit(0 if shape(a) == shape(b) else 1)
PY

# --- case file errors name file:line:column ---------------------------------------
sed 's/"severity": "high"/"sevrity": "high"/' examples/case.json >"$T/c1.json"
expect 3 "$qc" render --case "$T/c1.json" --evidence evidence/example
contains "$T/err" "c1.json:4:3: unknown key \"sevrity\""
lines "$T/err" 1
sed 's/"concurrent_investigations": 3/"concurrent_investigations": "three"/' examples/case.json >"$T/c2.json"
expect 3 "$qc" render --case "$T/c2.json" --evidence evidence/example
contains "$T/err" "c2.json:66:34: \"concurrent_investigations\" must be a number or {\"min\": n, \"max\": n}"
sed 's/"severity": "high"/"severity": "extreme"/' examples/case.json >"$T/c3.json"
expect 3 "$qc" render --case "$T/c3.json" --evidence evidence/example
contains "$T/err" "c3.json:4:15: \"severity\" must be one of: low, normal, high, urgent, critical"
printf '{\n  "subject": "x",\n  "questions": ["a", 2]\n}\n' >"$T/c4.json"
expect 3 "$qc" render --case "$T/c4.json" --evidence evidence/example
contains "$T/err" "c4.json:3:22: items of \"questions\" must be strings"
printf '{\n  "subject": "x",\n' >"$T/c5.json"
expect 3 "$qc" render --case "$T/c5.json" --evidence evidence/example
contains "$T/err" "c5.json:3:0: invalid JSON"

# --- render ------------------------------------------------------------------------
cp -r evidence/example "$T/ev"
expect 0 "$qc" render --quiet --evidence "$T/ev" --case examples/case.json --now 2026-01-12T00:00:00Z
for f in model.json support_case.md support_case.html support_case.txt evidence_summary.txt evidence.xlsx; do
  same "$T/ev/$f" "evidence/example/$f"
done
expect 0 "$qc" verify "$T/ev"
# The HTML makes no network request.
for pat in 'src=' 'href=' '<script' '@import' 'url(' '<link'; do lacks "$T/ev/support_case.html" "$pat"; done
contains "$T/ev/support_case.html" "Content-Security-Policy"
contains "$T/ev/support_case.html" "<table>"
# Three charts a model (attempts against the requests quota, tokens against
# the tokens quota, throttling per hour with the logged errors) and a
# close-up of each of its top three bursts (Nova Pro has 1, Sonnet 4.5 68).
n=$(grep -o "<figure>" "$T/ev/support_case.html" | wc -l)
if [ "$n" -eq 10 ]; then ok; else bad "support_case.html has $n figures, want 10"; fi
contains "$T/ev/support_case.html" "quota 4/min</text>"
contains "$T/ev/support_case.html" "quota 400k/min</text>"
contains "$T/ev/support_case.html" "throttling per hour</title>"
# The replay reports waiting as well as throttled attempts; the waits are
# those of the calls made (first attempts), not of every retry.
contains "$T/ev/support_case.md" "At the current 4 requests/min (L-2DC80978) the replay throttles 818 attempts where CloudWatch counted 881; a client that waited for quota instead of retrying would have delayed its calls by 17.8 seconds on average, up to 165 seconds for one call."
contains "$T/ev/support_case.md" "Of 1,465 attempts CloudWatch counted, 816 were first attempts (calls the application made) and 649 SDK retries"
contains "$T/ev/support_case.md" "At the current 400,000 tokens/min (L-3F1B9E52) the replay throttles 6 attempts where CloudWatch counted 9"

# Without a case file: renders, and says what the case lacks.
cp -r evidence/example "$T/nocase"
expect 0 "$qc" render --quiet --evidence "$T/nocase"
contains "$T/err" "warning: no --case: the case was rendered without a case file"
contains "$T/nocase/next_steps.md" "## What this case still lacks"
contains "$T/nocase/evidence_summary.txt" "quota to raise: the case file has no quota_code"
contains "$T/nocase/evidence_summary.txt" "subject: empty in the case file"

# A template with an unknown variable: one line naming template:line:column, nothing written.
mkdir -p "$T/tpl"
printf 'Case for {{case.subjct}}\n' >"$T/tpl/support_case.md.mustache"
cp -r evidence/example "$T/ev2"
sum_before=$(sha256sum "$T/ev2/manifest.json" "$T/ev2/model.json")
expect 3 "$qc" render --evidence "$T/ev2" --templates "$T/tpl" --case examples/case.json
contains "$T/err" "tpl/support_case.md.mustache:1:10: unknown variable 'case.subjct'"
lines "$T/err" 1
if [ "$(sha256sum "$T/ev2/manifest.json" "$T/ev2/model.json")" = "$sum_before" ]; then ok; else bad "render wrote after a template error"; fi
if ls -a "$T/ev2" | grep -q tmp; then bad "temporary files left"; else ok; fi
# An override that works replaces one template, the other stays shipped.
printf '# {{case.subject}}\n\nRequested: {{request.requested_text}}\n' >"$T/tpl/support_case.md.mustache"
expect 0 "$qc" render --quiet --evidence "$T/ev2" --templates "$T/tpl" --case examples/case.json
contains "$T/ev2/support_case.md" "Requested: 50"
same "$T/ev2/evidence_summary.txt" "$T/ev/evidence_summary.txt"

# A missing or changed evidence file stops the render.
cp -r evidence/example "$T/ev3"
rm "$T/ev3/cloudwatch_invocations.json"
expect 5 "$qc" render --evidence "$T/ev3" --case examples/case.json
contains "$T/err" "evidence does not match its manifest: missing: cloudwatch_invocations.json"
lines "$T/err" 1
expect 3 "$qc" render --evidence "$T/nowhere"
contains "$T/err" "nowhere/manifest.json: cannot open"

# --- render --strict: the checklist decides the exit code ---------------------------------
# open_items MODEL: the keys of the checklist items that do not hold, in order.
open_items() { jq_py "$1" "' '.join(c['key'] for c in d['diagnosis']['checklist'] if not c['ok'])"; }
# exports NAME SED: the example's aws CLI exports in $T/NAME, the change history edited by SED.
exports() {
  mkdir -p "$T/$1" && cp examples/exports/*.json "$T/$1/"
  sed "$2" examples/exports/service-quotas-change-history.json >"$T/$1/service-quotas-change-history.json"
}
# collect_ev NAME CASE EXPORTS [WINDOW...]: the example's logs and EXPORTS collected for CASE
# into $T/NAME, over the demo's week unless WINDOW names another.
collect_ev() {
  n=$1 c=$2 x=$3
  shift 3
  [ $# -gt 0 ] || set -- --start 2026-01-05T00:00:00Z --end 2026-01-12T00:00:00Z --now 2026-01-12T00:00:00Z
  expect 0 "$qc" collect --quiet --force --case "$c" --logs examples/logs --import "$x" --out "$T/$n" "$@"
}
# case_json IN OUT PYTHON: the case file IN, changed by the statements PYTHON (on c; init is
# the file `quotacase init` writes), as OUT.
case_json() {
  /usr/bin/python3 -c "import json, sys
c = json.load(open(sys.argv[1]))
init = json.load(open('examples/case.init.json'))
$3
json.dump(c, open(sys.argv[2], 'w'), indent=2)" "$1" "$2"
}

# The demo is a case with every item ok, and --strict passes: its case file is its own, not
# the placeholders `quotacase init` writes, and the one request in its change history for the
# quota it asks to raise (20, in December) was denied, so none is open.
is "$(open_items "$T/ev/model.json")" "" "the demo's open items"
is "$(jq_py "$T/ev/model.json" "len(d['diagnosis']['checklist'])")" 14 "checklist items"
contains "$T/ev/evidence_summary.txt" "\[x\] no open request"
contains "$T/ev/evidence_summary.txt" "\[x\] case file edited"
contains "$T/ev/evidence_summary.txt" "\[x\] data in the window"
contains "$T/ev/evidence_summary.txt" "\[x\] one account"
contains "$T/ev/evidence_summary.txt" "\[x\] arithmetic in the quota's unit: the request-pattern arithmetic gives requests per minute, the unit of the quota to raise"
contains "$T/ev/support_case.md" "| 3b7d2e9c0a4f4e1b9c8d7a6f5e4d3c2b1a0f9e8d | 20 | DENIED | 2025-12-15T10:24:37.120Z |"
lacks "$T/ev/next_steps.md" "## What this case still lacks"
cp -r evidence/example "$T/clean"
expect 0 "$qc" render --quiet --strict --evidence "$T/clean" --case examples/case.json --now 2026-01-12T00:00:00Z
for f in model.json support_case.md evidence_summary.txt; do same "$T/clean/$f" "evidence/example/$f"; done

# The cases below are the demo's, each changed in one way, on the demo's evidence or on the
# example's inputs collected again.
cp examples/case.json "$T/own.json"
cp -r "$T/clean" "$T/strict"
expect 9 "$qc" render --quiet --strict --evidence "$T/strict"
contains "$T/err" "the case still lacks 2 items (first: quota mapped"
contains "$T/strict/evidence_summary.txt" "CHECKLIST (2 open)"

# strict_case NAME SED: that case edited by SED, rendered --strict into $T/NAME.
strict_case() {
  sed "$2" "$T/own.json" >"$T/$1.json"
  cp -r "$T/clean" "$T/$1"
  expect 9 "$qc" render --quiet --strict --evidence "$T/$1" --case "$T/$1.json"
}
# pt_has NAME PHRASE...: $T/NAME rendered in Portuguese with $T/NAME.json says each PHRASE in
# its summary.
pt_has() {
  d=$1
  shift
  cp -r "$T/$d" "$T/$d-pt"
  expect 0 "$qc" render --quiet --lang pt-BR --evidence "$T/$d-pt" --case "$T/$d.json"
  for p in "$@"; do contains "$T/$d-pt/evidence_summary.txt" "$p"; done
}

# A case that names a non-adjustable tokens-per-day quota with requests-per-minute arithmetic:
# three checklist items, said in the request section, and --strict fails.
strict_case na 's/"quota_code": "L-2DC80978"/"quota_code": "L-8A5D3B1E"/'
contains "$T/err" "the case still lacks 3 items (first: adjustable quota"
contains "$T/na/support_case.md" "This quota is not adjustable through Service Quotas"
contains "$T/na/support_case.md" "The requested value is not above the value in force (144,000,000)"
contains "$T/na/support_case.md" "The arithmetic below gives requests/min, which is not this quota's unit"
contains "$T/na/evidence_summary.txt" "CHECKLIST (3 open)"
contains "$T/na/evidence_summary.txt" "\[ \] arithmetic in the quota's unit: the request-pattern arithmetic gives requests per minute, but the quota to raise counts tokens per day"
pt_has na "\[ \] conta na unidade da cota"
contains "$T/na-pt/support_case.md" "A conta abaixo não termina na unidade desta cota"

# The same case for the tokens-per-minute quota, the value left to the arithmetic: it runs in
# tokens per minute (requests x the measured tokens per request), the quota's own unit.
sed 's/"quota_code": "L-2DC80978"/"quota_code": "L-6E888CC2"/; s/"requested_limit": 50/"requested_limit": "auto"/' "$T/own.json" >"$T/tpm.json"
cp -r "$T/clean" "$T/tpm"
expect 0 "$qc" render --quiet --evidence "$T/tpm" --case "$T/tpm.json"
is "$(jq_py "$T/tpm/model.json" "d['request']['arithmetic_unit'], d['request']['quota']['kind']")" "tokens/min tokens_per_minute" "tokens arithmetic"
is "$(jq_py "$T/tpm/model.json" "[c['ok'] for c in d['diagnosis']['checklist'] if c['key'] == 'unit']")" "[True]" "tokens arithmetic for a tokens quota"
contains "$T/tpm/evidence_summary.txt" "\[x\] arithmetic in the quota's unit: the request-pattern arithmetic gives tokens per minute, the unit of the quota to raise"
lacks "$T/tpm/support_case.md" "which is not this quota's unit"
lacks "$T/ev/support_case.md" "not adjustable through Service Quotas:"

# Asking for more than the evidence backs: a checklist item, said in the request section.
strict_case big 's/"requested_limit": 50/"requested_limit": 500/'
contains "$T/err" "the case still lacks 1 item (first: value backed by the evidence"
contains "$T/big/support_case.md" "The requested value (500) is above both the design arithmetic"

# A window that misses the data: `collect --days 7` a month after the example's week keeps
# nothing, which every other item accepts.
collect_ev late "$T/own.json" examples/exports --days 7 --now 2026-03-01T00:00:00Z
cp "$T/own.json" "$T/late.json"
expect 9 "$qc" render --quiet --strict --evidence "$T/late" --case "$T/late.json"
is "$(open_items "$T/late/model.json")" "data_in_window" "an empty window"
contains "$T/err" "the case still lacks 1 item (first: data in the window"
contains "$T/late/evidence_summary.txt" "no throttling events and no CloudWatch datapoints fall in the window 2026-02-22T00:00:00Z to 2026-03-01T00:00:00Z"
pt_has late "\[ \] dados na janela: nenhum evento de limitação e nenhum ponto de dados do CloudWatch entre 2026-02-22T00:00:00Z e 2026-03-01T00:00:00Z"

# A case file for another account than the evidence's.
strict_case acct 's/"account_id": "123456789012"/"account_id": "444455556666"/'
is "$(open_items "$T/acct/model.json")" "account" "two accounts"
contains "$T/acct/evidence_summary.txt" "the case file names account 444455556666, the evidence was collected for account 123456789012"
pt_has acct "\[ \] uma só conta: o arquivo do caso diz 444455556666, as evidências foram coletadas na conta 123456789012"

# A request already open for the quota to raise, with its support case: Service Quotas would
# refuse another (ResourceAlreadyExistsException), so the case points to that one.
exports opened-x 's/"Status": "DENIED",/"Status": "CASE_OPENED", "CaseId": "17712345678",/'
collect_ev opened "$T/own.json" "$T/opened-x"
cp "$T/own.json" "$T/opened.json"
expect 9 "$qc" render --quiet --strict --evidence "$T/opened" --case "$T/opened.json"
is "$(open_items "$T/opened/model.json")" "no_open_request" "an open request"
contains "$T/err" "the case still lacks 1 item (first: no open request"
contains "$T/opened/evidence_summary.txt" "Service Quotas request 3b7d2e9c0a4f4e1b9c8d7a6f5e4d3c2b1a0f9e8d for this quota is CASE_OPENED (support case 17712345678): Service Quotas refuses a second one while it is open (ResourceAlreadyExistsException)"
contains "$T/opened/support_case.md" "An increase request for this quota is already open in Service Quotas (3b7d2e9c0a4f4e1b9c8d7a6f5e4d3c2b1a0f9e8d,"
contains "$T/opened/support_case.md" "support case 17712345678): Service Quotas refuses"
# The console text, when the case must be cut, keeps the open request.
expect 0 "$qc" template --escape none templates/support_case_console.txt.mustache "$T/opened/model.json"
contains "$T/out" "OPEN REQUEST: Service Quotas request 3b7d2e9c0a4f4e1b9c8d7a6f5e4d3c2b1a0f9e8d for this quota is CASE_OPENED (support case 17712345678)"
pt_has opened "\[ \] nenhum pedido em aberto: o pedido 3b7d2e9c0a4f4e1b9c8d7a6f5e4d3c2b1a0f9e8d ao Service Quotas está CASE_OPENED (caso de suporte 17712345678)"
contains "$T/opened-pt/support_case.md" "Já existe um pedido de aumento em aberto para esta cota no Service Quotas (3b7d2e9c0a4f4e1b9c8d7a6f5e4d3c2b1a0f9e8d,"

# A case file edited only in part (the use case left as `quotacase init` writes it), and the
# file init writes, untouched: render accepts it, and the checklist says the placeholders
# are left (collected with it, so both sides name its account; its quota code is a
# placeholder too, so no quota is found).
case_json "$T/own.json" "$T/half.json" 'c["use_case"] = init["use_case"]'
cp -r "$T/clean" "$T/half"
expect 9 "$qc" render --quiet --strict --evidence "$T/half" --case "$T/half.json"
is "$(open_items "$T/half/model.json")" "case_edited" "the placeholder use case kept"
contains "$T/half/evidence_summary.txt" "\[ \] case file edited: use_case is still the placeholder quotacase init writes: replace it"
pt_has half "\[ \] arquivo do caso editado: a conta, o assunto ou a justificativa ainda são os do exemplo"
expect 0 "$qc" init --out "$T/fresh.json"
collect_ev fresh "$T/fresh.json" examples/exports
expect 0 "$qc" render --quiet --evidence "$T/fresh" --case "$T/fresh.json"
expect 9 "$qc" render --quiet --strict --evidence "$T/fresh" --case "$T/fresh.json"
is "$(open_items "$T/fresh/model.json")" "quota case_edited" "the init file unedited"
contains "$T/fresh/evidence_summary.txt" "account_id, subject, use_case and business_impact are still the placeholders quotacase init writes"
is "$(jq_py "$T/fresh/model.json" "d['evidence']['account'], d['case']['account_id']")" "000000000000 000000000000" "the placeholder account"

# --- the Brazilian Portuguese template set: the same model, every name resolved ----------------
cp -r evidence/example "$T/pt"
expect 0 "$qc" render --quiet --lang pt-BR --evidence "$T/pt" --case examples/case.json --now 2026-01-12T00:00:00Z
same "$T/pt/model.json" evidence/example/model.json
for h in "## Diagnóstico" "## Pedido de aumento de cota" "## Justificativa de negócio" "### O aumento seria suficiente?"; do
  contains "$T/pt/support_case.md" "$h"
done
lacks "$T/pt/support_case.md" "## Business justification"
contains "$T/pt/support_case.md" "pedida: com 50 solicitações/min (L-2DC80978), 0 das 881 tentativas limitadas na janela teriam sido limitadas, e nenhuma chamada teria esperado."
contains "$T/pt/support_case.md" "atrasaria suas chamadas em 17,8 segundos em média, até 165 segundos"
contains "$T/pt/support_case.md" "Das 1.465 tentativas que o CloudWatch contou, 816 foram primeiras tentativas"
contains "$T/pt/support_case.html" "limitação por hora</title>"
lacks "$T/pt/support_case.html" "throttling per hour"
lacks "$T/pt/support_case.md" "Em 0 minuto"
contains "$T/pt/support_case.md" "Em 1 minuto(s) o CloudWatch contou"
# Portuguese figures: '.' groups thousands, ',' marks decimals; model.json keeps one spelling.
contains "$T/pt/support_case.md" "Folga: 43,2 x (1 + 15%) = .*49,68"
contains "$T/pt/support_case.md" "reservam cerca de 102.405 tokens por minuto"
contains "$T/pt/evidence_summary.txt" "49,68 arredondado para cima = 50"
contains "$T/ev/support_case.md" "reserve about 102,405 tokens a minute"
contains "$T/ev/support_case.md" "tokens per minute: 1 burst$"
contains "$T/pt/support_case.md" "tokens por minuto: 1 rajada$"
contains "$T/pt/evidence_summary.txt" "RESUMO DAS EVIDÊNCIAS"
contains "$T/pt/support_case.txt" "NÚMEROS"
expect 2 "$qc" render --lang fr --evidence "$T/pt"

# --- price tables: the shipped one passes its own check; bad ones are located errors -----------
cp -r evidence/example "$T/pr"
expect 0 "$qc" render --quiet --evidence "$T/pr" --case examples/case.json --now 2026-01-12T00:00:00Z --prices templates/prices.json
same "$T/pr/support_case.md" evidence/example/support_case.md
sum_before=$(sha256sum "$T/pr/manifest.json" "$T/pr/model.json")
printf '{"as_of": "x", "currency": "USD",\n "models": [{"family": 3}]}' >"$T/p1.json"
expect 3 "$qc" render --evidence "$T/pr" --case examples/case.json --prices "$T/p1.json"
contains "$T/err" "p1.json:2:24: \"family\" must be a string"
lines "$T/err" 1
printf '{"as_of": "x", "currency": "USD", "models": [{"family": "a", "input_per_million": 1}]}' >"$T/p2.json"
expect 3 "$qc" render --evidence "$T/pr" --case examples/case.json --prices "$T/p2.json"
contains "$T/err" "p2.json:1:46: \"output_per_million\" is missing"
printf '{"as_of": "x", "currency": "USD", "modles": []}' >"$T/p3.json"
expect 3 "$qc" render --evidence "$T/pr" --case examples/case.json --prices "$T/p3.json"
contains "$T/err" "p3.json:1:35: unknown key \"modles\" (known: as_of, currency, source, note, models)"
expect 3 "$qc" render --evidence "$T/pr" --case examples/case.json --prices "$T/none.json"
contains "$T/err" "none.json"
if [ "$(sha256sum "$T/pr/manifest.json" "$T/pr/model.json")" = "$sum_before" ]; then ok; else bad "render wrote after a price table error"; fi

# --- the cost estimate, with a price table of our own ------------------------------------------
printf '{"as_of": "test", "currency": "USD", "source": "t", "note": "n", "models": [{"family": "anthropic.claude-sonnet-4-5", "input_per_million": 2, "output_per_million": 10, "regional_premium_percent": 50}]}' >"$T/prices.json"
cp -r evidence/example "$T/cost"
expect 0 "$qc" render --quiet --evidence "$T/cost" --case examples/case.json --prices "$T/prices.json"
/usr/bin/python3 - "$T/cost/model.json" <<'PY' && ok || bad "cost estimate"
import json, sys
m = json.load(open(sys.argv[1]))
s = [x for x in m["models"] if x["model_id"].startswith("us.anthropic")][0]["totals"]
c = {x["model_id"]: x for x in m["cost"]["models"]}
son = c["us.anthropic.claude-sonnet-4-5-20250929-v1:0"]
# us. is a regional profile: +50 % on 2 and 10 per million.
want = round((s["input_tokens"] * 3 + s["output_tokens"] * 15) / 1e6, 2)
per = (s["input_tokens"] / s["invocations"] * 3 + s["output_tokens"] / s["invocations"] * 15) / 1e6
ok = son["observed"] == want and son["has_requested"] and abs(son["hour_at_requested"] - round(50 * 60 * per, 2)) < 1e-9
ok = ok and not c["amazon.nova-pro-v1:0"]["priced"]
sys.exit(0 if ok else 1)
PY

# --- the design arithmetic: 5 agents x 2-3 requests, 2-3 investigations, + buffer = 50 ----------
cat >"$T/design.json" <<'EOS'
{"subject": "x", "quota_code": "L-2DC80978", "requested_limit": "auto",
 "request_pattern": {"components": [
   {"component": "a", "requests_per_investigation": {"min": 2, "max": 3}},
   {"component": "b", "requests_per_investigation": {"min": 2, "max": 3}},
   {"component": "c", "requests_per_investigation": {"min": 2, "max": 3}},
   {"component": "d", "requests_per_investigation": {"min": 2, "max": 3}},
   {"component": "e", "requests_per_investigation": {"min": 2, "max": 3}}],
  "concurrent_investigations": {"min": 2, "max": 3}, "buffer_percent": 10}}
EOS
cp -r evidence/example "$T/design"
expect 0 "$qc" render --quiet --evidence "$T/design" --case "$T/design.json"
is "$(jq_py "$T/design/model.json" "[(s['expression'], s['value']) for s in d['request']['arithmetic']]")" \
   "[('3 (of 2-3) + 3 (of 2-3) + 3 (of 2-3) + 3 (of 2-3) + 3 (of 2-3)', 15), ('15 x 3 (of 2-3) concurrent investigations', 45), ('45 x (1 + 10%)', 49.5), ('49.5 rounded up', 50)]" "design arithmetic"
is "$(jq_py "$T/design/model.json" "d['request']['requested'], d['request']['requested_source']")" "50 design arithmetic" "auto takes the arithmetic"

# --- the 8,000-character cap of the console text -------------------------------------------
/usr/bin/python3 -c "
import json; c = json.load(open('examples/case.json'))
c['use_case'] = ' '.join('Sentence %d of a long use case, which goes on.' % i for i in range(400))
json.dump(c, open('$T/long.json', 'w'))"
cp -r evidence/example "$T/long"
expect 0 "$qc" render --evidence "$T/long" --case "$T/long.json"
contains "$T/err" "the console version: the full case is longer than 8,000"
/usr/bin/python3 - "$T/long/support_case.txt" <<'PY' && ok || bad "console text over the cap or cut mid-sentence"
import sys
t = open(sys.argv[1], encoding="utf-8").read()
tail = "\n[The full case is attached as support_case.html.]\n"
body = t[: -len(tail)]
sys.exit(0 if len(t) <= 8000 and t.endswith(tail) and body.rstrip().endswith(".") else 1)
PY
contains "$T/long/manifest.json" "over the Support API"
# Advice for the user is in next_steps.md, not in the case sent to AWS.
contains evidence/example/next_steps.md "This file is for you, not for AWS"
# The size given is the file's own, in kilobytes under a megabyte.
kb=$(( ($(stat -c %s evidence/example/evidence.xlsx) + 999) / 1000 ))
contains evidence/example/next_steps.md "\`evidence.xlsx\`, $kb KB"
contains evidence/example/next_steps.md "Until the increase: send at most one request every 15 seconds"
lacks evidence/example/support_case.md "Until the increase"
lacks evidence/example/support_case.md "What this case still lacks"
contains "$T/err" "attach it, evidence.xlsx and the bundle"
# Cut or not, the console text keeps what the engineer acts on: the request,
# the numbers, the deadline, the contact, the questions and the attachments.
for p in "REQUEST" "KEY NUMBERS" "Needed by 2026-01-23" "Maria Silva, by email" \
         "Would a global cross-region inference profile" "ATTACHED: support_case.html"; do
  contains "$T/long/support_case.txt" "$p"
done
# The demo's full case is over the cap too: its text is the console version.
contains evidence/example/support_case.txt "The full case, with the diagnosis"

# --- template --------------------------------------------------------------------------
printf '{"name": "a_b*", "n": 50, "l": [1, 2]}\n' >"$T/d.json"
printf 'N {{name}} {{n}}{{#l}} {{.}}{{/l}}\n' >"$T/t.md.mustache"
expect 0 "$qc" template "$T/t.md.mustache" "$T/d.json"
contains "$T/out" 'N a\\_b\\\* 50 1 2'
cp "$T/t.md.mustache" "$T/t.txt.mustache"
expect 0 "$qc" template "$T/t.txt.mustache" "$T/d.json"
contains "$T/out" 'N a_b\* 50 1 2'
printf 'x\n{{missing}}\n' >"$T/u.txt.mustache"
expect 3 "$qc" template "$T/u.txt.mustache" "$T/d.json"
contains "$T/err" "u.txt.mustache:2:1: unknown variable 'missing'"
expect 0 "$qc" template --lenient "$T/u.txt.mustache" "$T/d.json"
expect 0 "$qc" template templates/evidence_summary.txt.mustache evidence/example/model.json
same "$T/out" evidence/example/evidence_summary.txt

# --- bundle ------------------------------------------------------------------------------
expect 0 "$qc" bundle --out "$T/b1.tar.gz" "$T/ev"
expect 0 "$qc" bundle --out "$T/b2.tar.gz" "$T/ev"
same "$T/b1.tar.gz" "$T/b2.tar.gz"
expect 0 "$qc" verify "$T/b1.tar.gz"
contains "$T/out" "ok: $(jq_py "$T/ev/manifest.json" "len(d['files'])") files match"
# A directory that no longer matches its manifest is not bundled: the bundle would not verify.
cp -a "$T/ev" "$T/evt"
echo "edited by hand" >>"$T/evt/evidence_summary.txt"
expect 5 "$qc" bundle --out "$T/bt.tar.gz" "$T/evt"
contains "$T/err" "verification failed: 1 changed, 0 missing, 0 extra; no bundle written"
if [ -e "$T/bt.tar.gz" ]; then bad "a bundle of a changed directory was written"; else ok; fi
# The charts are pictures too: a PNG for each chart, 1520 x 540, with its title in the page.
for f in "$T/ev"/chart-*-attempts.png; do
  is "$(/usr/bin/python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); print(d[:8]==b'\\x89PNG\\r\\n\\x1a\\n', struct.unpack('>II', d[16:24]))" "$f")" \
     "True (1520, 540)" "$(basename "$f"): a PNG of the chart's size"
done
contains "$T/ev/support_case.html" 'font-weight="bold">us.anthropic.claude-sonnet-4-5-20250929-v1:0: attempts per minute against the quota</text>'
contains "$T/ev/support_case.html" 'rotate(-90)" font-size="11" text-anchor="middle">attempts per minute</text>'
contains "$T/ev/support_case.html" 'text-anchor="middle">date (UTC)</text>'
contains "$T/ev/support_case.html" '>2026-01-05</text>'
# Each model's most throttled bursts (three at most) drawn close up, minute by minute with
# half an hour either side; the sample's Sonnet 4.5 has 68 bursts, the top one at 15:29.
is "$(ls evidence/example/chart-us-anthropic-claude-sonnet-4-5-20250929-v1-0-burst-*.png | wc -l)" 3 "three burst close-ups"
is "$(ls evidence/example/chart-amazon-nova-pro-v1-0-burst-*.png | wc -l)" 1 "one burst, one close-up"
contains evidence/example/support_case.html 'us.anthropic.claude-sonnet-4-5-20250929-v1:0: burst at 2026-01-05 15:29 UTC</text>'
contains evidence/example/support_case.html 'text-anchor="middle">time (UTC) on 2026-01-05</text>'
contains evidence/example/support_case.html '>15:20</text>'
# The charts sit with the bursts they draw (in the diagnosis, before the replay), as
# PNGs in the Markdown and as SVG in the page; none is left for a section at the end.
/usr/bin/python3 - evidence/example <<'PY' && ok || bad "charts are not beside their bursts"
import sys
d = sys.argv[1]
md = open(d + "/support_case.md", encoding="utf-8").read()
html = open(d + "/support_case.html", encoding="utf-8").read()
i, j = md.index("Throttling bursts of `us.anthropic"), md.index("### Would the increase suffice?")
ok = "](chart-us-anthropic-claude-sonnet-4-5-20250929-v1-0-burst-1.png)" in md[i:j]
# The model the request is for leads; its six charts come before the next model's bursts.
i, j = html.index("Throttling bursts of <code>us.anthropic"), html.index("Would the increase suffice?")
k = html.find("Throttling bursts of", i + 1)
j = k if 0 < k < j else j
ok = ok and i < html.index("Throttling bursts of <code>amazon.nova")
ok = ok and html[i:j].count("<figure>") == 6 and "<img" not in html and "<h2>Charts</h2>" not in html
txt = open(d + "/support_case.txt", encoding="utf-8").read()
ok = ok and "chart-" not in txt and "(blue)" not in txt
sys.exit(0 if ok else 1)
PY
for f in evidence/example/chart-*-burst-*.png; do
  is "$(/usr/bin/python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); print(struct.unpack('>II', d[16:24]))" "$f")" \
     "(1520, 540)" "$(basename "$f"): a PNG of the chart's size"
done
# Key/value tables have no empty header row, and long values wrap in their cell.
lacks evidence/example/support_case.html "<th></th>"
contains evidence/example/support_case.html "td code{overflow-wrap:anywhere}"
contains evidence/example/support_case.html "<td>Service</td>"
# A week of minutes is drawn in at most 1,400 bars a chart (two rectangles
# each, accepted and throttled), not one a minute.
/usr/bin/python3 - evidence/example/support_case.html <<'PY' && ok || bad "a chart draws more than 1,400 bars"
import sys
figs = open(sys.argv[1], encoding="utf-8").read().split("<figure>")[1:]
sys.exit(0 if figs and all(f.count("<rect") <= 2 * 1400 + 4 for f in figs) else 1)
PY
(cd "$T" && sed 's/b1.tar.gz/b1.tar.gz/' b1.tar.gz.sha256 | sha256sum -c --quiet) && ok || bad "sha256sum -c"
# A flipped byte in the archive.
cp "$T/b1.tar.gz" "$T/b3.tar.gz"; cp "$T/b1.tar.gz.sha256" "$T/b3.tar.gz.sha256"
/usr/bin/python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=1; open(p,'wb').write(b)" "$T/b3.tar.gz"
expect 5 "$qc" verify "$T/b3.tar.gz"
contains "$T/out" "changed: b3.tar.gz"
# A file changed inside, with a matching outer checksum: the manifest catches it.
mkdir -p "$T/x" && tar xzf "$T/b1.tar.gz" -C "$T/x"
echo "tampered" >>"$T/x/example/support_case.md"
(cd "$T/x" && tar czf ../b4.tar.gz example) && (cd "$T" && sha256sum b4.tar.gz >b4.tar.gz.sha256)
expect 5 "$qc" verify "$T/b4.tar.gz"
contains "$T/out" "changed: support_case.md"
rm "$T/b4.tar.gz.sha256"
expect 5 "$qc" verify "$T/b4.tar.gz"
contains "$T/out" "changed: support_case.md"
# The archive alone, as the engineer receives it: its files are checked by its manifest.
mkdir -p "$T/alone" && cp "$T/b1.tar.gz" "$T/alone/"
expect 0 "$qc" verify "$T/alone/b1.tar.gz"
contains "$T/out" "note: no b1.tar.gz.sha256 beside it"

# --- attachment archives: what held_back.json may and may not excuse ----------------------
# An attachment archive made by hand from the example, leaving throttling_errors.txt to the
# full bundle, verifies, packed and unpacked; the tampered ones do not.
/usr/bin/python3 - "$T" evidence/example <<'PY'
import hashlib, io, json, os, sys, tarfile
t, src = sys.argv[1], sys.argv[2]
man = json.load(open(src + "/manifest.json"))
sha = {f["name"]: f["sha256"] for f in man["files"]}
def held(names, full="example.tar.gz"):
    return json.dumps({"full_bundle": {"name": full, "sha256": hashlib.sha256(
        open(src + "/../example.tar.gz", "rb").read()).hexdigest()},
        "held_back": [{"name": n, "sha256": sha[n]} for n in names]}).encode()
def pack(out, leave, hb, prefix="example", extra=None):
    with tarfile.open(os.path.join(t, out), "w:gz") as z:
        for n in sorted(os.listdir(src)):
            if n not in leave:
                z.add(os.path.join(src, n), prefix + "/" + n)
        for name, data in [(prefix + "/held_back.json", hb)] + (extra or []):
            i = tarfile.TarInfo(name); i.size = len(data); z.addfile(i, io.BytesIO(data))
    d = hashlib.sha256(open(os.path.join(t, out), "rb").read()).hexdigest()
    open(os.path.join(t, out + ".sha256"), "w").write("%s  %s\n" % (d, out))
pack("a-ok.tar.gz", {"throttling_errors.txt"}, held(["throttling_errors.txt"]))
pack("a-model.tar.gz", {"model.json"}, held(["model.json"]))
pack("a-other.tar.gz", {"throttling_errors.txt"}, held([]),
     extra=[("other/held_back.json", held(["throttling_errors.txt"]))])
pack("a-full.tar.gz", {"throttling_errors.txt"}, held(["throttling_errors.txt"], full="fake.tar.gz"))
open(os.path.join(t, "fake.tar.gz"), "wb").write(b"not the bundle")
PY
expect 0 "$qc" verify "$T/a-ok.tar.gz"
contains "$T/out" "held back: throttling_errors.txt"
contains "$T/out" "more are held back"
mkdir -p "$T/unpacked" && tar xzf "$T/a-ok.tar.gz" -C "$T/unpacked"
expect 0 "$qc" verify "$T/unpacked/example"
contains "$T/out" "held back: throttling_errors.txt"
# The case's own figures can never be held back.
expect 5 "$qc" verify "$T/a-model.tar.gz"
contains "$T/out" "missing: model.json"
# A second directory's held_back.json is no excuse, and a member outside the one directory fails.
expect 5 "$qc" verify "$T/a-other.tar.gz"
contains "$T/err" "outside the archive's one directory"
# The full bundle beside it must be the one held_back.json names.
expect 5 "$qc" verify "$T/a-full.tar.gz"
contains "$T/out" "changed: fake.tar.gz"

finish render
