#!/usr/bin/env python3
"""Issue 11's scale: 200 monitoring points × 40 commodities × 5 years of daily
reports (14.6 million rows). One more day's batch (8,000 rows) through
POST /api/v1/prices/reports — parsing, scope, plausibility against 28 days,
one transaction with the day's district prices kept, then the warnings of the
day and every commodity's forecasts from the kept models — against a full
recomputation of the same results in the same run (`wcp prices recompute`:
every district price from every report, the warnings, every model refitted).
For scale, a raw SQLite insert of the same 8,000 rows (synchronous=FULL).

The history is written straight into the database (Python's sqlite3) and
made current with one `wcp prices recompute` (also timed). The 17 commodities
beyond the shipped catalogue's 23 are bench-only codes (bench_01 …).
    bench/prices_scale_bench.py [path/to/wcp] [--years N]
Prints a Markdown table for docs/benchmarks.md.
"""
import datetime
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "robustness"))
sys.path.insert(0, os.path.dirname(__file__))
from wcp_server import WcpServer  # noqa: E402
from price_baseline import raw_insert_seconds  # noqa: E402

args = [a for a in sys.argv[1:] if not a.startswith("--")]
WCP = os.path.abspath(args[0] if args else "build/release/wcp")
YEARS = int(sys.argv[sys.argv.index("--years") + 1]) if "--years" in sys.argv else 5
POINTS, COMMODITIES, RUNS = 200, 40, 3


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def recompute(srv, date):
    out = subprocess.run([WCP, "prices", "recompute", "--db", srv.db, "--date", date], env=srv.env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out


def main():
    srv = WcpServer(WCP)
    try:
        token = srv.login("demo-analyst", srv.demo_passwords["demo-analyst"])
        _, _, raw = srv.request("GET", "/api/v1/prices/commodities", token=token)
        shipped = json.loads(raw)["commodities"]
        extra = COMMODITIES - len(shipped)
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write("code,name_zh,name_en,category,unit_zh,unit_en,essential\n")
            for i in range(1, extra + 1):
                f.write(f"bench_{i:02d},基准{i:02d},Bench {i:02d},vegetables,元/公斤,CNY/kg,\n")
        srv.cli("import", "price_commodities", f.name)
        units = {c["code"]: c["unit"]["zh"] for c in shipped}
        units.update({f"bench_{i:02d}": "元/公斤" for i in range(1, extra + 1)})
        codes = sorted(units)
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write("code,name,kind,street,lon,lat,commodities,is_demo\n")
            for i in range(POINTS):
                f.write(f"scale-{i:03d},scale point {i},farmers_market,辛安街道,120.1,35.9,{';'.join(codes)},1\n")
        srv.cli("import", "price_points", f.name)
        srv.stop()

        today = (datetime.datetime.utcnow() + datetime.timedelta(hours=8)).date()
        days = 365 * YEARS + YEARS // 4
        rng = random.Random(11)
        base = {c: 200 + 40 * k for k, c in enumerate(codes)}  # fen

        def price(code, day_index, point):
            # A yearly wave, a weekly ripple and the point's own level: plausible for the 28-day check.
            season = 1 + 0.1 * ((day_index % 365) / 365 - 0.5)
            return int(base[code] * season) + (day_index % 7) + point % 5

        db_path = srv.db[len("sqlite:"):]
        db = sqlite3.connect(db_path)
        db.execute("PRAGMA journal_mode=WAL")
        history_rows = 0
        start = time.perf_counter()
        for back in range(days + RUNS - 1, RUNS - 1, -1):  # the last RUNS days come as batches
            day = (today - datetime.timedelta(days=back)).isoformat()
            index = days + RUNS - 1 - back
            rows = [(f"scale-{p:03d}", c, day, price(c, index, p), units[c]) for c in codes for p in range(POINTS)]
            db.executemany("INSERT INTO prices_reports (point, commodity, date, price_fen, unit, flag, submitted_by,"
                           " submitted_at) VALUES (?, ?, ?, ?, ?, '', 'bench', '2026-01-01T00:00:00Z')", rows)
            history_rows += len(rows)
            if index % 100 == 0:
                db.commit()
        db.commit()
        db.close()
        load_time = time.perf_counter() - start
        last_loaded = (today - datetime.timedelta(days=RUNS)).isoformat()
        first_recompute, _ = timed(lambda: recompute(srv, last_loaded))

        srv.start()
        token = srv.login("demo-analyst", srv.demo_passwords["demo-analyst"])
        perf = os.environ.get("WCP_PERF") and subprocess.Popen(
            ["perf", "record", "-g", "-p", str(srv.proc.pid), "-o", os.environ["WCP_PERF"]])
        time.sleep(1 if perf else 0)
        times = []
        for run in range(RUNS):  # one fresh day each: the days before today, then today
            day = today - datetime.timedelta(days=RUNS - 1 - run)
            index = days + run
            batch = [{"point": f"scale-{p:03d}", "commodity": c, "date": day.isoformat(),
                      "price_fen": price(c, index, p), "unit": units[c]} for c in codes for p in range(POINTS)]
            elapsed, (status, _, body) = timed(
                lambda: srv.request("POST", "/api/v1/prices/reports?confirm=true", batch, token=token))
            assert status == 201, body[:300]
            times.append(elapsed)
        if perf:
            perf.send_signal(2)
            perf.wait()
        incremental = sorted(times)[len(times) // 2]
        page_time, (status, _, page) = timed(
            lambda: srv.request("GET", f"/api/v1/prices/commodities/{codes[0]}?to={today}", token=token))
        assert status == 200 and json.loads(page)["forecast"] is not None
        srv.stop()
        full, _ = timed(lambda: recompute(srv, today.isoformat()))

        raw = raw_insert_seconds(batch)[0]
        print(f"History: {history_rows:,} reports ({POINTS} points × {len(codes)} commodities × {days} days) "
              f"written in {load_time:.0f} s; first `wcp prices recompute`: {first_recompute:.1f} s\n")
        print(f"| one day's batch, {len(batch):,} rows | incremental: POST (store, district prices, warnings, forecasts) "
              f"| full recomputation | ratio | commodity page after | baseline: raw SQLite insert |")
        print("|---|---|---|---|---|---|")
        print(f"| SQLite, {YEARS} years of history | {incremental * 1000:.0f} ms (median of {RUNS}: "
              f"{', '.join(f'{t * 1000:.0f}' for t in times)}) | {full:.1f} s | {full / incremental:.0f}× "
              f"| {page_time * 1000:.0f} ms | {raw * 1000:.0f} ms |")
    finally:
        srv.stop()


if __name__ == "__main__":
    main()
