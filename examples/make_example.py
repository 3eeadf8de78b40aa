#!/usr/bin/python3
"""Writes the demo inputs under examples/: application logs in several client
formats, aws CLI exports of 7 days of AWS/Bedrock metrics for two models,
Service Quotas exports and a case file.

The numbers come from one simulation, so the logs and the metrics agree: an
agent team sends bursts of requests to Claude Sonnet 4.5 (cross-region
profile) whose requests-per-minute quota was applied at 4, far under the AWS
default; throttled calls are retried by the SDK (standard mode, 3 attempts,
jittered backoff) and a request whose three attempts were all refused is
logged as an error.  Amazon Nova Pro serves a steadier load and is throttled
once, on tokens.  The change history holds one earlier request for the Sonnet
requests quota, denied in December.  Deterministic: run it again and every
byte is the same.

    python3 examples/make_example.py
"""
import gzip
import io
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
R = random.Random(20260105)

SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
NOVA = "amazon.nova-pro-v1:0"
DAY0 = 1767571200  # 2026-01-05T00:00:00Z, a Monday
DAYS = 7
SONNET_RPM = 4
NOVA_RPM = 100


def iso(t, frac=None):
    import datetime
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    s = d.strftime("%Y-%m-%dT%H:%M:%S")
    if frac is not None:
        s += ".%03d" % frac
    return s


def pylog(t, ms):
    return iso(t).replace("T", " ") + ",%03d" % ms


class Minute:
    def __init__(self):
        self.accepted = 0
        self.throttled = 0
        self.client_errors = 0
        self.tin = 0
        self.tout = 0


def simulate_sonnet():
    """Second-by-second: attempts, the 4-per-minute limit, SDK retries."""
    minutes = {}
    failures = []  # (time, investigation, agent)
    pending = []  # (time, investigation, agent, attempt)
    for day in range(5):  # Monday to Friday; the weekend stays quiet
        starts = sorted(R.sample(range(9 * 3600, 17 * 3600, 60), 14))
        for k, s in enumerate(starts):
            inv = 4100 + day * 100 + k
            for agent in range(5):
                for req in range(R.choice((2, 2, 3))):
                    t = DAY0 + day * 86400 + s + agent * R.randint(3, 9) + req * R.randint(20, 70)
                    pending.append((t, inv, agent, 1))
    pending.sort()
    while pending:
        t, inv, agent, attempt = pending.pop(0)
        m = minutes.setdefault(t - t % 60, Minute())
        if m.accepted < SONNET_RPM:
            m.accepted += 1
            m.tin += R.randint(2400, 9800)
            m.tout += R.randint(250, 1400)
            continue
        m.throttled += 1
        if attempt == 3:
            failures.append((t, inv, agent))
            continue
        delay = R.randint(1, 2 ** attempt * 4)
        nxt = (t + delay, inv, agent, attempt + 1)
        # keep the queue ordered
        i = 0
        while i < len(pending) and pending[i] <= nxt:
            i += 1
        pending.insert(i, nxt)
    return minutes, failures


def simulate_nova():
    minutes = {}
    for day in range(5):
        for mi in range(14 * 60, 16 * 60):
            t = DAY0 + day * 86400 + mi * 60
            m = Minute()
            m.accepted = R.randint(3, 14)
            m.tin = m.accepted * R.randint(900, 2100)
            m.tout = m.accepted * R.randint(120, 380)
            if R.random() < 0.01:
                m.client_errors = 1
            minutes[t] = m
    # One afternoon of long documents: tokens, not requests, run out.
    burst = DAY0 + 3 * 86400 + 15 * 3600 + 7 * 60
    minutes[burst].throttled = 9  # 3 failed calls, 3 attempts each (Go SDK default)
    minutes[burst].tin = 371000
    return minutes


def metric_results(model, minutes, short):
    out = []
    for metric, field in (("Invocations", "accepted"), ("InvocationThrottles", "throttled"),
                          ("InvocationClientErrors", "client_errors"),
                          ("InputTokenCount", "tin"), ("OutputTokenCount", "tout")):
        ts = sorted(minutes)
        if metric in ("InvocationThrottles", "InvocationClientErrors"):
            # CloudWatch publishes these only for minutes with an invocation
            # attempt; a zero is a datapoint, an idle minute is none.
            pass
        vals = [float(getattr(minutes[t], field)) for t in ts]
        # aws CLI default ScanBy is TimestampDescending
        out.append({
            "Id": "%s_%s" % (metric.lower(), short),
            "Label": "%s %s" % (model, metric),
            "Timestamps": [iso(t) + "+00:00" for t in reversed(ts)],
            "Values": list(reversed(vals)),
            "StatusCode": "Complete",
        })
    return out


