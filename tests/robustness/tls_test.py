#!/usr/bin/env python3
"""Optional TLS (label e2e): with a certificate configured, wcp speaks HTTPS
only, session cookies are Secure, and plain HTTP gets no answer.
Usage: tls_test.py /path/to/wcp
"""
import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

from wcp_server import ROOT, free_port

WCP = sys.argv.pop(1)


class Tls(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="wcp-tls-")
        cls.cert, cls.key = os.path.join(cls.dir, "cert.pem"), os.path.join(cls.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-days", "1", "-keyout", cls.key, "-out", cls.cert], check=True, capture_output=True)
        cls.env = dict(os.environ, WCP_DATA_DIR=os.path.join(ROOT, "data"), WCP_VAR_DIR=os.path.join(cls.dir, "var"),
                       WCP_TLS_CERT_FILE=cls.cert, WCP_TLS_KEY_FILE=cls.key)
        db = f"sqlite:{cls.dir}/wcp.db"
        subprocess.run([WCP, "migrate", "--db", db], env=cls.env, check=True, capture_output=True)
        cls.port = free_port()
        cls.proc = subprocess.Popen([WCP, "serve", "--db", db, "--listen", f"127.0.0.1:{cls.port}"], env=cls.env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cls.ctx = ssl.create_default_context(cafile=cls.cert)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"https://127.0.0.1:{cls.port}/healthz", context=cls.ctx, timeout=2)
                break
            except OSError:
                time.sleep(0.1)

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(timeout=30)

    def test_https_and_secure_cookies(self):
        with urllib.request.urlopen(f"https://127.0.0.1:{self.port}/healthz", context=self.ctx, timeout=5) as r:
            self.assertEqual(json.loads(r.read()), {"status": "up"})
        with open(os.path.join(self.dir, "var/admin-password")) as f:
            password = f.read().strip()
        req = urllib.request.Request(f"https://127.0.0.1:{self.port}/api/v1/auth/login", method="POST",
                                     headers={"Content-Type": "application/json"},
                                     data=json.dumps({"username": "admin", "password": password}).encode())
        with urllib.request.urlopen(req, context=self.ctx, timeout=10) as r:
            self.assertIn("Secure", r.headers["Set-Cookie"])
            self.assertIn("HttpOnly", r.headers["Set-Cookie"])

    def test_plain_http_gets_no_answer(self):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        try:
            data = s.recv(1024)
        except (ConnectionResetError, socket.timeout):
            data = b""
        s.close()
        self.assertFalse(data.startswith(b"HTTP/1.1 200"))
        # The server is still up for TLS clients.
        with urllib.request.urlopen(f"https://127.0.0.1:{self.port}/healthz", context=self.ctx, timeout=5) as r:
            self.assertEqual(r.status, 200)

    def test_bad_certificate_file_is_a_clear_error(self):
        env = dict(self.env, WCP_TLS_CERT_FILE=os.path.join(self.dir, "missing.pem"))
        r = subprocess.run([WCP, "serve", "--db", f"sqlite:{self.dir}/wcp.db", "--listen", f"127.0.0.1:{free_port()}"],
                           env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 4)
        self.assertIn("missing.pem", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
