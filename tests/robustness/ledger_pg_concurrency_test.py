#!/usr/bin/env python3
"""Two `wcp serve` processes on one PostgreSQL database append at once
(label pg): the result is one log with no gap and no duplicate, whose
checkpoints are consistent and whose audit passes.
Usage: ledger_pg_concurrency_test.py /path/to/wcp   (needs WCP_TEST_PG_URL)
"""
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request
import uuid

from ledger_load import LedgerLoad
from wcp_server import WcpServer

WCP = sys.argv.pop(1)
PER_SERVER = int(os.environ.get("WCP_PG_RECORDS", "4000"))


def psql(url, sql):
    return subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], check=True,
                          capture_output=True, text=True).stdout.strip()


class PgConcurrency(unittest.TestCase):
    def test_two_servers_one_log(self):
        admin = os.environ.get("WCP_TEST_PG_URL")
        self.assertTrue(admin, "WCP_TEST_PG_URL is not set: run through make test")
        name = "wcp_conc_" + uuid.uuid4().hex[:12]
        psql(admin, f"CREATE DATABASE {name}")
        url = admin.rsplit("/", 1)[0] + "/" + name
        var = tempfile.mkdtemp(prefix="wcp-pg-var-")
        try:
            first = WcpServer(WCP, db=url, var_dir=var)  # migrates and loads demo data
            second = WcpServer(WCP, db=url, var_dir=var, setup=False)
            loads = []
            for srv in (first, second):
                loads.append(LedgerLoad(srv.base, srv.login("demo-analyst", srv.demo_passwords["demo-analyst"]),
                                        srv.login("demo-analyst2", srv.demo_passwords["demo-analyst2"])))
            threads = [threading.Thread(target=l.run, args=(PER_SERVER,)) for l in loads]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            for l in loads:
                self.assertEqual(l.errors, [])
            acknowledged = set(loads[0].acknowledged) | set(loads[1].acknowledged)
            self.assertEqual(len(acknowledged), 2 * PER_SERVER)
            # Both sequencers raced; the log is whole.
            n, lo, hi, distinct = map(int, psql(url, "SELECT count(*), min(idx), max(idx), count(DISTINCT idx) "
                                                     "FROM ledger_entries").split("|"))
            self.assertEqual((lo, hi + 1, distinct), (0, n, n), "no gap, no duplicate")
            logged = set(psql(url, "SELECT record_id FROM ledger_entries WHERE kind = 'indicator_observation'").split())
            self.assertEqual(acknowledged - logged, set())
            for _ in range(100):
                size = int(psql(url, "SELECT integrated_size FROM ledger_state"))
                if size == n:
                    break
                time.sleep(0.1)
            self.assertEqual(size, n, "all entries integrated")
            seen = {**loads[0].checkpoints, **loads[1].checkpoints}
            first.stop()
            second.stop()  # the last one publishes a final checkpoint
            final = psql(url, "SELECT note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1") + "\n"
            work = tempfile.mkdtemp()
            with open(os.path.join(work, "new"), "w") as f:
                f.write(final)
            olds = []
            for size, note in seen.items():
                olds.append(os.path.join(work, f"old-{size}"))
                with open(olds[-1], "w") as f:
                    f.write(note)
            r = first.cli("ledger", "consistency", *olds, os.path.join(work, "new"), "--db", url, check=False)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            audit = first.cli("ledger", "audit", "--db", url, check=False)
            self.assertEqual(audit.returncode, 0, audit.stdout + audit.stderr)
            print(f"{n} entries from two servers, {len(seen)} checkpoints consistent")
        finally:
            psql(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    unittest.main(verbosity=2)
