#!/usr/bin/python3
"""Writes this scenario's inputs (kept in git; run again to regenerate).

A five-agent SRE system on the Claude 3.5 Sonnet V2 US profile, a 17-minute
test, 2026-05-12 14:00-14:17 UTC.  The account has V2's cross-region quotas
(2 requests a minute applied against a default of 50; 200,000 tokens a
minute) and V1's (50 and 800,000): V1's must not govern V2.  Nova Pro, the
workaround, served its share without one throttle.  Each minute 14:00-14:06
the agents made 4 calls to Sonnet: 2 accepted, 2 failed after 3 attempts
each (6 throttled attempts; boto3 logged each failed call once);
14:07-14:16 one call a minute, accepted."""
import json, os
D = os.path.dirname(os.path.abspath(__file__))
S = "us.anthropic.claude-3-5-sonnet-20241022-v2:0"
N = "amazon.nova-pro-v1:0"
res = []
def series(model, metric, pts):
    res.append({"Id": "%s_%d" % (metric.lower(), len(res)), "Label": "%s %s" % (model, metric),
                "Timestamps": [t for t, _ in pts], "Values": [float(v) for _, v in pts],
                "StatusCode": "Complete"})
T = lambda i: "2026-05-12T14:%02d:00+00:00" % i
series(S, "Invocations", [(T(i), 2 if i < 7 else 1) for i in range(17)])
series(S, "InvocationThrottles", [(T(i), 6) for i in range(7)])
series(S, "InputTokenCount", [(T(i), 3000 if i < 7 else 1500) for i in range(17)])
series(S, "OutputTokenCount", [(T(i), 600 if i < 7 else 300) for i in range(17)])
series(N, "Invocations", [(T(i), 3) for i in range(17)])
series(N, "InvocationThrottles", [(T(i), 0) for i in range(17)])
series(N, "InputTokenCount", [(T(i), 4500) for i in range(17)])
series(N, "OutputTokenCount", [(T(i), 900) for i in range(17)])
json.dump({"MetricDataResults": res, "Messages": []}, open(os.path.join(D, "metrics.json"), "w"), indent=1)
def quota(code, name, value, default=None):
    acct = "111122223333" if default is None else ""
    return {"ServiceCode": "bedrock", "ServiceName": "Amazon Bedrock",
            "QuotaArn": "arn:aws:servicequotas:us-east-1:%s:bedrock/%s" % (acct, code),
            "QuotaCode": code, "QuotaName": name, "Value": value, "Unit": "None",
            "Adjustable": True, "GlobalQuota": False}
V1 = " for Anthropic Claude 3.5 Sonnet"
V2 = " for Anthropic Claude 3.5 Sonnet V2"
applied = [quota("L-AAAA0001", "Cross-region model inference requests per minute" + V1, 50.0),
           quota("L-AAAA0002", "Cross-region model inference tokens per minute" + V1, 800000.0),
           quota("L-BBBB0001", "Cross-region model inference requests per minute" + V2, 2.0),
           quota("L-BBBB0002", "Cross-region model inference tokens per minute" + V2, 200000.0),
           quota("L-CCCC0001", "On-demand model inference requests per minute for Amazon Nova Pro", 100.0),
           quota("L-CCCC0002", "On-demand model inference tokens per minute for Amazon Nova Pro", 400000.0)]
json.dump({"Quotas": applied}, open(os.path.join(D, "quotas.json"), "w"), indent=1)
defaults = [quota("L-BBBB0001", "Cross-region model inference requests per minute" + V2, 50.0, True),
            quota("L-BBBB0002", "Cross-region model inference tokens per minute" + V2, 200000.0, True)]
json.dump({"Quotas": defaults}, open(os.path.join(D, "defaults.json"), "w"), indent=1)
with open(os.path.join(D, "agents.log"), "w") as f:
    for i in range(7):
        for s in (20, 45):
            f.write("2026-05-12 14:%02d:%02d,000 ERROR agent.triage: call failed\n" % (i, s))
            f.write("botocore.errorfactory.ThrottlingException: An error occurred (ThrottlingException) "
                    "when calling the Converse operation (reached max retries: 2): Too many requests, "
                    "please wait before trying again. modelId=%s\n" % S)
case = {"case_id": "sre", "account_id": "111122223333", "region": "us-east-1",
        "quota_code": "L-BBBB0001", "subject": "Claude 3.5 Sonnet V2 requests per minute",
        "use_case": "Five SRE agents triage incidents.", "business_impact": "Triage stalls.",
        "request_pattern": {"components": [
            {"component": "planner", "requests_per_investigation": 2},
            {"component": "logs", "requests_per_investigation": 2},
            {"component": "metrics", "requests_per_investigation": 2},
            {"component": "config", "requests_per_investigation": 2},
            {"component": "summary", "requests_per_investigation": 2}],
            "concurrent_investigations": 4, "buffer_percent": 25}}
json.dump(case, open(os.path.join(D, "case.json"), "w"), indent=1)
