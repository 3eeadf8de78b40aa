#!/usr/bin/env python3
"""The import benchmark's anchor: json.load every get-metric-data export in a
directory and total its values, as a hand-made script would.

import_anchor.py DIR -> "files N, series N, datapoints N, total X" """
import json
import os
import sys


def main():
    d = sys.argv[1]
    files = series = points = 0
    total = 0.0
    for name in sorted(os.listdir(d)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(d, name)) as f:
            doc = json.load(f)
        files += 1
        for r in doc["MetricDataResults"]:
            series += 1
            points += len(r["Values"])
            total += sum(r["Values"])
    print("files %d, series %d, datapoints %d, total %.0f" % (files, series, points, total))


if __name__ == "__main__":
    main()
