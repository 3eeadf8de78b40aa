#!/usr/bin/python3
"""Writes a synthetic evidence directory of MODELS Bedrock models x DAYS days
of 1-minute AWS/Bedrock data, for benchmarks and for size tests.

    tests/gen_evidence.py MODELS DAYS OUTDIR [--seed N] [--quotacase BIN]
                          [--case FILE] [--inputs DIR]

It simulates each model minute by minute (a daily and weekly load, bursts,
the SDK's three attempts per request), writes what a user would hand to
quotacase -- aws CLI exports (`cloudwatch get-metric-data` per model,
`service-quotas list-service-quotas`, `list-aws-default-service-quotas`,
`list-requested-service-quota-change-history`) and application logs in
several client formats -- and runs `quotacase collect --offline` on them, so
OUTDIR is exactly what collect writes, manifest and checksums included.

Models take turns at three fates: throttled on requests per minute (bursts
of agents above an RPM quota, some applied under the AWS default), throttled
on tokens per minute (long documents against the TPM quota), and never
throttled.  Each model has its RPM and TPM quota under the name Service
Quotas gives it ("On-demand model inference requests per minute for Amazon
Nova Pro", "Cross-region model inference tokens per minute for Anthropic
Claude Sonnet 4.5 V1"), and the Anthropic models a daily token quota.

Deterministic: the same arguments give the same bytes.  Each model and day
draws from its own generator, so a shorter run is a prefix of a longer one
and adding models leaves the others unchanged.  The window starts on Monday
2026-01-05 00:00 UTC.

--case FILE also writes a case file asking to raise the first model's RPM
quota; --inputs DIR keeps the exports and logs (by default they are written
to .OUTDIR-NAME.inputs beside OUTDIR and removed).
"""
import argparse
import datetime
import hashlib
import json
import math
import os
import random
import shutil
import subprocess
import sys

DAY0 = 1767571200  # 2026-01-05T00:00:00Z, a Monday
ACCOUNT = "123456789012"
REGION = "us-east-1"

# model id, name in Service Quotas, default RPM, default TPM.  Neighbours
# that a loose match would confuse are here on purpose: Claude 3 Haiku and
# 3.5 Haiku, Nova Pro and Nova Premier, Llama 3.1 70B and 8B, Sonnet 4 and
# Sonnet 4.5, Palmyra X4 and X5.
MODELS = [
    ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "Anthropic Claude Sonnet 4.5 V1", 200, 200000),
    ("amazon.nova-pro-v1:0", "Amazon Nova Pro", 100, 400000),
    ("anthropic.claude-3-5-haiku-20241022-v1:0", "Anthropic Claude 3.5 Haiku", 400, 400000),
    ("us.meta.llama3-3-70b-instruct-v1:0", "Meta Llama 3.3 70B Instruct", 800, 600000),
    ("amazon.nova-lite-v1:0", "Amazon Nova Lite", 200, 800000),
    ("us.anthropic.claude-3-7-sonnet-20250219-v1:0", "Anthropic Claude 3.7 Sonnet V1", 250, 1000000),
    ("amazon.nova-micro-v1:0", "Amazon Nova Micro", 200, 800000),
    ("us.amazon.nova-premier-v1:0", "Amazon Nova Premier", 100, 400000),
    ("meta.llama3-1-70b-instruct-v1:0", "Meta Llama 3.1 70B Instruct", 400, 300000),
    ("us.anthropic.claude-opus-4-1-20250805-v1:0", "Anthropic Claude Opus 4.1", 50, 200000),
    ("meta.llama3-1-8b-instruct-v1:0", "Meta Llama 3.1 8B Instruct", 800, 600000),
    ("us.mistral.pixtral-large-2502-v1:0", "Mistral Pixtral Large 25.02 V1", 100, 160000),
    ("anthropic.claude-3-haiku-20240307-v1:0", "Anthropic Claude 3 Haiku", 1000, 2000000),
    ("us.deepseek.r1-v1:0", "DeepSeek R1 V1", 200, 200000),
    ("cohere.command-r-plus-v1:0", "Cohere Command R Plus", 400, 300000),
    ("us.anthropic.claude-haiku-4-5-20251001-v1:0", "Anthropic Claude Haiku 4.5", 250, 500000),
    ("ai21.jamba-1-5-large-v1:0", "AI21 Labs Jamba 1.5 Large", 100, 300000),
    ("us.meta.llama4-maverick-17b-instruct-v1:0", "Meta Llama 4 Maverick V1", 800, 600000),
    ("mistral.mistral-7b-instruct-v0:2", "Mistral AI Mistral 7B Instruct", 800, 300000),
    ("us.writer.palmyra-x5-v1:0", "Writer Palmyra X5", 100, 100000),
    ("amazon.titan-text-premier-v1:0", "Amazon Titan Text Premier", 100, 300000),
    ("qwen.qwen3-32b-v1:0", "Qwen Qwen3 32B", 200, 400000),
    ("us.anthropic.claude-sonnet-4-20250514-v1:0", "Anthropic Claude Sonnet 4 V1", 200, 200000),
    ("writer.palmyra-x4-v1:0", "Writer Palmyra X4", 100, 100000),
]