def write(path, data, mode="w"):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, mode) as f:
        f.write(data)


def supervisor_log(failures):
    lines = []
    by_time = sorted(failures)
    seen_inv = set()
    for i, (t, inv, agent) in enumerate(by_time):
        ms = (t * 7 + i) % 1000
        if inv not in seen_inv:
            seen_inv.add(inv)
            lines.append((t - 1, "%s INFO agent.supervisor investigation %d started with 5 agents" % (pylog(t - 1, 0), inv)))
        roles = ("triage", "logs", "metrics", "config", "summary")
        who = roles[agent]
        if i % 3 == 0:
            lines.append((t, "\n".join([
                "%s ERROR agent.%s model call failed modelId=%s investigation=%d" % (pylog(t, ms), who, SONNET, inv),
                "Traceback (most recent call last):",
                '  File "/srv/agent/%s.py", line 88, in call_model' % who,
                "    response = client.converse(modelId=model_id, messages=messages, inferenceConfig=cfg)",
                '  File "/usr/lib/python3/dist-packages/botocore/client.py", line 1023, in _make_api_call',
                "    raise error_class(parsed_response, operation_name)",
                "botocore.errorfactory.ThrottlingException: An error occurred (ThrottlingException) when calling the Converse operation (reached max retries: 2): Too many requests, please wait before trying again.",
            ])))
        elif i % 3 == 1:
            who_asked = " requested_by=maria.silva@example.com" if i % 30 == 1 else ""
            lines.append((t, "%s ERROR agent.%s An error occurred (ThrottlingException) when calling the Converse operation (reached max retries: 2): Too many requests, please wait before trying again. modelId=%s investigation=%d%s" % (pylog(t, ms), who, SONNET, inv, who_asked)))
        else:
            continue  # logged by the gateway (JavaScript) instead
    # Noise a scanner must not count.
    d1 = DAY0 + 86400 + 10 * 3600
    lines.append((d1 + 5, "%s WARNING agent.ratelimit local limiter: too many requests in flight, sleeping 2s" % pylog(d1 + 5, 120)))
    lines.append((d1 + 9, "%s ERROR metrics.publisher An error occurred (Throttling) when calling the PutMetricData operation (reached max retries: 2): Rate exceeded" % pylog(d1 + 9, 4)))
    lines.append((DAY0 + 3600, "%s DEBUG botocore.credentials Found credentials in environment variables: AKIAIOSFODNN7EXAMPLE (owner platform-team@example.com)" % pylog(DAY0 + 3600, 0)))
    lines.sort(key=lambda x: x[0])
    return "\n".join(l for _, l in lines) + "\n"


def gateway_log(failures):
    out = []
    for i, (t, inv, agent) in enumerate(sorted(failures)):
        if i % 3 != 2:
            continue
        rid = "%08x-%04x-4%03x-8%03x-%012x" % (R.getrandbits(32), R.getrandbits(16), R.getrandbits(12), R.getrandbits(12), R.getrandbits(48))
        out.append("%sZ ERROR converse failed for %s (investigation %d)" % (iso(t, (t * 13 + i) % 1000), SONNET, inv))
        out.append("ThrottlingException: Too many requests, please wait before trying again.")
        out.append("    at de_ThrottlingExceptionRes (/app/node_modules/@aws-sdk/client-bedrock-runtime/dist-cjs/index.js:1713:21)")
        out.append("    at async ConverseCommand (/app/node_modules/@smithy/middleware-serde/dist-cjs/index.js:35:20) {")
        out.append("  '$fault': 'client',")
        out.append("  '$metadata': {")
        out.append("    httpStatusCode: 429,")
        out.append("    requestId: '%s'," % rid)
        out.append("    attempts: 3,")
        out.append("    totalRetryDelay: %d" % R.randint(900, 4000))
        out.append("  }")
        out.append("}")
    return "\n".join(out) + "\n"


