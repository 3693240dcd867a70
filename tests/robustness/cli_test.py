#!/usr/bin/env python3
"""The `wcp` command (label e2e): fixed flags, one-sentence errors on
stderr, distinct exit codes, bad input leaving the database as it was,
backup and restore. Usage: cli_test.py /path/to/wcp
"""
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

WCP = sys.argv.pop(1)
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class Cli(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="wcp-cli-")
        self.db = f"sqlite:{self.dir}/wcp.db"
        self.env = dict(os.environ, WCP_DATA_DIR=os.path.join(ROOT, "data"), WCP_VAR_DIR=os.path.join(self.dir, "var"))

    def run_wcp(self, *args, stdin=None, env=None):
        return subprocess.run([WCP, *args], input=stdin, capture_output=True, text=True, env=env or self.env, timeout=120)

    def count(self, sql):
        with sqlite3.connect(f"file:{self.db[7:]}?mode=ro", uri=True) as c:
            return c.execute(sql).fetchone()[0]

    def test_version_help_and_usage_errors(self):
        r = self.run_wcp("version")
        self.assertEqual(r.returncode, 0)
        self.assertTrue(r.stdout.startswith("wcp "))
        self.assertEqual(self.run_wcp("serve", "--help").returncode, 0)
        r = self.run_wcp("serve", "--no-such-flag")
        self.assertEqual(r.returncode, 2)
        self.assertIn("wcp:", r.stderr)

    def test_migrate_loads_reference_data_idempotently(self):
        for _ in range(2):
            r = self.run_wcp("migrate", "--db", self.db)
            self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.count("SELECT count(*) FROM indicators"), 17)
        self.assertEqual(self.count("SELECT count(*) FROM places WHERE kind = 'crossborder-nodes'"), 29)

    def test_user_add_from_stdin(self):
        self.run_wcp("migrate", "--db", self.db)
        r = self.run_wcp("user", "add", "--db", self.db, "--name", "wang.li", "--role", "analyst", "--password-stdin",
                         stdin="a-long-password-9\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("a-long-password-9", r.stdout + r.stderr)
        self.assertEqual(self.count("SELECT count(*) FROM users WHERE username = 'wang.li'"), 1)
        r = self.run_wcp("user", "add", "--db", self.db, "--name", "wang.li", "--role", "analyst", "--password-stdin",
                         stdin="a-long-password-9\n")
        self.assertEqual(r.returncode, 5)  # conflict: taken
        r = self.run_wcp("user", "add", "--db", self.db, "--name", "x1y", "--role", "root", "--password-stdin", stdin="p\n")
        self.assertEqual(r.returncode, 4)
        self.assertIn("role", r.stderr)

    def test_module_command_writes_the_workbook(self):
        """`wcp indicators report`: a module's own command, registered from the module list."""
        self.run_wcp("migrate", "--db", self.db)
        self.run_wcp("demo", "--db", self.db, "--seed", "1")
        out = os.path.join(self.dir, "mid-term.xlsx")
        r = self.run_wcp("indicators", "report", "--db", self.db, "--as-of", "2023", "--lang", "en", "--output", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("evaluation as of 2023", r.stdout)
        import zipfile
        with zipfile.ZipFile(out) as z:
            strings = z.read("xl/sharedStrings.xml").decode()
        self.assertIn("mid-term evaluation of the key indicators (data to 2023)", strings)
        self.assertIn("Total retail sales of consumer goods", strings)
        r = self.run_wcp("indicators", "report", "--db", self.db, "--as-of", "2030", "--output", out + "2")
        self.assertEqual(r.returncode, 4)
        self.assertIn("plan period 2021–2025", r.stderr)
        self.assertFalse(os.path.exists(out + "2"))
        self.assertEqual(self.run_wcp("indicators", "report", "--db", self.db).returncode, 2)  # --output is required
        self.assertEqual(self.run_wcp("indicators", "--help").returncode, 0)

    def test_bad_config_names_file_and_line(self):
        cfg = os.path.join(self.dir, "bad.toml")
        with open(cfg, "w") as f:
            f.write('listen = "127.0.0.1:1"\n[http]\nio_threads = "two"\n')
        r = self.run_wcp("--config", cfg, "serve", "--print-config")
        self.assertEqual(r.returncode, 4)
        self.assertIn("bad.toml:3", r.stderr)
        self.assertIn("http.io_threads", r.stderr)

    def test_print_config_masks_secrets_and_shows_precedence(self):
        env = dict(self.env, WCP_SECRET="very-secret-value", WCP_LISTEN="127.0.0.1:9999")
        r = self.run_wcp("serve", "--print-config", "--db", "sqlite:x.db", env=env)
        self.assertEqual(r.returncode, 0)
        self.assertNotIn("very-secret-value", r.stdout)
        self.assertIn('listen = "127.0.0.1:9999"  # WCP_LISTEN', r.stdout)
        self.assertIn('db = "sqlite:x.db"  # --db', r.stdout)

    def test_unreachable_database(self):
        r = self.run_wcp("migrate", "--db", "postgresql://nobody:hunter2@127.0.0.1:1/none?connect_timeout=2")
        self.assertEqual(r.returncode, 3)
        self.assertNotIn("hunter2", r.stderr)
        self.assertEqual(self.run_wcp("migrate", "--db", "mysql://x").returncode, 4)

    def test_port_taken(self):
        self.run_wcp("migrate", "--db", self.db)
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen()
        r = self.run_wcp("serve", "--db", self.db, "--listen", f"127.0.0.1:{s.getsockname()[1]}")
        s.close()
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("already in use", r.stderr)

    def test_bad_csv_import_stores_nothing(self):
        self.run_wcp("migrate", "--db", self.db)
        bad = os.path.join(self.dir, "centres.csv")
        with open(bad, "w") as f:
            f.write("code,name_zh,name_en,level_zh,level_en,focus\nnew1,新中心,New,市级,city,零售\n")
        before = self.count("SELECT count(*) FROM places")
        r = self.run_wcp("import", "centres", bad, "--db", self.db)
        self.assertEqual(r.returncode, 4)
        self.assertIn("focus", r.stderr)
        self.assertEqual(self.count("SELECT count(*) FROM places"), before)
        r = self.run_wcp("export", "centres", "--db", self.db)
        self.assertEqual(r.returncode, 0)
        self.assertTrue(r.stdout.startswith("code,name_zh,name_en,level_zh,level_en,focus_zh\n"))
        self.assertEqual(len(r.stdout.strip().split("\n")), 13)

    def test_backup_while_serving_and_restore(self):
        self.run_wcp("migrate", "--db", self.db)
        self.run_wcp("demo", "--db", self.db, "--seed", "5")
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        server = subprocess.Popen([WCP, "serve", "--db", self.db, "--listen", f"127.0.0.1:{port}"], env=self.env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(1)
            backup = os.path.join(self.dir, "backup.db")
            r = self.run_wcp("backup", backup, "--db", self.db)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(self.run_wcp("backup", backup, "--db", self.db).returncode, 5)  # never overwrites
            restored = f"sqlite:{self.dir}/restored.db"
            r = self.run_wcp("restore", backup, "--db", restored)
            self.assertEqual(r.returncode, 0, r.stderr)
            with sqlite3.connect(f"{self.dir}/restored.db") as c:
                self.assertEqual(c.execute("PRAGMA integrity_check").fetchone()[0], "ok")
                self.assertEqual(c.execute("SELECT count(*) FROM indicators").fetchone()[0], 17)
            audit = self.run_wcp("ledger", "audit", "--db", restored)
            self.assertEqual(audit.returncode, 0, audit.stdout + audit.stderr)
        finally:
            server.terminate()
            self.assertEqual(server.wait(timeout=30), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
