#!/usr/bin/python3
"""Opens evidence.xlsx with an independent reader (Debian's python3-openpyxl)
and checks its sheets, value types, formulas, frozen headers, filters and
charts against model.json.

    tests/xlsx_check.py EVIDENCE_DIR"""
import datetime
import json
import os
import sys
import zipfile

import openpyxl

d = sys.argv[1]
model = json.load(open(os.path.join(d, "model.json")))
path = os.path.join(d, "evidence.xlsx")
wb = openpyxl.load_workbook(path)
fails = []


def check(cond, what):
    if not cond:
        fails.append(what)


nmodels = len(model["models"])
want = ["Summary", "Quotas", "Quota plan", "Throttling events", "Hours"] + ["Demand %d" % (i + 1) for i in range(nmodels)] + \
       ["What-if", "Capacity plan", "Evidence files"]
check(wb.sheetnames == want, "sheets %s" % wb.sheetnames)
for ws in wb.worksheets:
    check(ws.freeze_panes == "A2", "%s: header row frozen" % ws.title)
q = wb["Quotas"]
rows = list(q.iter_rows(min_row=2, values_only=True))
check(len(rows) == len(model["quotas"]), "one row per quota")
for r, mq in zip(rows, model["quotas"]):
    check(r[0] == mq["code"] and r[4] == mq["effective"], "quota %s in force" % mq["code"])
    check(r[5] in ("yes", "no", "not known"), "adjustable reads yes or no")
check(q.auto_filter.ref is not None, "quotas have a filter")
check(len(q.conditional_formatting) >= 1, "utilisation has conditional formatting")
for i, m in enumerate(model["models"]):
    ws = wb["Demand %d" % (i + 1)]
    rows = list(ws.iter_rows(min_row=2, max_col=8))
    data = [r for r in rows if r[0].value is not None]
    shown = [row for w in m["windows"] for row in w["rows"]]
    check(len(data) == len(shown), "%s: one row per minute of the throttled windows" % m["model_id"])
    check(len(rows) - len(data) == max(len(m["windows"]) - 1, 0),
          "%s: one blank row between two windows" % m["model_id"])
    if not shown:
        continue
    first = data[0]
    check(isinstance(first[0].value, datetime.datetime), "times are dates")
    check(first[0].value.strftime("%Y-%m-%dT%H:%M:%SZ") == shown[0][0], "first minute")
    check(first[1].value == shown[0][1] and first[2].value == shown[0][2], "counts")
    check(first[3].value == "=B2+C2" and first[6].value == "=E2+F2", "attempts and tokens are formulas")
    total = sum(r[2].value for r in data)
    check(total == sum(w["throttled"] for w in m["windows"]), "%s: throttles add up" % m["model_id"])
    # Every throttled minute lies in a window unless the windows were cut.
    check(m["windows_cut"] or total == m["totals"]["throttles"],
          "%s: the windows hold all the throttling" % m["model_id"])
    check(ws.cell(row=1, column=12).value == m["model_id"], "%s: the sheet names its model" % m["model_id"])
    check(ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
          and ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0,
          "%s: prints landscape, one page wide" % m["model_id"])
    check(ws.print_title_rows in ("1:1", "$1:$1"), "%s: the header row repeats on each page" % m["model_id"])
evs = list(wb["Throttling events"].iter_rows(min_row=2, max_col=7, values_only=True))
lst = model["events"]["list"]
check(len(evs) == len(lst), "one row per listed event")
check(all(r[5] == e[5] and r[6] == e[6] and r[4] == e[7] for r, e in zip(evs, lst)),
      "events carry their request id, source and error code")
check(all(isinstance(r[0], datetime.datetime) for r, e in zip(evs, lst) if e[0]), "event times are dates")
check(model["events"]["list_cut"] == (wb["Throttling events"].cell(row=1, column=9).value is not None),
      "a cut list says so")
hours = [r for r in wb["Hours"].iter_rows(min_row=2, values_only=True) if r[0] is not None]
check(len(hours) == sum(len(m["hours"]) for m in model["models"]), "one row per model-hour")
for m in model["models"]:
    mine = [r for r in hours if r[1] == m["model_id"]]
    check(sum(r[3] for r in mine) == m["totals"]["throttles"], "%s: hours hold every throttle" % m["model_id"])
    check(sum(r[2] for r in mine) == m["totals"]["invocations"], "%s: hours hold every call" % m["model_id"])
    check(all(r[4] == r[2] + r[3] for r in mine), "attempts are accepted + throttled")
