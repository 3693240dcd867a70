#!/usr/bin/env python3
"""One day's price reports from 200 monitoring points × 23 commodities
(4,600 rows) through POST /api/v1/prices/reports (parsing, scope, plausibility
against 28 days, one transaction, fsync), against the baseline in the same
run: a raw SQLite insert of the same rows into a table of the same shape in
one transaction (Python's sqlite3, synchronous=FULL). Then the board of that
day. Prints a Markdown table for docs/benchmarks.md.
    bench/prices_bench.py [path/to/wcp]
"""
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "robustness"))
sys.path.insert(0, os.path.dirname(__file__))
from wcp_server import WcpServer  # noqa: E402
from price_baseline import raw_insert_seconds  # noqa: E402

WCP = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/release/wcp")
POINTS, DAYS_OF_HISTORY, RUNS = 200, 28, 3


def main():
    srv = WcpServer(WCP)
    try:
        token = srv.login("demo-analyst", srv.demo_passwords["demo-analyst"])
        _, _, raw = srv.request("GET", "/api/v1/prices/commodities", token=token)
        commodities = [c for c in json.loads(raw)["commodities"] if c["category"] != "reference"]
        lines = ["code,name,kind,street,lon,lat,commodities,is_demo"]
        codes = ";".join(c["code"] for c in commodities)
        for i in range(POINTS):
            lines.append(f"bench-{i:03d},bench point {i},farmers_market,辛安街道,120.1,35.9,{codes},1")
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write("\n".join(lines) + "\n")
        srv.cli("import", "price_points", f.name)
        rng = random.Random(1)
        today = (datetime.datetime.utcnow() + datetime.timedelta(hours=8)).date()  # the bench points' days end today

        def day_batch(day):
            return [{"point": f"bench-{i:03d}", "commodity": c["code"], "date": day.isoformat(),
                     "price_fen": rng.randint(290, 310), "unit": c["unit"]["zh"]} for i in range(POINTS) for c in commodities]

        # 28 days of history first, so that every report is judged against a full window.
        for back in range(DAYS_OF_HISTORY + RUNS, RUNS, -1):
            status, _, body = srv.request("POST", "/api/v1/prices/reports?confirm=true",
                                          day_batch(today - datetime.timedelta(days=back)), token=token)
            assert status == 201, body[:300]
        wcp_times, board_times = [], []
        for run in range(RUNS):
            day = today - datetime.timedelta(days=RUNS - 1 - run)
            batch = day_batch(day)
            start = time.perf_counter()
            status, _, body = srv.request("POST", "/api/v1/prices/reports?confirm=true", batch, token=token)
            wcp_times.append(time.perf_counter() - start)
            assert status == 201, body[:300]
            start = time.perf_counter()
            status, _, _ = srv.request("GET", "/api/v1/prices/board?date=" + day.isoformat(), token=token)
            board_times.append(time.perf_counter() - start)
            assert status == 200
        rows = len(batch)
        base_times = raw_insert_seconds(batch, RUNS)
        w, b, g = statistics.median(wcp_times), statistics.median(base_times), statistics.median(board_times)
        print(f"| one day's reports, {POINTS} points × {len(commodities)} commodities = {rows} rows | wcp POST (median of {RUNS}) "
              f"| baseline: raw SQLite insert | ratio | board of the day |")
        print("|---|---|---|---|---|")
        print(f"| SQLite | {w * 1000:.0f} ms | {b * 1000:.0f} ms | {w / b:.1f}× | {g * 1000:.0f} ms |")
    finally:
        srv.stop()


if __name__ == "__main__":
    main()
