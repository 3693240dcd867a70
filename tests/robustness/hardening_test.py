#!/usr/bin/env python3
"""Regression tests for the security review's findings (issue 8), against a
real server. Each test fails on the code before its fix.
Usage: hardening_test.py /path/to/wcp
"""
import http.client
import io
import json
import re
import socket
import sys
import time
import unittest
import zipfile

from wcp_server import WcpServer

WCP = sys.argv.pop(1)


def workbook(sheet_xml):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buf.getvalue()


def csv_upload(n_rows):
    lines = ["indicator,period,period_type,level"]
    # Distinct periods (a repeated indicator and period is a row error): months from 2000-01 on.
    lines += [f"retail_sales,{2000 + i // 12}-{i % 12 + 1:02d},month,{1000 + i}" for i in range(n_rows)]
    return ("\n".join(lines) + "\n").encode()


class Hardening(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = WcpServer(WCP, extra_env={"WCP_IMPORT_MAX_ROWS": "300", "WCP_AUTH_MAX_SESSIONS_PER_USER": "3"})
        cls.analyst = cls.srv.login("demo-analyst", cls.srv.demo_passwords["demo-analyst"])
        cls.admin = cls.srv.login("admin", cls.srv.admin_password)
        cls.ent = cls.srv.login("demo-ent1", cls.srv.demo_passwords["demo-ent1"])
        cls.ent_id = cls.srv_json("GET", "/api/v1/auth/me", cls.ent)["enterprise_id"]

    @classmethod
    def srv_json(cls, method, path, token, body=None):
        status, _, data = cls.srv.request(method, path, body, token=token)
        assert status < 300, (status, data)
        return json.loads(data)

    def key(self, permissions, token=None):
        status, created = self.req("POST", "/api/v1/admin/api-keys",
                                   {"name": "k", "enterprise_id": self.ent_id, "permissions": permissions},
                                   token=token or self.admin)
        self.assertEqual(status, 201, created)
        return created

    def from_address(self, source, method, path, body):
        """A request from another loopback address (127.0.0.2 …) to the server."""
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=10, source_address=(source, 0))
        conn.request(method, path, json.dumps(body), {"Content-Type": "application/json"})
        r = conn.getresponse()
        out = (r.status, dict(r.getheaders()), r.read())
        conn.close()
        return out

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def req(self, method, path, body=None, token=None, raw=None, headers=None):
        status, hdrs, data = self.srv.request(method, path, body, token=token, raw=raw, headers=headers)
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = data
        return status, parsed

    # 1. The XLSX reader: hostile cell references are a 400 naming the cell.
    def test_hostile_xlsx_references_are_400_and_the_server_lives(self):
        for ref in ["1", "a1", "A" * 40 + "1", "ZZZZ1", "XFD1", "A1048577"]:
            sheet = ('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c></row>'
                     f'<row r="2"><c r="{ref}"><v>1</v></c></row></sheetData></worksheet>')
            status, problem = self.req("POST", "/api/v1/indicators/import?dry_run=true", raw=workbook(sheet),
                                       token=self.analyst)
            self.assertEqual(status, 400, (ref, problem))
            self.assertIn(ref, problem["detail"])
            self.assertTrue(self.srv.alive())
        self.assertEqual(self.req("GET", "/healthz")[0], 200)

    # 8. Imports are capped in rows, and the preview is a page.
    def test_import_preview_is_paged_and_rows_are_capped(self):
        status, preview = self.req("POST", "/api/v1/indicators/import?dry_run=true&preview_limit=20&preview_offset=5",
                                   raw=csv_upload(260), token=self.analyst)
        self.assertEqual(status, 200, preview)
        self.assertEqual((preview["total_rows"], len(preview["rows"]), preview["rows"][0]["line"]), (260, 20, 7))
        status, problem = self.req("POST", "/api/v1/indicators/import?dry_run=true", raw=csv_upload(301),
                                   token=self.analyst)
        self.assertEqual(status, 413, problem)
        self.assertIn("300", problem["detail"])


    # 2. A key may do only what its permissions name.
    def test_a_key_without_permissions_can_call_no_route(self):
        key = self.key([])["key"]
        doc = self.srv_json("GET", "/api/v1/openapi.json", self.admin)
        walked = 0
        for path, methods in doc["paths"].items():
            for method, op in methods.items():
                if op.get("security") == []:
                    continue  # public
                concrete = re.sub(r"\{[^}]+\}", "x", path)
                status, problem = self.req(method.upper(), concrete, body={} if method != "get" else None, token=key)
                self.assertEqual(status, 403, (method, path, problem))
                walked += 1
        self.assertGreater(walked, 20)

    def test_keys_cannot_escalate(self):
        manager = self.key(["keys:manage", "indicators:read"])["key"]
        # A key grants at most what it holds, and never keys:manage.
        self.assertEqual(self.req("POST", "/api/v1/admin/api-keys", {"name": "x", "permissions": ["places:read"]},
                                  token=manager)[0], 403)
        self.assertEqual(self.req("POST", "/api/v1/admin/api-keys", {"name": "x", "permissions": ["keys:manage"]},
                                  token=manager)[0], 403)
        status, child = self.req("POST", "/api/v1/admin/api-keys", {"name": "x", "permissions": ["indicators:read"]},
                                 token=manager)
        self.assertEqual(status, 201, child)
        # An enterprise user's session may not grant keys:manage; names must be declared.
        self.assertEqual(self.req("POST", "/api/v1/admin/api-keys", {"name": "x", "permissions": ["keys:manage"]},
                                  token=self.ent)[0], 403)
        status, problem = self.req("POST", "/api/v1/admin/api-keys", {"name": "x", "permissions": ["root"]},
                                   token=self.ent)
        self.assertEqual((status, problem["field"]), (400, "permissions"))
        # A key without keys:manage cannot create or revoke keys (not even itself).
        plain = self.key(["indicators:read"])
        self.assertEqual(self.req("POST", "/api/v1/admin/api-keys", {"name": "x"}, token=plain["key"])[0], 403)
        self.assertEqual(self.req("DELETE", "/api/v1/admin/api-keys/" + plain["id"], token=plain["key"])[0], 403)
        self.assertEqual(self.req("GET", "/api/v1/indicators", token=plain["key"])[0], 200)

    # 13. A wrong secret writes nothing.
    def test_a_wrong_key_secret_does_not_touch_the_key(self):
        created = self.key(["indicators:read"])
        forged = created["key"][:-4] + ("0000" if not created["key"].endswith("0000") else "1111")
        self.assertEqual(self.req("GET", "/api/v1/indicators", token=forged)[0], 401)
        listed = {k["id"]: k for k in self.srv_json("GET", "/api/v1/admin/api-keys", self.admin)["api_keys"]}
        self.assertIsNone(listed[created["id"]]["last_used_at"])
        self.assertEqual(self.req("GET", "/api/v1/indicators", token=created["key"])[0], 200)
        listed = {k["id"]: k for k in self.srv_json("GET", "/api/v1/admin/api-keys", self.admin)["api_keys"]}
        self.assertIsNotNone(listed[created["id"]]["last_used_at"])

    # 6. Throttling slows the guesser, not the owner.
    def test_the_owner_is_not_locked_out_from_another_address(self):
        user, password = "demo-ent2", self.srv.demo_passwords["demo-ent2"]
        codes = [self.from_address("127.0.0.3", "POST", "/api/v1/auth/login", {"username": user, "password": "no-%d" % i})
                 for i in range(6)]
        self.assertEqual(codes[-1][0], 429)
        self.assertIn("Retry-After", codes[-1][1])
        status, _, _ = self.from_address("127.0.0.4", "POST", "/api/v1/auth/login", {"username": user, "password": password})
        self.assertEqual(status, 200)

    def test_password_change_is_throttled(self):
        token = self.srv.login("demo-inspector", self.srv.demo_passwords["demo-inspector"])
        codes = [self.srv.request("POST", "/api/v1/auth/password",
                                  {"old_password": "wrong-%d" % i, "new_password": "another-password-1"}, token=token)
                 for i in range(5)]
        self.assertEqual([c[0] for c in codes], [400, 400, 400, 400, 429])
        self.assertEqual(codes[4][1]["Retry-After"], "1")

    # 15. Login CSRF: JSON only, same origin only.
    def test_login_must_be_same_origin_json(self):
        creds = json.dumps({"username": "demo-analyst2", "password": self.srv.demo_passwords["demo-analyst2"]}).encode()
        status, problem = self.req("POST", "/api/v1/auth/login", raw=creds, headers={"Content-Type": "text/plain"})
        self.assertEqual((status, problem["field"]), (400, "Content-Type"))
        status, _ = self.req("POST", "/api/v1/auth/login", raw=creds,
                             headers={"Content-Type": "application/json", "Origin": "http://evil.example"})
        self.assertEqual(status, 403)
        status, _ = self.req("POST", "/api/v1/auth/login", raw=creds,
                             headers={"Content-Type": "application/json", "Origin": self.srv.base})
        self.assertEqual(status, 200)

    # 17. Sessions per user are capped (3 here): the oldest ends.
    def test_sessions_per_user_are_capped(self):
        tokens = [self.srv.login("demo-analyst2", self.srv.demo_passwords["demo-analyst2"]) for _ in range(4)]
        self.assertEqual(self.req("GET", "/api/v1/auth/me", token=tokens[0])[0], 401)
        for t in tokens[1:]:
            self.assertEqual(self.req("GET", "/api/v1/auth/me", token=t)[0], 200)

    # 14. Enterprises and inspectors see approved values only, paginated.
    def test_enterprises_see_approved_values_only(self):
        status, _ = self.req("POST", "/api/v1/indicators/retail_sales/observations",
                             {"period": "2026", "period_type": "year", "level": 1700}, token=self.analyst)
        self.assertEqual(status, 201)
        bureau = self.srv_json("GET", "/api/v1/indicators/retail_sales", self.analyst)
        self.assertIn("submitted", {o["state"] for o in bureau["observations"]})
        seen = self.srv_json("GET", "/api/v1/indicators/retail_sales?limit=3", self.ent)
        self.assertEqual({o["state"] for o in seen["observations"]}, {"approved"})
        self.assertEqual(len(seen["observations"]), 3)
        self.assertGreater(seen["observations_page"]["total"], 3)
        for o in seen["observations"]:
            self.assertNotIn("submitted_by", o)
            self.assertNotIn("reason", o)


    # 10. Numbers out of range are a 400 naming the field, never wrapped or a 500.
    def test_out_of_range_numbers_are_400_naming_the_field(self):
        status, problem = self.req("POST", "/api/v1/indicators/retail_sales/observations",
                                   raw=b'{"period":"2026","period_type":"year","level":18446744073709551615}',
                                   headers={"Content-Type": "application/json"}, token=self.analyst)
        self.assertEqual((status, problem["field"]), (400, "level"))
        status, problem = self.req("POST", "/api/v1/auth/login", raw=b'{"username":"a","password":1e400}',
                                   headers={"Content-Type": "application/json"})
        self.assertEqual((status, problem["field"]), (400, "password"))
        status, problem = self.req("POST", "/api/v1/indicators", {"code": "x_big", "name_zh": "x", "name_en": "x",
                                                                  "base_year": 4294967297}, token=self.analyst)
        self.assertEqual((status, problem["field"]), (400, "base_year"))
        # Refused as input, not logged as a server fault (text log lines: "date time level message").
        self.assertFalse([l for l in self.srv.logs().splitlines() if re.match(r"\S+ \S+ error ", l)])

    # 16. Problem bodies never carry the database driver's text; a missing reference is a 400 naming it.
    def test_unknown_references_are_400_without_driver_text(self):
        status, problem = self.req("POST", "/api/v1/admin/api-keys",
                                   {"name": "x", "enterprise_id": "no-such-enterprise"}, token=self.admin)
        self.assertEqual((status, problem["field"]), (400, "enterprise_id"), problem)
        for driver_text in ["FOREIGN KEY", "constraint", "SQLITE", "violates"]:
            self.assertNotIn(driver_text.lower(), problem["detail"].lower())

    # Review findings: text never holds NUL; keys are granted only permissions a key can use.
    def test_nul_in_text_is_refused(self):
        status, problem = self.req("POST", "/api/v1/admin/api-keys", raw=b'{"name":"a\\u0000b","permissions":[]}',
                                   headers={"Content-Type": "application/json"}, token=self.ent)
        self.assertEqual((status, problem["field"]), (400, "name"), problem)
        csv = b"indicator,period,period_type,level,source\nretail_sales,2026,year,1,t\x00evil\n"
        status, problem = self.req("POST", "/api/v1/indicators/import?dry_run=true", raw=csv, token=self.analyst)
        self.assertEqual(status, 400, problem)

    def test_keys_get_only_permissions_a_key_can_use(self):
        status, problem = self.req("POST", "/api/v1/admin/api-keys", {"name": "x", "permissions": ["indicators:write"]},
                                   token=self.ent)
        self.assertEqual((status, problem["field"]), (400, "permissions"), problem)
        names = [p["name"] for p in self.srv_json("GET", "/api/v1/auth/permissions", self.ent)["permissions"]]
        self.assertIn("indicators:read", names)
        self.assertNotIn("indicators:write", names)


