#!/usr/bin/env python3
"""Two instances with different var_dirs on one database (issue 8, item 3):
the database records its log's public key and the personal-data secret's
fingerprint on first use; an instance whose key or secret differs refuses to
start with one sentence naming the setting. Runs on a shared SQLite file and,
when WCP_TEST_PG_URL is set, on PostgreSQL.
Usage: instance_binding_test.py /path/to/wcp
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.request

from wcp_server import ROOT, WcpServer, free_port

WCP = sys.argv.pop(1)


def fresh_pg_database(url):
    """A new, empty database on the test cluster (so runs do not share a log)."""
    name = "wcp_binding_" + next(tempfile._get_candidate_names()).lower()
    subprocess.run(["psql", url, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    return url.rsplit("/", 1)[0] + "/" + name


class InstanceBinding(unittest.TestCase):
    def backends(self):
        yield "sqlite:" + os.path.join(tempfile.mkdtemp(prefix="wcp-bind-"), "wcp.db")
        if os.environ.get("WCP_TEST_PG_URL"):
            yield fresh_pg_database(os.environ["WCP_TEST_PG_URL"])

    def wcp(self, var_dir, *args, timeout=60):
        env = dict(os.environ, WCP_DATA_DIR=os.path.join(ROOT, "data"), WCP_VAR_DIR=var_dir,
                   WCP_WEB_DIR=os.path.join(ROOT, "web/dist"))
        return subprocess.run([WCP, *args], env=env, capture_output=True, text=True, timeout=timeout)

    def serve_refuses(self, db, var_dir, setting, code):
        r = self.wcp(var_dir, "serve", "--db", db, "--listen", f"127.0.0.1:{free_port()}", timeout=30)
        self.assertEqual(r.returncode, code, r.stderr)
        self.assertIn(setting, r.stderr)
        self.assertEqual(len([l for l in r.stderr.splitlines() if l.startswith("wcp:")]), 1, r.stderr)

    def test_a_second_instance_must_use_the_log_key_and_secret(self):
        for db in self.backends():
            with self.subTest(db=db.split(":")[0]):
                self.check_binding(db)

    def check_binding(self, db):
        first = WcpServer(WCP, db=db)
        try:
            key = urllib.request.urlopen(first.base + "/ledger/public-key", timeout=5).read().decode().strip()
            other = tempfile.mkdtemp(prefix="wcp-var-")
            # Another var_dir has neither secret nor key: refuse, naming the secret setting …
            self.serve_refuses(db, other, "secret", 3)
            # … `wcp demo` from another directory is refused the same way (the reported incident) …
            r = self.wcp(other, "demo", "--db", db, "--seed", "4")
            self.assertEqual(r.returncode, 3, r.stderr)
            # … with the secret but no key file: refuse, naming the key file setting.
            shutil.copy(os.path.join(first.var_dir, "secret"), os.path.join(other, "secret"))
            self.serve_refuses(db, other, "ledger.key_file", 3)
            # A key of its own (generated elsewhere) is not the log's key: conflict.
            lone = tempfile.mkdtemp(prefix="wcp-lone-")
            self.assertEqual(self.wcp(lone, "migrate", "--db", "sqlite:" + os.path.join(lone, "x.db")).returncode, 0)
            shutil.copy(os.path.join(lone, "ledger.key"), os.path.join(other, "ledger.key"))
            self.serve_refuses(db, other, "ledger.key_file", 5)
            # The log's key but another secret: conflict, naming the secret setting.
            shutil.copy(os.path.join(first.var_dir, "ledger.key"), os.path.join(other, "ledger.key"))
            with open(os.path.join(other, "secret"), "w") as f:
                f.write("not-the-original-secret\n")
            self.serve_refuses(db, other, "secret", 5)
            # Both right: the second instance serves the same log under the same key.
            shutil.copy(os.path.join(first.var_dir, "secret"), os.path.join(other, "secret"))
            shutil.copy(os.path.join(first.var_dir, "admin-password"), os.path.join(other, "admin-password"))
            shutil.copy(os.path.join(first.var_dir, "demo-passwords"), os.path.join(other, "demo-passwords"))
            second = WcpServer(WCP, db=db, var_dir=other, setup=False)
            try:
                key2 = urllib.request.urlopen(second.base + "/ledger/public-key", timeout=5).read().decode().strip()
                self.assertEqual(key2, key)
            finally:
                second.stop()
            # Generating a key is explicit and only for a log without one.
            r = self.wcp(first.var_dir, "ledger", "init-key", "--db", db)
            self.assertEqual(r.returncode, 5, r.stderr)
            self.assertIn("rotate-key", r.stderr)
        finally:
            first.stop()
        # Rotation (servers stopped): a new key; the latest checkpoint carries both signatures.
        r = self.wcp(first.var_dir, "ledger", "rotate-key", "--db", db)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(any(n.startswith("ledger.key.retired-") for n in os.listdir(first.var_dir)))
        first.start()
        try:
            new_key = urllib.request.urlopen(first.base + "/ledger/public-key", timeout=5).read().decode().strip()
            self.assertNotEqual(new_key, key)
            note = urllib.request.urlopen(first.base + "/ledger/checkpoint", timeout=5).read().decode()
            self.assertEqual(note.count("\u2014 "), 2, note)
        finally:
            first.stop()
        # The instance still holding the old key now refuses.
        self.serve_refuses(db, other, "ledger.key_file", 5)


if __name__ == "__main__":
    unittest.main(verbosity=2)
