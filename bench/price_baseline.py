"""The baseline the price benches compare with, in the same run: a raw SQLite
insert of the same rows into a table of the same shape as prices_reports
(its one index included) in one transaction — Python's sqlite3, WAL,
synchronous=FULL, as wcp writes."""
import os
import sqlite3
import tempfile
import time


def raw_insert_seconds(batch, runs=1):
    """Seconds per run to insert `batch` ([{point, commodity, date, price_fen, unit}]); each run's
    dates are made distinct, as each wcp run reports a new day."""
    times = []
    with tempfile.TemporaryDirectory() as d:
        db = sqlite3.connect(os.path.join(d, "base.db"))
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, point TEXT, commodity TEXT, date TEXT, price_fen INTEGER,"
                   " unit TEXT, flag TEXT, submitted_by TEXT, submitted_at TEXT)")
        db.execute("CREATE INDEX rd ON r (date, commodity, point, price_fen, id)")
        for run in range(runs):
            start = time.perf_counter()
            with db:
                db.executemany("INSERT INTO r (point, commodity, date, price_fen, unit, flag, submitted_by, submitted_at)"
                               " VALUES (?, ?, ?, ?, ?, '', 'bench', 'now')",
                               [(b["point"], b["commodity"], b["date"] + str(run), b["price_fen"], b["unit"]) for b in batch])
            times.append(time.perf_counter() - start)
        db.close()
    return times