def exchange(port, raw, wait=3.0, source="127.0.0.1"):
    """Sends raw bytes; returns everything the server sends until it closes or goes quiet."""
    s = socket.create_connection(("127.0.0.1", port), timeout=wait, source_address=(source, 0))
    s.sendall(raw)
    out = b""
    deadline = time.time() + wait
    try:
        while time.time() < deadline:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    return out


def statuses(raw_response):
    return [int(m) for m in re.findall(rb"HTTP/1\.1 (\d{3}) ", raw_response)]


class Framing(unittest.TestCase):
    """4, 5, 7, 9, 11: HTTP framing, bodies before authentication, limits."""

    @classmethod
    def setUpClass(cls):
        cls.srv = WcpServer(WCP, extra_env={"WCP_HTTP_MAX_CONNECTIONS_PER_ADDRESS": "16",
                                            "WCP_HTTP_MAX_BODY_BYTES_IN_FLIGHT": "100000"})
        cls.analyst = cls.srv.login("demo-analyst", cls.srv.demo_passwords["demo-analyst"])

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    SMUGGLED = b"GET /api/v1/version HTTP/1.1\r\nHost: x\r\n\r\n"

    def test_unsupported_transfer_codings_are_400_and_nothing_is_smuggled(self):
        body = b"0\r\n\r\n" + self.SMUGGLED
        for te in [b"gzip", b"chunked, gzip", b"gzip, chunked", b"xchunked", b"chunked\r\nTransfer-Encoding: chunked",
                   b"\r\n chunked", b"identity"]:
            with self.subTest(te=te):
                raw = (b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       b"Transfer-Encoding: " + te + b"\r\n\r\n" + body)
                got = exchange(self.srv.port, raw)
                self.assertEqual(statuses(got), [400], got[:300])  # one answer, then the connection is closed
        self.assertEqual(self.srv.request("GET", "/healthz")[0], 200)

    def test_long_trailers_and_chunk_extensions_are_refused_and_the_server_lives(self):
        head = b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        got = exchange(self.srv.port, head + b"2\r\n{}\r\n0\r\nX-a: " + b"b" * 65540 + b"\r\n\r\n")
        self.assertIn(statuses(got), ([400], [431]), got[:200])
        got = exchange(self.srv.port, head + b"2;" + b"a" * 300000 + b"\r\n{}\r\n0\r\n\r\n")
        self.assertEqual(statuses(got), [400], got[:200])
        self.assertTrue(self.srv.alive())
        self.assertEqual(self.srv.request("GET", "/healthz")[0], 200)

    def test_head_answers_carry_no_body_even_when_refused(self):
        got = exchange(self.srv.port, b"HEAD /api/v1/indicators/import HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n")
        self.assertEqual(statuses(got), [413])
        self.assertTrue(got.endswith(b"\r\n\r\n"), got[-80:])  # headers only

    def test_obs_fold_is_rejected(self):
        got = exchange(self.srv.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\n\r\n")
        self.assertEqual(statuses(got), [400])

    def test_host_is_required_once_in_http_1_1(self):
        self.assertEqual(statuses(exchange(self.srv.port, b"GET /healthz HTTP/1.1\r\n\r\n")), [400])
        self.assertEqual(statuses(exchange(self.srv.port, b"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")),
                         [400])
        got = exchange(self.srv.port, b"GET /healthz HTTP/1.0\r\n\r\n")
        self.assertIn(b" 200 ", got.split(b"\r\n")[0])

    def test_an_over_long_target_is_414(self):
        got = exchange(self.srv.port, b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertEqual(statuses(got), [414])
        # Exactly at the limit: "/healthz?" + 8183 bytes = 8192 is served, one more is 414.
        ok = exchange(self.srv.port, b"GET /healthz?" + b"a" * 8183 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        self.assertEqual(statuses(ok), [200])
        over = exchange(self.srv.port, b"GET /healthz?" + b"a" * 8184 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertEqual(statuses(over), [414])

    def test_the_host_must_be_a_host(self):
        for host in [b"a b", b"a, b", b"a\tb", b"a/b"]:
            got = exchange(self.srv.port, b"GET /healthz HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
            self.assertEqual(statuses(got), [400], host)
        got = exchange(self.srv.port, b"GET /healthz HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\n\r\n")
        self.assertEqual(statuses(got), [200])

    def test_bodies_wait_for_authentication(self):
        # A body announced, not one byte of it sent: the 401 comes on the headers alone (a server
        # waiting for the body would answer nothing before its 10 s read deadline; we listen for 3 s).
        got = exchange(self.srv.port, b"POST /api/v1/indicators/import HTTP/1.1\r\nHost: x\r\n"
                                      b"Content-Length: 90000\r\n\r\n")
        self.assertEqual(statuses(got), [401])

    def test_route_body_limit_applies_to_content_length_and_chunked(self):
        head = b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        got = exchange(self.srv.port, head + b"Content-Length: 5000\r\n\r\n" + b" " * 5000)
        self.assertEqual(statuses(got), [413])
        chunk = b" " * 5000
        got = exchange(self.srv.port, head + b"Transfer-Encoding: chunked\r\n\r\n" +
                       b"%x\r\n" % len(chunk) + chunk + b"\r\n0\r\n\r\n")
        self.assertEqual(statuses(got), [413])

    def test_bodies_in_flight_are_budgeted(self):
        # An authenticated import announces 90,000 bytes and sends them slowly: it holds the budget (100,000).
        holder = socket.create_connection(("127.0.0.1", self.srv.port))
        holder.sendall(b"POST /api/v1/indicators/import?dry_run=true HTTP/1.1\r\nHost: x\r\n"
                       b"Authorization: Bearer " + self.analyst.encode() + b"\r\nContent-Length: 90000\r\n\r\n")
        # As soon as the server has read the holder's header, another body no longer fits (until then
        # an anonymous request is simply refused with 401).
        for _ in range(50):
            got = exchange(self.srv.port, b"POST /api/v1/indicators/import HTTP/1.1\r\nHost: x\r\n"
                                          b"Content-Length: 20000\r\n\r\n" + b" " * 20000)
            if statuses(got) == [503]:
                break
            time.sleep(0.1)
        self.assertEqual(statuses(got), [503], got[:300])
        self.assertIn(b"Retry-After: 1", got)
        holder.close()
        # Once the server has seen the close, the budget is free again: the request is read (and refused
        # as incomplete JSON). Wait for that event rather than for a fixed time.
        for _ in range(50):
            got = exchange(self.srv.port, b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                          b"application/json\r\nContent-Length: 2\r\n\r\n{}")
            if statuses(got) != [503]:
                break
            time.sleep(0.1)
        self.assertEqual(statuses(got), [400])

    def test_one_address_cannot_take_every_connection(self):
        held = [socket.create_connection(("127.0.0.1", self.srv.port)) for _ in range(16)]
        try:
            time.sleep(0.2)
            self.assertEqual(exchange(self.srv.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", wait=1), b"")
            got = exchange(self.srv.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                           source="127.0.0.2")
            self.assertEqual(statuses(got), [200])
        finally:
            for s in held:
                s.close()
        # Wait until the server has seen the closes (this address is served again).
        for _ in range(50):
            if statuses(exchange(self.srv.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                                 wait=1)) == [200]:
                break
            time.sleep(0.1)

    def test_metrics_labels_are_bounded(self):
        for i in range(40):
            exchange(self.srv.port, b"M%dX /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % i, wait=1)
        _, _, metrics = self.srv.request("GET", "/metrics")
        self.assertNotIn(b"M7X", metrics)
        self.assertIn(b'method="other"', metrics)

    def test_control_characters_cannot_forge_log_lines(self):
        exchange(self.srv.port, b"GET /api/v1/x%0a127.0.0.1%20GET%20/forged%20200 HTTP/1.1\r\nHost: x\r\n"
                                b"Connection: close\r\n\r\n")
        # The access log is flushed in batches: wait for the line to arrive, then look at it.
        lines = []
        for _ in range(100):
            lines = self.srv.logs().splitlines()
            if any("\\x0a" in l for l in lines):
                break
            time.sleep(0.1)
        self.assertTrue(any("\\x0a" in l for l in lines))
        self.assertFalse(any(l.startswith("127.0.0.1 GET /forged") for l in lines))


if __name__ == "__main__":
    unittest.main(verbosity=2)
