"""Starts a real wcp server on a free loopback port for the black-box tests."""
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class WcpServer:
    """A wcp server process. `db` defaults to a fresh SQLite file with reference
    and demo data; pass an existing URL (and `var_dir`) to share a database."""

    def __init__(self, wcp, extra_env=None, db=None, var_dir=None, setup=True):
        self.wcp = wcp
        self.dir = tempfile.mkdtemp(prefix="wcp-robust-")
        self.var_dir = var_dir or os.path.join(self.dir, "var")
        self.env = dict(os.environ, WCP_DATA_DIR=os.path.join(ROOT, "data"),
                        WCP_WEB_DIR=os.path.join(ROOT, "web/dist"),
                        WCP_VAR_DIR=self.var_dir, **(extra_env or {}))
        self.db = db or f"sqlite:{self.dir}/wcp.db"
        if setup:
            self.cli("migrate")
            self.cli("demo", "--seed", "3")
        self.start()

    def cli(self, *args, check=True):
        return subprocess.run([self.wcp, *args[:1], "--db", self.db, *args[1:]] if args[0] not in ("ledger",)
                              else [self.wcp, *args], env=self.env, check=check, capture_output=True, text=True)

    def start(self):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(self.dir, "server.log")
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen([self.wcp, "serve", "--db", self.db, "--listen", f"127.0.0.1:{self.port}"],
                                     env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(200):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        with open(os.path.join(self.var_dir, "admin-password")) as f:
            self.admin_password = f.read().strip()
        with open(os.path.join(self.var_dir, "demo-passwords")) as f:
            self.demo_passwords = dict(line.split() for line in f if line.strip())

    def request(self, method, path, body=None, token=None, headers=None, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if body is not None and raw is None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", "Bearer " + token)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def login(self, username, password):
        status, _, body = self.request("POST", "/api/v1/auth/login",
                                       {"username": username, "password": password})
        assert status == 200, (status, body)
        return json.loads(body)["token"]

    def alive(self):
        return self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.alive():
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self.log.close()

    def kill9(self):
        self.proc.kill()
        self.proc.wait()
        self.log.close()

    def logs(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()