def worker_log(nova):
    out = []
    for t in sorted(nova):
        m = nova[t]
        if m.throttled:
            for k in range(m.throttled // 3):  # each failure is 3 throttled attempts
                rid = "%08x-%04x-4%03x-a%03x-%012x" % (R.getrandbits(32), R.getrandbits(16), R.getrandbits(12), R.getrandbits(12), R.getrandbits(48))
                ts = t + 10 + k * 7
                import datetime
                d = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y/%m/%d %H:%M:%S")
                out.append("%s worker 2: summarise failed: operation error Bedrock Runtime: InvokeModel, exceeded maximum number of attempts, 3, https response error StatusCode: 429, RequestID: %s, ThrottlingException: Too many tokens, please wait before trying again. max_tokens=%d model=%s" % (d, rid, 8192 if k % 2 == 0 else 4096, NOVA))
        elif t % 3600 == 14 * 3600 % 3600 and (t // 86400) % 2 == 0:
            import datetime
            d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y/%m/%d %H:%M:%S")
            out.append("%s worker 2: batch of %d documents summarised" % (d, m.accepted))
    return "\n".join(out) + "\n"


def quota(code, name, value, adjustable, unit_period, default):
    arn = "arn:aws:servicequotas:us-east-1:%s:bedrock/%s" % ("" if default else "123456789012", code)
    return {
        "ServiceCode": "bedrock",
        "ServiceName": "Amazon Bedrock",
        "QuotaArn": arn,
        "QuotaCode": code,
        "QuotaName": name,
        "Value": float(value),
        "Unit": "None",
        "Adjustable": adjustable,
        "GlobalQuota": False,
        "Period": {"PeriodValue": 1, "PeriodUnit": unit_period},
    }


QUOTAS = [
    # code, name, applied, default, adjustable, period
    ("L-2DC80978", "Cross-region model inference requests per minute for Anthropic Claude Sonnet 4.5 V1", 4, 200, True, "MINUTE"),
    ("L-6E888CC2", "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1", 200000, 200000, True, "MINUTE"),
    ("L-8A5D3B1E", "Model invocation max tokens per day for Anthropic Claude Sonnet 4.5 V1 (doubled for cross-region calls)", 144000000, 144000000, False, "DAY"),
    ("L-70423BF8", "On-demand model inference requests per minute for Amazon Nova Pro", 100, 100, True, "MINUTE"),
    ("L-3F1B9E52", "On-demand model inference tokens per minute for Amazon Nova Pro", 400000, 400000, True, "MINUTE"),
]


def main():
    sonnet, failures = simulate_sonnet()
    nova = simulate_nova()
    results = metric_results(SONNET, sonnet, "sonnet") + metric_results(NOVA, nova, "nova")
    write("exports/cloudwatch-get-metric-data.json",
          json.dumps({"MetricDataResults": results, "Messages": []}, indent=4) + "\n")
    applied = [quota(c, n, a, adj, p, False) for c, n, a, d, adj, p in QUOTAS
               if c != "L-8A5D3B1E"]  # no applied value of its own: ListServiceQuotas omits it
    applied[0]["UsageMetric"] = {
        "MetricNamespace": "AWS/Usage", "MetricName": "CallCount",
        "MetricDimensions": {"Class": "None", "Resource": "ModelInvocation", "Service": "Bedrock", "Type": "Resource"},
        "MetricStatisticRecommendation": "Sum"}
    write("exports/service-quotas-list-service-quotas.json", json.dumps({"Quotas": applied}, indent=4) + "\n")
    defaults = [quota(c, n, d, adj, p, True) for c, n, a, d, adj, p in QUOTAS]
    write("exports/service-quotas-list-aws-default-service-quotas.json",
          json.dumps({"Quotas": defaults}, indent=4) + "\n")
    # An earlier request, closed before the week of throttling: 20 asked in
    # December without evidence, and denied.  None is open, so the demo's
    # case (50, with the evidence) is one Service Quotas would accept.
    history = {"RequestedQuotas": [{
        "Id": "3b7d2e9c0a4f4e1b9c8d7a6f5e4d3c2b1a0f9e8d",
        "ServiceCode": "bedrock", "ServiceName": "Amazon Bedrock",
        "QuotaCode": "L-2DC80978", "QuotaName": QUOTAS[0][1],
        "DesiredValue": 20.0, "Status": "DENIED",
        "Created": "2025-12-15T10:24:37.120000+00:00", "LastUpdated": "2025-12-18T14:05:52.904000+00:00",
        "Requester": "arn:aws:iam::123456789012:role/platform-admin",
        "QuotaArn": "arn:aws:servicequotas:us-east-1:123456789012:bedrock/L-2DC80978",
        "GlobalQuota": False, "Unit": "None", "QuotaRequestedAtLevel": "ACCOUNT"}]}
    write("exports/service-quotas-change-history.json", json.dumps(history, indent=4) + "\n")
    write("logs/supervisor.log", supervisor_log(failures))
    write("logs/gateway.log", gateway_log(failures))
    # A rotated worker log: gzip inside, a plain-text name outside.
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as g:
        g.write(worker_log(nova).encode())
    write("logs/worker.log.1", buf.getvalue(), "wb")
    print("sonnet: %d active minutes, %d throttled attempts, %d logged failures" %
          (len(sonnet), sum(m.throttled for m in sonnet.values()), len(failures)))


if __name__ == "__main__":
    main()
