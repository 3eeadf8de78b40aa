#!/usr/bin/python3
"""Writes this scenario's inputs (kept in git; run again to regenerate).

An application inference profile (an ARN that names no model) over Claude
Haiku 4.5 through the US profile: no quota name can say it governs the
profile, so the case file's quota_map names the codes.  10:00-10:03 UTC on
2026-07-01: 2 accepted and 3 throttled attempts a minute (quota 2)."""
import json, os
D = os.path.dirname(os.path.abspath(__file__))
P = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6"
ts = ["2026-07-01T10:%02d:00+00:00" % i for i in range(3)]
res = [{"Id": "i", "Label": P + " Invocations", "Timestamps": ts, "Values": [2.0] * 3, "StatusCode": "Complete"},
       {"Id": "t", "Label": P + " InvocationThrottles", "Timestamps": ts, "Values": [3.0] * 3, "StatusCode": "Complete"}]
json.dump({"MetricDataResults": res, "Messages": []}, open(os.path.join(D, "metrics.json"), "w"), indent=1)
def quota(code, name, value):
    return {"ServiceCode": "bedrock", "ServiceName": "Amazon Bedrock",
            "QuotaArn": "arn:aws:servicequotas:us-east-1:111122223333:bedrock/" + code,
            "QuotaCode": code, "QuotaName": name, "Value": value, "Unit": "None",
            "Adjustable": True, "GlobalQuota": False}
json.dump({"Quotas": [
    quota("L-HK450001", "Cross-region model inference requests per minute for Anthropic Claude Haiku 4.5", 2.0),
    quota("L-HK450002", "Cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5", 200000.0),
    quota("L-HK450003", "Global cross-region model inference requests per minute for Anthropic Claude Haiku 4.5", 125.0),
]}, open(os.path.join(D, "quotas.json"), "w"), indent=1)
json.dump({"case_id": "app", "account_id": "111122223333", "region": "us-east-1", "quota_code": "L-HK450001",
           "subject": "Haiku 4.5 requests per minute", "use_case": "A support bot.", "business_impact": "Slow replies.",
           "requested_limit": 10,
           "quota_map": [{"model_id": P, "quota_codes": ["L-HK450001", "L-HK450002"]}]},
          open(os.path.join(D, "case.json"), "w"), indent=1)
