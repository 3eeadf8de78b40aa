#!/usr/bin/python3
"""Writes this scenario's inputs (kept in git; run again to regenerate).

A Claude Sonnet 4.5 agent on the US profile, 10:00-10:20 UTC on 2026-04-07:
requests-per-minute 4 (not adjustable), tokens-per-minute 4,000
(adjustable), a 1M-context tier listed first, two tokens-per-minute
increase requests open.  The Go SDK logs "Too many tokens" for calls that
failed after 5 attempts (retries at 15/30/60/120 s).  Minutes 10:00-10:05:
6 calls each minute, 4 accepted at 600 tokens each (2,400 of 4,000 tokens),
2 calls a minute failing after 5 throttled attempts each; 10:06-10:19: 2 calls a minute,
both accepted."""
import json, os
D = os.path.dirname(os.path.abspath(__file__))
M = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
rows = []
for i in range(20):
    t = "2026-04-07T10:%02d:00+00:00" % i
    if i < 6:
        rows.append((t, 4, 10, 2000, 400))  # 4 accepted; 2 calls x 5 attempts throttled
    else:
        rows.append((t, 2, 0, 1000, 200))
res = []
for metric, col in (("Invocations", 1), ("InvocationThrottles", 2), ("InputTokenCount", 3),
                    ("OutputTokenCount", 4)):
    res.append({"Id": metric.lower(), "Label": "%s %s" % (M, metric),
                "Timestamps": [r[0] for r in rows], "Values": [float(r[col]) for r in rows],
                "StatusCode": "Complete"})
json.dump({"MetricDataResults": res, "Messages": []}, open(os.path.join(D, "metrics.json"), "w"), indent=1)

def quota(code, name, value, adjustable):
    return {"ServiceCode": "bedrock", "ServiceName": "Amazon Bedrock",
            "QuotaArn": "arn:aws:servicequotas:us-east-1:111122223333:bedrock/" + code,
            "QuotaCode": code, "QuotaName": name, "Value": value, "Unit": "None",
            "Adjustable": adjustable, "GlobalQuota": False}
F = " for Anthropic Claude Sonnet 4.5 V1"
json.dump({"Quotas": [
    quota("L-1A1A1A1A", "Cross-region model inference requests per minute" + F + " 1M Context Length", 2.0, False),
    quota("L-2B2B2B2B", "Cross-region model inference requests per minute" + F, 4.0, False),
    quota("L-3C3C3C3C", "Cross-region model inference tokens per minute" + F, 4000.0, True),
    quota("L-4D4D4D4D", "Global cross-region model inference requests per minute" + F, 10.0, True),
    quota("L-5E5E5E5E", "Batch inference job size (in GB)" + F, 5.0, False),
]}, open(os.path.join(D, "quotas.json"), "w"), indent=1)
reqs = []
for n, (rid, created) in enumerate((("aa11", "2026-04-06T08:00:00+00:00"), ("bb22", "2026-04-06T09:00:00+00:00"))):
    reqs.append({"Id": rid, "ServiceCode": "bedrock", "ServiceName": "Amazon Bedrock",
                 "QuotaCode": "L-3C3C3C3C", "QuotaName": "Cross-region model inference tokens per minute" + F,
                 "DesiredValue": 20000.0 + n, "Status": "CASE_OPENED", "Created": created,
                 "LastUpdated": created, "CaseId": "17%08d" % n, "Unit": "None"})
json.dump({"RequestedQuotas": reqs}, open(os.path.join(D, "history.json"), "w"), indent=1)
with open(os.path.join(D, "agent.log"), "w") as f:
    k = 0
    for i in range(6):
        for j in (10, 40):   # 2 failed calls a minute, logged when they gave up
            k += 1
            f.write("2026/04/07 10:%02d:%02d worker %d: invoke failed: operation error Bedrock Runtime: "
                    "Converse, exceeded maximum number of attempts, 5, https response error StatusCode: "
                    "429, RequestID: 00000000-0000-0000-0000-%012d, ThrottlingException: Too many tokens, "
                    "please wait before trying again. model=%s\n" % (i, j, k % 5, k, M))
case = {"case_id": "sonnet45", "account_id": "111122223333", "region": "us-east-1",
        "quota_code": "L-3C3C3C3C", "subject": "Sonnet 4.5 tokens per minute",
        "additional_quotas": [{"quota_code": "L-2B2B2B2B"}, {"quota_code": "L-4D4D4D4D", "requested_limit": 30}],
        "use_case": "An SRE agent system.", "business_impact": "Incidents stall.",
        "request_pattern": {"unit_of_work": "task", "components": [
            {"component": "planner", "requests_per_investigation": 2, "tokens_per_request": 900},
            {"component": "worker", "requests_per_investigation": 4, "tokens_per_request": 450}],
            "concurrent_investigations": 2, "max_attempts": 5, "buffer_percent": 10}}
json.dump(case, open(os.path.join(D, "case.json"), "w"), indent=1)
