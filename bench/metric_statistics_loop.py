#!/usr/bin/python3
"""The hand-made way to gather the same metrics: a loop of CloudWatch
GetMetricStatistics calls (1,440 datapoints at most each), one metric, one
model and one day at a time, with botocore as the aws CLI uses it.

    metric_statistics_loop.py ENDPOINT START_EPOCH DAYS MODEL...
prints "calls N datapoints M"."""
import sys
import datetime

import botocore.session

endpoint, start, days, models = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
cw = botocore.session.get_session().create_client("cloudwatch", region_name="us-east-1",
                                                  endpoint_url=endpoint)
metrics = ["Invocations", "InvocationThrottles", "InvocationClientErrors",
           "InvocationServerErrors", "InputTokenCount", "OutputTokenCount"]
calls = points = 0
for model in models:
    for metric in metrics:
        for d in range(days):
            t = datetime.datetime.fromtimestamp(start + d * 86400, datetime.timezone.utc)
            out = cw.get_metric_statistics(
                Namespace="AWS/Bedrock", MetricName=metric,
                Dimensions=[{"Name": "ModelId", "Value": model}],
                StartTime=t, EndTime=t + datetime.timedelta(days=1), Period=60, Statistics=["Sum"])
            calls += 1
            points += len(out["Datapoints"])
print("calls %d datapoints %d" % (calls, points))