plan = list(wb["Quota plan"].iter_rows(min_row=2, values_only=True))
want_plan = [(d["model_id"], q["code"], q["applied"], q["default"], q["bursts"], q["recommended"],
              d["demand"]["first_attempts"], d["demand"]["attempts"])
             for d in model["diagnosis"]["models"] for q in d["quota_table"]]
check([(r[0], r[1], r[5], r[6], r[8], r[9], r[11], r[12]) for r in plan] == want_plan,
      "quota plan rows are the model's quota tables, with calls beside attempts")
cp = [r for r in wb["Capacity plan"].iter_rows(values_only=True) if r[0]]
labels = {r[0]: r[1] for r in cp}
check(str(labels.get("Requested requests per minute", "")).startswith("=ROUNDUP("), "capacity plan formula")
check(str(labels.get("Requests per investigation", "")).startswith("=SUM("), "sum formula")
wi = [r for r in wb["What-if"].iter_rows(min_row=2, values_only=True) if r[1]]
want_wi = [(d["model_id"], rp["label"], rp["unit"], rp["quota"], rp["throttled"],
            rp["delay_minutes"], rp["delay_max_seconds"])
           for d in model["diagnosis"]["models"] for rp in d["replay"]]
check([(r[0], r[1], r[2], r[3], r[6], r[8], r[9]) for r in wi] == want_wi,
      "what-if rows are the model's replays")
check(all(isinstance(v, (int, float)) for r in wi for v in r[3:10]), "what-if figures are numbers")
ev = list(wb["Evidence files"].iter_rows(min_row=2, values_only=True))
check([r[0] for r in ev] == [f["name"] for f in model["evidence"]["files"]], "evidence file names")
check(all(len(r[2]) == 64 for r in ev), "sha256 digests")
with zipfile.ZipFile(path) as z:
    charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    xml = [z.read(n).decode() for n in charts]
check(len(charts) == 2 * sum(1 for m in model["models"] if m["windows"]),
      "two charts per model with throttling (%d)" % len(charts))
# The quota is one unbroken line from the first minute shown to the last (its two ends in
# hidden cells of row 1), not pieces broken at every gap between windows.
check(all("$AE$1:$AF$1" in x for x in xml if "quota" in x),
      "quota lines run from the first minute to the last")
# libxlsxwriter leaves out dispBlanksAs when it is "gap", the readers' default.
check(all("<c:scatterChart>" in x and "dispBlanksAs" not in x for x in xml),
      "charts run on a continuous time axis, gaps shown as gaps")
# As a person reads it: printed by LibreOffice, when it is installed (the
# check is skipped, and says so, where it is not).
import shutil, subprocess, tempfile
if shutil.which("soffice") and shutil.which("pdftotext"):
    with tempfile.TemporaryDirectory() as tmp:
        home = os.path.join(tmp, "home")  # LibreOffice's profile, not the user's
        subprocess.run(["soffice", "-env:UserInstallation=file://" + home, "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        pdf = os.path.join(tmp, "evidence.pdf")
        check(os.path.exists(pdf), "LibreOffice prints the workbook")
        if os.path.exists(pdf):
            text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                                  text=True).stdout
            pages = text.count("\f")
            check(0 < pages <= 20 + 4 * nmodels, "the printout has a sane number of pages (%d)" % pages)
            for m in model["models"]:
                if m["windows"]:
                    check("%s: requests per minute" % m["model_id"] in text.replace("\n", " "),
                          "%s: the printed demand sheet has its chart, titled" % m["model_id"])
            for h in ("Calls (first attempts)", "Hour (UTC)", "Request id", "Minute (UTC)"):
                check(h in text, "the printout has %s" % h)
else:
    print("xlsx: LibreOffice or pdftotext not installed; the printout is not checked")
for f in fails:
    print("FAIL", f)
print("xlsx: %d passed, %d failed" % (1 if not fails else 0, len(fails)))
sys.exit(1 if fails else 0)
