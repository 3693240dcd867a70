#!/usr/bin/env python3
"""Robustness of the HTTP server against a running wcp on loopback (label e2e).

Bounded in count and time: slow-drip clients, idle keep-alive connections,
oversized header and body, malformed JSON / UTF-8 / deep nesting, SIGTERM
under load. Usage: robustness_test.py /path/to/wcp
"""
import json
import resource
import socket
import sys
import threading
import time
import unittest

from wcp_server import WcpServer

WCP = sys.argv.pop(1)
READ_DEADLINE_S = 2


def raw_request(port, data, timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(data)
    chunks = []
    try:
        while True:
            c = s.recv(65536)
            if not c:
                break
            chunks.append(c)
            if b"\r\n\r\n" in b"".join(chunks) and b"Connection: close" not in b"".join(chunks):
                head, _, rest = b"".join(chunks).partition(b"\r\n\r\n")
                length = [int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")]
                if length and len(rest) >= length[0]:
                    break
    except socket.timeout:
        pass
    s.close()
    return b"".join(chunks)


def status_of(response):
    return int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/1.1") else None


class Robustness(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
        # 1,000 idle connections from one address are the point of one test here.
        cls.srv = WcpServer(WCP, {"WCP_HTTP_READ_DEADLINE_MS": str(READ_DEADLINE_S * 1000),
                                  "WCP_HTTP_MAX_CONNECTIONS_PER_ADDRESS": "5000"})

    @classmethod
    def tearDownClass(cls):
        if cls.srv.alive():
            cls.srv.stop()

    def assertServerUp(self):
        status, _, _ = self.srv.request("GET", "/healthz")
        self.assertEqual(status, 200)

    def test_slow_drip_clients_are_cut_off_and_do_not_block(self):
        socks = []
        for _ in range(100):
            s = socket.create_connection(("127.0.0.1", self.srv.port))
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            socks.append(s)
        stop = threading.Event()

        def drip():
            while not stop.is_set():
                for s in socks:
                    try:
                        s.send(b"X")
                    except OSError:
                        pass
                time.sleep(0.3)

        t = threading.Thread(target=drip)
        t.start()
        try:
            self.assertServerUp()  # a normal request is served meanwhile
            time.sleep(READ_DEADLINE_S + 2)
        finally:
            stop.set()
            t.join()
        closed = 0
        for s in socks:
            s.settimeout(2)
            try:
                data = s.recv(1024)
                closed += 1 if data == b"" or data.startswith(b"HTTP/1.1 4") else 0
            except (ConnectionResetError, BrokenPipeError):
                closed += 1
            except socket.timeout:
                pass
            s.close()
        self.assertEqual(closed, 100, "every dripping connection is closed after the read deadline")

    def test_idle_keepalive_connections_do_not_block(self):
        socks = [socket.create_connection(("127.0.0.1", self.srv.port)) for _ in range(1000)]
        try:
            self.assertServerUp()
        finally:
            for s in socks:
                s.close()

    def test_pipelined_requests_are_all_answered(self):
        req = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
        s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=10)
        s.sendall(req * 3)
        data = b""
        while data.count(b"HTTP/1.1 200") < 3:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        self.assertEqual(data.count(b"HTTP/1.1 200"), 3)

    def test_oversized_header_gets_431(self):
        resp = raw_request(self.srv.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40000 + b"\r\n\r\n")
        self.assertEqual(status_of(resp), 431)
        self.assertIn(b"application/problem+json", resp)
        self.assertServerUp()

    def test_oversized_body_gets_413(self):
        body = b"{" + b" " * (5 * 1024 * 1024) + b"}"
        head = b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
        s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=10)
        s.sendall(head)
        try:
            s.sendall(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before reading it all
        resp = b""
        try:
            while True:
                c = s.recv(65536)
                if not c:
                    break
                resp += c
        except (ConnectionResetError, socket.timeout):
            pass
        s.close()
        self.assertEqual(status_of(resp), 413)
        self.assertServerUp()

    def test_bad_json_gets_400_naming_the_problem(self):
        cases = {
            "malformed": b'{"username": "a",',
            "invalid utf-8": b'{"username": "\xc3\x28", "password": "x"}',
            "deep nesting": b"[" * 2000 + b"]" * 2000,  # within the login route's 4,096-byte limit
            "duplicate key": b'{"username": "a", "username": "b", "password": "x"}',
        }
        for name, raw in cases.items():
            with self.subTest(name):
                status, headers, body = self.srv.request("POST", "/api/v1/auth/login", raw=raw,
                                                         headers={"Content-Type": "application/json"})
                self.assertEqual(status, 400, body)
                self.assertEqual(headers["Content-Type"], "application/problem+json")
                self.assertEqual(json.loads(body)["field"], "body")
        self.assertServerUp()

    def test_errors_are_problem_json(self):
        for method, path, want in [("GET", "/api/v1/no-such-thing", 404), ("DELETE", "/api/v1/indicators", 405),
                                   ("GET", "/api/v1/indicators", 401)]:
            with self.subTest(path=path):
                status, headers, body = self.srv.request(method, path)
                self.assertEqual(status, want)
                self.assertEqual(headers["Content-Type"], "application/problem+json")
                problem = json.loads(body)
                self.assertEqual(problem["status"], want)
                self.assertTrue(problem["type"].startswith("https://"))
                self.assertTrue(headers["X-Request-Id"])

    def test_assets_are_sent_precompressed_as_the_client_accepts(self):
        """The build writes .br and .gz beside each text asset; the server picks by Accept-Encoding."""
        import glob
        import gzip
        import os
        dist = os.path.join(os.path.dirname(__file__), "..", "..", "web", "dist")
        biggest = max(glob.glob(os.path.join(dist, "assets", "*.js")), key=os.path.getsize)
        path = "/assets/" + os.path.basename(biggest)
        original = open(biggest, "rb").read()
        status, headers, body = self.srv.request("GET", path, headers={"Accept-Encoding": "gzip, deflate, br"})
        self.assertEqual((status, headers["Content-Encoding"]), (200, "br"))
        self.assertEqual(body, open(biggest + ".br", "rb").read())
        self.assertLess(len(body), len(original) // 2)
        self.assertEqual(headers["Vary"], "Accept-Encoding")
        self.assertTrue(headers["Content-Type"].startswith("text/javascript"))
        status, headers, body = self.srv.request("GET", path, headers={"Accept-Encoding": "gzip;q=1, br;q=0"})
        self.assertEqual(headers["Content-Encoding"], "gzip")
        self.assertEqual(gzip.decompress(body), original)
        status, headers, body = self.srv.request("GET", path, headers={"Accept-Encoding": "identity"})
        self.assertIsNone(headers["Content-Encoding"])
        self.assertEqual(body, original)
        # A client-side route answers index.html (under 1 KiB: not worth compressing, sent as it is).
        status, headers, body = self.srv.request("GET", "/indicators", headers={"Accept-Encoding": "br"})
        self.assertEqual((status, headers["Content-Encoding"]), (200, None))
        self.assertIn(b"<!doctype html>", body.lower())

    def test_zz_sigterm_under_load_answers_every_accepted_request(self):
        token = self.srv.login("admin", self.srv.admin_password)
        results = {"ok": 0, "refused": 0, "unanswered": 0}
        lock = threading.Lock()
        stop = threading.Event()

        def load():
            req = (b"GET /api/v1/indicators HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                   b"Authorization: Bearer " + token.encode() + b"\r\n\r\n")
            while not stop.is_set():
                try:
                    s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=10)
                except ConnectionRefusedError:
                    with lock:
                        results["refused"] += 1
                    time.sleep(0.01)
                    continue
                try:
                    s.sendall(req)
                    data = b""
                    while True:
                        c = s.recv(65536)
                        if not c:
                            break
                        data += c
                    key = "ok" if status_of(data) == 200 else "unanswered"
                except OSError:
                    key = "unanswered"
                finally:
                    s.close()
                with lock:
                    results[key] += 1

        threads = [threading.Thread(target=load) for _ in range(8)]
        for t in threads:
            t.start()
        time.sleep(1.5)
        code = self.srv.stop()
        time.sleep(0.5)
        stop.set()
        for t in threads:
            t.join()
        self.assertEqual(code, 0, "graceful shutdown exits 0")
        self.assertGreater(results["ok"], 0)
        self.assertEqual(results["unanswered"], 0, results)


if __name__ == "__main__":
    unittest.main(verbosity=2)
