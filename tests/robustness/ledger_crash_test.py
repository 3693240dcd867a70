#!/usr/bin/env python3
"""Crash safety of the ledger (label e2e): kill -9 the server during a
continuous append load of at least 100,000 records; after restart every
acknowledged record is in the log, the audit passes, and the new checkpoint
is consistent with every checkpoint seen before the crash.
Usage: ledger_crash_test.py /path/to/wcp
"""
import os
import sqlite3
import sys
import tempfile
import threading
import time
import unittest
import urllib.request

from ledger_load import LedgerLoad
from wcp_server import WcpServer

WCP = sys.argv.pop(1)
TARGET = int(os.environ.get("WCP_CRASH_RECORDS", "100000"))


class LedgerCrash(unittest.TestCase):
    def test_kill9_during_appends_loses_nothing_acknowledged(self):
        srv = WcpServer(WCP)
        self.addCleanup(lambda: srv.alive() and srv.stop())
        load = LedgerLoad(srv.base, srv.login("demo-analyst", srv.demo_passwords["demo-analyst"]),
                          srv.login("demo-analyst2", srv.demo_passwords["demo-analyst2"]))
        t = threading.Thread(target=load.run, args=(TARGET + 10 * 200,))
        t.start()
        while len(load.acknowledged) < TARGET and t.is_alive():
            time.sleep(0.05)
        self.assertGreaterEqual(len(load.acknowledged), TARGET, load.errors)
        srv.kill9()  # mid-load: requests are in flight
        load.stop.set()
        t.join()
        acknowledged = set(load.acknowledged)
        seen = dict(load.checkpoints)

        srv.start()  # same database, same key
        key = urllib.request.urlopen(srv.base + "/ledger/public-key").read().decode().strip()
        db_path = srv.db[len("sqlite:"):]
        expected_size = None
        for _ in range(200):  # the sequencer integrates what was committed before the crash
            with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as c:
                expected_size = c.execute("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entries").fetchone()[0]
            note = urllib.request.urlopen(srv.base + "/ledger/checkpoint").read().decode()
            if int(note.split("\n")[1]) == expected_size:
                break
            time.sleep(0.1)
        self.assertEqual(int(note.split("\n")[1]), expected_size)
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as c:
            logged = {r[0] for r in c.execute("SELECT record_id FROM ledger_entries WHERE kind = 'indicator_observation'")}
            approved = {r[0] for r in c.execute("SELECT id FROM indicator_observations WHERE state = 'approved'")}
        self.assertEqual(acknowledged - logged, set(), "acknowledged records missing from the log")
        self.assertEqual(approved, logged, "a record and its leaf commit together: never one without the other")
        srv.stop()

        work = tempfile.mkdtemp()
        new_path = os.path.join(work, "new.checkpoint")
        with open(new_path, "w") as f:
            f.write(note)
        self.assertGreater(len(seen), 0)
        olds = []
        for size, old in seen.items():
            olds.append(os.path.join(work, f"{size}.checkpoint"))
            with open(olds[-1], "w") as f:
                f.write(old)
        r = srv.cli("ledger", "consistency", *olds, new_path, "--db", srv.db, check=False)  # every one, one call
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        audit = srv.cli("ledger", "audit", "--db", srv.db, check=False)
        self.assertEqual(audit.returncode, 0, audit.stdout + audit.stderr)
        self.assertIn("audit passed", audit.stdout)
        print(f"acknowledged {len(acknowledged)}, log size {expected_size}, {len(seen)} checkpoints checked")


if __name__ == "__main__":
    unittest.main(verbosity=2)
