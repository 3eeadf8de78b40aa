#!/usr/bin/env python3
"""Writes aws CLI `cloudwatch get-metric-data` exports for the import benchmark.

gen_metric_data.py OUTDIR [MODELS] [DAYS] [--seed N]

One file per model and week, as the aws CLI prints them (4-space indent,
TimestampDescending, ISO 8601 times with +00:00): six Sum metrics and the
latency's Average and p99 at one minute, every minute filled.  8 models x 28
days is about 175 MB.  Deterministic for a seed."""
import json
import os
import random
import sys

MODELS = [
    "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "amazon.nova-pro-v1:0",
    "anthropic.claude-3-5-haiku-20241022-v1:0", "us.anthropic.claude-opus-4-1-20250805-v1:0",
    "meta.llama3-3-70b-instruct-v1:0", "amazon.nova-lite-v1:0",
    "mistral.mistral-large-2407-v1:0", "us.deepseek.r1-v1:0",
]
SUMS = ["Invocations", "InvocationThrottles", "InvocationClientErrors",
        "InvocationServerErrors", "InputTokenCount", "OutputTokenCount"]
DAY0 = 1767225600  # 2026-01-01T00:00:00Z


def stamp(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t))


def main():
    args = [a for a in sys.argv[1:]]
    seed = 1
    if "--seed" in args:
        i = args.index("--seed")
        seed = int(args[i + 1])
        del args[i:i + 2]
    out = args[0]
    nmodels = int(args[1]) if len(args) > 1 else 8
    days = int(args[2]) if len(args) > 2 else 28
    r = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    for m in range(nmodels):
        model = MODELS[m % len(MODELS)] if m < len(MODELS) else "custom.model-%02d-v1:0" % m
        for week in range((days + 6) // 7):
            d0 = week * 7
            d1 = min(days, d0 + 7)
            times = list(range(DAY0 + d1 * 86400 - 60, DAY0 + d0 * 86400 - 1, -60))
            ts = [stamp(t) for t in times]
            rows = []
            for _ in times:
                inv = float(r.randint(0, 400))
                thr = float(r.randint(0, 40)) if r.random() < 0.1 else 0.0
                rows.append((inv, thr, float(r.randint(0, 3)), float(r.randint(0, 2)),
                             inv * r.randint(300, 3000), inv * r.randint(50, 800),
                             round(r.uniform(400, 4000), 1), round(r.uniform(2000, 9000), 1)))
            res = []
            for k, metric in enumerate(SUMS):
                res.append({"Id": "%s_m%02d" % (metric.lower(), m),
                            "Label": "%s %s" % (model, metric),
                            "Timestamps": ts, "Values": [row[k] for row in rows],
                            "StatusCode": "Complete"})
            for k, stat in ((6, "Average"), (7, "p99")):
                res.append({"Id": "latency_%s_m%02d" % (stat.lower(), m),
                            "Label": "%s InvocationLatency %s" % (model, stat),
                            "Timestamps": ts, "Values": [row[k] for row in rows],
                            "StatusCode": "Complete"})
            path = os.path.join(out, "get-metric-data-m%02d-w%d.json" % (m, week))
            with open(path, "w") as f:
                json.dump({"MetricDataResults": res, "Messages": []}, f, indent=4)
                f.write("\n")


if __name__ == "__main__":
    main()