FATES = ("rpm", "tpm", "none")
SUM_METRICS = ("Invocations", "InvocationThrottles", "InvocationClientErrors",
               "InvocationServerErrors", "InputTokenCount", "OutputTokenCount")
RETRY_NEXT_MINUTE = 0.2  # share of retries whose backoff crosses into the next minute


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def quota_code(name):
    return "L-" + hashlib.sha256(name.encode()).hexdigest()[:8].upper()


def poisson(r, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(round(r.gauss(lam, math.sqrt(lam)))))
    limit, k, p = math.exp(-lam), 0, r.random()
    while p > limit:
        k += 1
        p *= r.random()
    return k


def load_shape(minute_of_day):
    """Share of the daily peak: low at night, highest mid-afternoon UTC."""
    h = minute_of_day / 60.0
    if 11 <= h < 23:
        return 0.12 + 0.88 * math.sin(math.pi * (h - 11) / 12) ** 2
    return 0.12


class Model:
    def __init__(self, index, seed):
        self.index = index
        self.id, self.family, self.default_rpm, self.default_tpm = MODELS[index]
        self.fate = FATES[index % 3]
        self.profile = self.id.split(".")[0] in ("us", "eu", "apac", "global")
        self.seed = seed
        r = random.Random("%d:%s" % (seed, self.id))
        self.base = r.choice((4, 6, 8, 10, 12, 16, 20, 25, 30))  # requests/min at the daily peak
        self.tin = r.randint(900, 6000)  # mean input tokens per request
        self.tout = r.randint(150, 1200)
        self.latency = r.randint(600, 3500)  # ms, mean at 1,000 output tokens
        self.client = ("botocore", "go", "json", "java", "js")[index % 5]
        peak = self.base + 4 * math.sqrt(self.base)
        tok = self.tin + self.tout
        below = (index // 3) % 2 == 0  # every other throttled model is under its default
        self.rpm, self.tpm = self.default_rpm, self.default_tpm
        if self.fate == "rpm":
            self.rpm = int(math.ceil(peak * 1.25))
            if not below:
                self.default_rpm = self.rpm
            elif self.default_rpm <= self.rpm:
                self.default_rpm = int(math.ceil(self.rpm * 2 / 50.0)) * 50
        elif self.fate == "tpm":
            self.tpm = int(math.ceil(peak * tok * 1.3 / 1000.0)) * 1000
            if not below:
                self.default_tpm = self.tpm
            elif self.default_tpm <= self.tpm:
                self.default_tpm = int(math.ceil(self.tpm * 2 / 100000.0)) * 100000
        # Quotas a model never reaches stay above it even at its burst peak.
        if self.fate != "rpm" and self.rpm < peak * 3:
            self.rpm = self.default_rpm = int(math.ceil(peak * 3 / 50.0)) * 50
        if self.fate != "tpm" and self.tpm < peak * tok * 4:
            self.tpm = self.default_tpm = int(math.ceil(peak * tok * 4 / 100000.0)) * 100000

    def names(self):
        kind = "Cross-region model inference" if self.profile else "On-demand model inference"
        return ("%s requests per minute for %s" % (kind, self.family),
                "%s tokens per minute for %s" % (kind, self.family))

    def bursts(self, r, day):
        """[(start minute of day, end, request factor, token factor)] for one day."""
        weekday = day % 7 < 5
        out = []
        if self.fate == "none":
            if r.random() < 0.3:  # a spike that stays under the quotas
                s = r.randint(12 * 60, 20 * 60)
                out.append((s, s + r.randint(3, 10), 1.8, 1.0))
            return out
        n = poisson(r, 2.2 if weekday else 0.3)
        for _ in range(n):
            s = r.randint(9 * 60, 21 * 60)
            length = r.randint(3, 25)
            if self.fate == "rpm":
                out.append((s, s + length, r.uniform(2.5, 6.0), 1.0))
            else:
                out.append((s, s + length, r.uniform(1.0, 1.4), r.uniform(2.5, 6.0)))
        return out

    def simulate(self, days):
        """Per active minute: (t, accepted, throttled, client errors, server
        errors, input tokens, output tokens, latency avg, latency p99); and
        the requests whose three attempts were all refused: (t, second, kind,
        max_tokens)."""
        rows, failures = [], []
        carry2 = carry3 = 0  # second and third attempts pushed into the next minute
        for day in range(days):
            r = random.Random("%d:%s:%d" % (self.seed, self.id, day))
            level = r.gauss(1.0, 0.08) * (1.0 if day % 7 < 5 else 0.25)
            bursts = self.bursts(r, day)
            for mod in range(1440):
                t = DAY0 + day * 86400 + mod * 60
                rf = tf = 1.0
                for s, e, a, b in bursts:
                    if s <= mod < e:
                        rf, tf = a, b
                new = poisson(r, self.base * level * load_shape(mod) * rf)
                if new == 0 and carry2 == 0 and carry3 == 0:
                    continue  # CloudWatch publishes nothing for an idle minute
                tin = self.tin * tf * r.uniform(0.85, 1.15)
                tout = self.tout * r.uniform(0.8, 1.2)
                by_tokens = int(self.tpm // (tin + tout))
                cap = min(self.rpm, by_tokens)
                kind = "rpm" if self.rpm <= by_tokens else "tpm"
                accepted = throttled = failed = 0
                next2 = next3 = 0
                # Retries from the minute before arrive first.
                for attempt, count in ((3, carry3), (2, carry2), (1, new)):
                    ok = min(count, cap - accepted)
                    accepted += ok
                    for _ in range(count - ok):
                        a = attempt
                        while True:  # the quota is spent: each retry this minute is refused too
                            throttled += 1
                            if a == 3:
                                failed += 1
                                break
                            a += 1
                            if r.random() < RETRY_NEXT_MINUTE:
                                if a == 2:
                                    next2 += 1
                                else:
                                    next3 += 1
                                break
                carry2, carry3 = next2, next3
                cerr = sum(1 for _ in range(accepted) if r.random() < 0.003) if accepted < 200 \
                    else poisson(r, accepted * 0.003)
                serr = 1 if accepted and r.random() < 0.002 else 0
                itok = int(accepted * tin)
                otok = int(accepted * tout)
                lat = self.latency * (0.5 + tout / 2000.0) * r.uniform(0.9, 1.1) if accepted else None
                p99 = lat * r.uniform(2.0, 3.5) if accepted else None
                rows.append((t, accepted, throttled, cerr, serr, itok, otok, lat, p99))
                for _ in range(failed):
                    failures.append((t + r.randint(0, 59), r.randint(0, 999), kind,
                                     r.choice((2048, 4096, 8192)) if kind == "tpm" else None))
        return rows, failures


def metric_data(model, rows, stamps):
    """One aws CLI `get-metric-data` export (ScanBy TimestampDescending)."""
    rev = rows[::-1]
    ts = [stamps[(row[0] - DAY0) // 60] for row in rev]
    short = "m%02d" % model.index
    out = []
    for k, metric in enumerate(SUM_METRICS):
        out.append({"Id": "%s_%s" % (metric.lower(), short),
                    "Label": "%s %s" % (model.id, metric),
                    "Timestamps": ts,
                    "Values": [float(row[1 + k]) for row in rev],
                    "StatusCode": "Complete"})
    lat = [row for row in rev if row[7] is not None]
    lts = [stamps[(row[0] - DAY0) // 60] for row in lat]
    for col, stat in ((7, "Average"), (8, "p99")):
        out.append({"Id": "latency_%s_%s" % (stat.lower(), short),
                    "Label": "%s InvocationLatency %s" % (model.id, stat),
                    "Timestamps": lts,
                    "Values": [round(row[col], 1) for row in lat],
                    "StatusCode": "Complete"})
    return {"MetricDataResults": out, "Messages": []}


def quota_json(code, name, value, adjustable, period, default):
    return {"ServiceCode": "bedrock", "ServiceName": "Amazon Bedrock",
            "QuotaArn": "arn:aws:servicequotas:%s:%s:bedrock/%s" % (REGION, "" if default else ACCOUNT, code),
            "QuotaCode": code, "QuotaName": name, "Value": float(value), "Unit": "None",
            "Adjustable": adjustable, "GlobalQuota": False,
            "Period": {"PeriodValue": 1, "PeriodUnit": period}}


def quotas(models):
    applied, defaults = [], []
    for m in models:
        rpm_name, tpm_name = m.names()
        for name, value, default in ((rpm_name, m.rpm, m.default_rpm), (tpm_name, m.tpm, m.default_tpm)):
            code = quota_code(name)
            applied.append(quota_json(code, name, value, True, "MINUTE", False))
            defaults.append(quota_json(code, name, default, True, "MINUTE", True))
        if m.family.startswith("Anthropic"):
            # Not adjustable, no applied value of its own: only the default list has it.
            name = "Model invocation max tokens per day for %s (doubled for cross-region calls)" % m.family
            defaults.append(quota_json(quota_code(name), name, 1440 * m.default_tpm / 2, False, "DAY", True))
    return {"Quotas": applied}, {"Quotas": defaults}


def history(models):
    m = models[0]
    name = m.names()[0]
    code = quota_code(name)
    stamp = iso(DAY0 + 2 * 86400 + 16 * 3600) + ".318000+00:00"
    return {"RequestedQuotas": [{
        "Id": hashlib.sha256(("request " + code).encode()).hexdigest()[:40],
        "ServiceCode": "bedrock", "ServiceName": "Amazon Bedrock",
        "QuotaCode": code, "QuotaName": name, "DesiredValue": float(m.rpm * 4), "Status": "PENDING",
        "Created": stamp, "LastUpdated": stamp,
        "Requester": "arn:aws:iam::%s:role/platform-admin" % ACCOUNT,
        "QuotaArn": "arn:aws:servicequotas:%s:%s:bedrock/%s" % (REGION, ACCOUNT, code),
        "GlobalQuota": False, "Unit": "None", "QuotaRequestedAtLevel": "ACCOUNT"}]}


MESSAGES = {"rpm": "Too many requests, please wait before trying again.",
            "tpm": "Too many tokens, please wait before trying again."}


def request_id(r):
    return "%08x-%04x-4%03x-8%03x-%012x" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(12),
                                            r.getrandbits(12), r.getrandbits(48))


def log_record(m, r, t, ms, kind, max_tokens):
    """One failed request as the model's client logs it."""
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    msg = MESSAGES[kind]
    mt = " max_tokens=%d" % max_tokens if max_tokens else ""
    if m.client == "botocore":
        return ("%s,%03d ERROR worker.summarise An error occurred (ThrottlingException) when calling the "
                "Converse operation (reached max retries: 2): %s modelId=%s%s"
                % (d.strftime("%Y-%m-%d %H:%M:%S"), ms, msg, m.id, mt))
    if m.client == "go":
        return ("%s worker 2: summarise failed: operation error Bedrock Runtime: InvokeModel, exceeded "
                "maximum number of attempts, 3, https response error StatusCode: 429, RequestID: %s, "
                "ThrottlingException: %s%s model=%s" % (d.strftime("%Y/%m/%d %H:%M:%S"), request_id(r), msg, mt, m.id))
    if m.client == "json":
        o = {"time": "%s.%03dZ" % (d.strftime("%Y-%m-%dT%H:%M:%S"), ms), "level": "error",
             "msg": "bedrock call failed", "modelId": m.id, "operation": "Converse",
             "error": {"code": "ThrottlingException", "message": msg, "status": 429},
             "request_id": request_id(r), "attempt": 3}
        if max_tokens:
            o["max_tokens"] = max_tokens
        return json.dumps(o)
    if m.client == "java":
        return ("%s.%03d ERROR [pool-2-thread-%d] c.e.agent.ModelClient - converse failed for model %s%s\n"
                "software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException: %s (Service: "
                "BedrockRuntime, Status Code: 429, Request ID: %s) (SDK Attempt Count: 3)\n"
                "\tat software.amazon.awssdk.services.bedrockruntime.DefaultBedrockRuntimeClient.converse"
                "(DefaultBedrockRuntimeClient.java:502)\n"
                "\tat com.example.agent.ModelClient.call(ModelClient.java:77)"
                % (d.strftime("%Y-%m-%d %H:%M:%S"), ms, r.randint(1, 8), m.id, mt, msg, request_id(r)))
    return ("%s.%03dZ ERROR converse failed for %s%s\n"
            "ThrottlingException: %s\n"
            "    at de_ThrottlingExceptionRes (/app/node_modules/@aws-sdk/client-bedrock-runtime/dist-cjs/index.js:1713:21)\n"
            "  '$fault': 'client',\n"
            "  '$metadata': {\n"
            "    httpStatusCode: 429,\n"
            "    requestId: '%s',\n"
            "    attempts: 3,\n"
            "    totalRetryDelay: %d\n"
            "  }\n"
            "}" % (d.strftime("%Y-%m-%dT%H:%M:%S"), ms, m.id, mt, msg, request_id(r), r.randint(900, 4000)))


def app_log(m, failures, days):
    """The model's service log: its failed requests, an hourly progress line,
    and now and then a throttle of another service that must not count."""
    r = random.Random("%d:%s:log" % (m.seed, m.id))
    lines = []
    for t, ms, kind, mt in failures:
        lines.append((t, ms, log_record(m, r, t, ms, kind, mt)))
    for h in range(days * 24):
        t = DAY0 + h * 3600 + 17
        d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
        lines.append((t, 0, "%s,000 INFO worker.batch %d documents done" % (d.strftime("%Y-%m-%d %H:%M:%S"), r.randint(20, 900))))
        if h % 29 == 5:
            lines.append((t + 3, 4, "%s,004 ERROR metrics.publisher An error occurred (Throttling) when calling the "
                          "PutMetricData operation (reached max retries: 2): Rate exceeded" % d.strftime("%Y-%m-%d %H:%M:%S")))
    lines.sort(key=lambda x: (x[0], x[1]))
    return "\n".join(l for _, _, l in lines) + "\n"


def case_file(models, case_id, peak):
    m = models[0]
    rpm_name = m.names()[0]
    want = int(math.ceil(peak * 1.3 / 10.0)) * 10
    return {
        "case_id": case_id,
        "subject": "Increase %s requests per minute (us-east-1) from %d to %d" % (m.family, m.rpm, want),
        "severity": "high",
        "service": "Amazon Bedrock",
        "account_id": ACCOUNT,
        "region": REGION,
        "quota_code": quota_code(rpm_name),
        "contact": {"name": "Operations", "method": "email", "availability": "Weekdays 08:00-18:00",
                    "timezone": "UTC"},
        "use_case": "A document-processing service: agents split each batch into tasks that call %s." % m.family,
        "business_impact": "Batches stall during bursts and are retried by hand.",
        "business_value": "Batches finish within their service level.",
        "current_limitations": "The requests-per-minute quota is %d; bursts need more." % m.rpm,
        "operational_requirements": "Bursts of agents during business hours complete without retries.",
        "architecture": [{"component": "batch agents", "role": "call the model for each task"}],
        "request_pattern": {
            "components": [{"component": "batch agents", "requests_per_investigation": max(1, peak // 3)}],
            "investigation_minutes": 1, "concurrent_investigations": 3, "burst_size": max(1, peak // 3),
            "retry_policy": "AWS SDK standard mode, 3 attempts, exponential backoff with jitter",
            "retry_allowance_percent": 20, "buffer_percent": 15},
        "requested_limit": want,
        "deadline": iso(DAY0 + 21 * 86400)[:10],
        "timeline": "Rollout the week after the deadline.",
        "questions": ["Can the tokens-per-minute quota stay at its default while the request quota is raised?"],
        "workaround": "Batches are paced by hand during bursts.",
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", type=int)
    ap.add_argument("days", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quotacase", default=os.environ.get("QUOTACASE", "build/quotacase"))
    ap.add_argument("--case", help="also write a case file for the first model's RPM quota")
    ap.add_argument("--inputs", help="keep the exports and logs in this directory")
    a = ap.parse_args()
    if not 1 <= a.models <= len(MODELS):
        ap.error("MODELS must be 1 to %d" % len(MODELS))
    if a.days < 1:
        ap.error("DAYS must be at least 1")
    models = [Model(i, a.seed) for i in range(a.models)]
    stamps = [iso(DAY0 + k * 60) + "+00:00" for k in range(a.days * 1440 + 1)]
    out = os.path.abspath(a.outdir)
    inputs = os.path.abspath(a.inputs or os.path.join(os.path.dirname(out), "." + os.path.basename(out) + ".inputs"))
    try:
        if os.path.exists(inputs):
            shutil.rmtree(inputs)
        os.makedirs(os.path.join(inputs, "exports"))
        os.makedirs(os.path.join(inputs, "logs"))
        peak0 = 0
        for m in models:
            rows, failures = m.simulate(a.days)
            if m.index == 0:
                peak0 = max((row[1] + row[2] for row in rows), default=0)
            with open(os.path.join(inputs, "exports", "cloudwatch-get-metric-data-m%02d.json" % m.index), "w") as f:
                json.dump(metric_data(m, rows, stamps), f)
            with open(os.path.join(inputs, "logs", "service-m%02d.log" % m.index), "w") as f:
                f.write(app_log(m, failures, a.days))
            print("%-46s %-4s rpm %6d tpm %8d  throttled %7d  failed %6d" %
                  (m.id, m.fate, m.rpm, m.tpm, sum(row[2] for row in rows), len(failures)), file=sys.stderr)
        applied, defaults = quotas(models)
        for name, doc in (("service-quotas-list-service-quotas.json", applied),
                          ("service-quotas-list-aws-default-service-quotas.json", defaults),
                          ("service-quotas-change-history.json", history(models))):
            with open(os.path.join(inputs, "exports", name), "w") as f:
                json.dump(doc, f, indent=4)
                f.write("\n")
        case_id = os.path.basename(out)
        case = json.dumps(case_file(models, case_id, peak0), indent=2) + "\n"
        for path in [os.path.join(inputs, "case.json")] + ([a.case] if a.case else []):
            with open(path, "w") as f:
                f.write(case)
        start, end = iso(DAY0) + "Z", iso(DAY0 + a.days * 86400) + "Z"
        # Run inside the inputs directory with relative names, so that the
        # manifest (sources, command line) carries no machine path.
        cmd = [os.path.abspath(a.quotacase), "collect", "--offline", "--quiet", "--case", "case.json",
               "--region", REGION, "--start", start, "--end", end, "--now", end,
               "--logs", "logs", "--import", "exports", "--out", os.path.relpath(out, inputs), "--force"]
        rc = subprocess.run(cmd, cwd=inputs, stdout=subprocess.DEVNULL).returncode
        if rc != 0:
            sys.exit("gen_evidence: quotacase collect exited %d" % rc)
    finally:
        if not a.inputs:
            shutil.rmtree(inputs, ignore_errors=True)


if __name__ == "__main__":
    main()
