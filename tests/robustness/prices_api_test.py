#!/usr/bin/env python3
"""The prices API against a running wcp (label e2e): batches all or nothing
with each row named, enterprise scope, plausibility confirmation, bounds on
every parser, analyses that store nothing. Usage: prices_api_test.py /path/to/wcp
"""
import datetime
import hashlib
import hmac
import http.server
import json
import threading
import time
import sys
import unittest

from wcp_server import WcpServer

WCP = sys.argv.pop(1)
TODAY = (datetime.datetime.utcnow() + datetime.timedelta(hours=8)).date().isoformat()


class PricesApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = WcpServer(WCP)
        cls.admin = cls.srv.login("admin", cls.srv.admin_password)
        cls.analyst = cls.srv.login("demo-analyst", cls.srv.demo_passwords["demo-analyst"])
        cls.ent1 = cls.srv.login("demo-ent1", cls.srv.demo_passwords["demo-ent1"])

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def req(self, method, path, body=None, token=None, raw=None):
        status, _, data = self.srv.request(method, path, body, token=token, raw=raw,
                                           headers={"Content-Type": "application/json"} if raw is not None else None)
        return status, (json.loads(data) if data[:1] in (b"{", b"[") else data)

    def day_values(self, point, commodity):
        _, board = self.req("GET", "/api/v1/prices/board?date=" + TODAY, token=self.analyst)
        return next(c for c in board["commodities"] if c["code"] == commodity)

    def row(self, point="demo-fm-3", commodity="potato", fen=310, date=TODAY, unit="元/公斤"):
        return {"point": point, "commodity": commodity, "date": date, "price_fen": fen, "unit": unit}

    def test_a_bad_row_stores_nothing_and_names_each_row(self):
        before = self.day_values("demo-fm-3", "potato")["points"]
        status, problem = self.req("POST", "/api/v1/prices/reports",
                                   [self.row(), self.row(commodity="durian"), self.row(commodity="tomato", fen=-5)],
                                   token=self.analyst)
        self.assertEqual((status, problem["code"]), (400, "rows-invalid"), problem)
        self.assertEqual([(e["index"], e["code"]) for e in problem["errors"]],
                         [(1, "unknown-commodity"), (2, "not-a-price")])
        self.assertEqual(problem["field"], "[1].commodity")
        self.assertEqual(self.day_values("demo-fm-3", "potato")["points"], before)

    def test_an_enterprise_reports_for_its_own_points(self):
        status, points = self.req("GET", "/api/v1/prices/points", token=self.ent1)
        self.assertEqual([p["code"] for p in points["points"]], ["demo-wm-1"])
        status, problem = self.req("POST", "/api/v1/prices/reports", [self.row(point="demo-wm-2")], token=self.ent1)
        self.assertEqual((status, problem["errors"][0]["code"]), (400, "not-your-point"))

    def test_implausible_prices_wait_for_confirmation(self):
        status, problem = self.req("POST", "/api/v1/prices/reports", [self.row(point="demo-sm-1", fen=99900)],
                                   token=self.analyst)
        self.assertEqual((status, problem["code"]), (409, "needs-confirmation"), problem)
        self.assertTrue(problem["errors"][0]["code"].startswith("implausible-"))
        status, stored = self.req("POST", "/api/v1/prices/reports?confirm=true", [self.row(point="demo-sm-1", fen=99900)],
                                  token=self.analyst)
        self.assertEqual((status, stored["stored"]), (201, 1), stored)
        _, audit = self.req("GET", "/api/v1/admin/audit?action=/prices/", token=self.admin)
        self.assertEqual(audit["entries"][0]["record"]["kind"], "price_report")
        self.assertEqual(len([e for e in audit["entries"] if "/analysis/" in e["action"]]), 0)

    def test_parsers_are_bounded(self):
        big = [self.row(date=f"2020-01-01") for _ in range(20001)]
        status, _ = self.req("POST", "/api/v1/prices/reports", big, token=self.analyst)
        self.assertEqual(status, 413)
        status, _ = self.req("POST", "/api/v1/prices/reports", raw=b"[" * 200 + b"]" * 200, token=self.analyst)
        self.assertEqual(status, 400)
        for body in ({"point": 1}, [], [[]], [{"point": "demo-fm-3"}], [self.row(fen=1.5)], [self.row(fen="310")],
                     [self.row(date="2026-02-30")], [self.row(unit="元/斤")], [dict(self.row(), extra=1)]):
            with self.subTest(body=body):
                status, problem = self.req("POST", "/api/v1/prices/reports", body, token=self.analyst)
                self.assertEqual(status, 400, problem)
        status, _ = self.req("POST", "/api/v1/prices/analysis/ifpa", {"start": "2020-01", "prices": [1.0] * 2401},
                             token=self.analyst)
        self.assertEqual(status, 400)
        status, _ = self.req("POST", "/api/v1/prices/analysis/ifpa", {"start": "2020-13", "prices": [1.0]}, token=self.analyst)
        self.assertEqual(status, 400)
        status, problem = self.req("POST", "/api/v1/prices/analysis/pig-grain",
                                   {"weeks": [{"week": "2023-W60", "hog_price": 14, "corn_price": 2.8}]}, token=self.analyst)
        self.assertEqual((status, problem["field"]), (400, "weeks[0].week"))
        self.assertTrue(self.srv.alive())

    def test_reserve_orders_are_checked_and_never_overdraw(self):
        base = {"commodity": "potato", "warehouse": "黄岛蔬菜储备库（演示）"}
        for body, field in [(dict(base, quantity_kg=0), "quantity_kg"), (dict(base, quantity_kg=1.5), "quantity_kg"),
                            (dict(base, quantity_kg=10, commodity="durian"), "commodity"),
                            (dict(base, quantity_kg=10, warehouse="a\u202eb"), "warehouse"),
                            (dict(base, quantity_kg=10, extra=1), "extra")]:
            with self.subTest(body=body):
                status, problem = self.req("POST", "/api/v1/prices/reserves/releases", body, token=self.analyst)
                self.assertEqual((status, problem.get("field")), (400, field), problem)
        status, problem = self.req("POST", "/api/v1/prices/reserves/releases", dict(base, quantity_kg=10**8),
                                   token=self.analyst)
        self.assertEqual((status, problem["code"]), (409, "insufficient-stock"))
        _, reserves = self.req("GET", "/api/v1/prices/reserves", token=self.analyst)
        potato = next(s for s in reserves["stock"] if s["commodity"] == "potato")
        self.assertEqual(potato["quantity_kg"], 300000)  # nothing changed
        self.assertEqual(self.req("POST", "/api/v1/prices/reserves/releases", dict(base, quantity_kg=1),
                                  token=self.ent1)[0], 403)
        status, order = self.req("POST", "/api/v1/prices/reserves/purchases",
                                 dict(base, quantity_kg=1000, stored_on=TODAY, rotate_by="2000-01-01"), token=self.analyst)
        self.assertEqual((status, order["field"]), (400, "rotate_by"))

    def test_a_file_of_prices_previews_then_imports(self):
        csv = ("point,commodity,date,price_yuan,unit\n"
               f"demo-fm-3,potato,{TODAY},3.10,元/公斤\n"
               f"demo-fm-3,tomato,{TODAY},7.2,元/公斤\n").encode("gb18030")  # Excel's CSV on Chinese Windows
        status, _, raw = self.srv.request("POST", "/api/v1/prices/reports/import?dry_run=true", raw=csv, token=self.analyst,
                                          headers={"Content-Type": "text/csv"})
        preview = json.loads(raw)
        self.assertEqual((status, preview["valid"], preview["rows"], preview["stored"]), (200, True, 2, 0), preview)
        bad = csv.replace("3.10".encode(), b"3.105")
        status, _, raw = self.srv.request("POST", "/api/v1/prices/reports/import", raw=bad, token=self.analyst,
                                          headers={"Content-Type": "text/csv"})
        problem = json.loads(raw)
        self.assertEqual((status, problem["errors"][0]["index"], problem["errors"][0]["code"]), (400, 0, "not-a-price"))
        status, _, raw = self.srv.request("POST", "/api/v1/prices/reports/import?confirm=true", raw=csv, token=self.analyst,
                                          headers={"Content-Type": "text/csv"})
        stored = json.loads(raw)
        self.assertEqual((status, stored["stored"]), (201, 2), stored)
        self.assertEqual(sorted(r["price_fen"] for r in stored["reports"]), [310, 720])

    def test_a_preview_is_only_ever_a_preview(self):
        # ?dry_run=yes must not be read as "store": anything but true/false is refused, naming the parameter.
        csv = f"point,commodity,date,price_yuan,unit\ndemo-fm-3,potato,{TODAY},3.11,元/公斤\n".encode()
        before = self.srv.request("GET", f"/api/v1/prices/points/demo-fm-3/day?date={TODAY}", token=self.analyst)[2]
        for query in ("dry_run=yes", "dry_run=1", "confirm=maybe"):
            status, _, raw = self.srv.request("POST", "/api/v1/prices/reports/import?" + query, raw=csv, token=self.analyst,
                                              headers={"Content-Type": "text/csv"})
            self.assertEqual((status, json.loads(raw)["field"]), (400, query.split("=")[0]), raw)
            status, body = self.req("POST", "/api/v1/prices/reports?" + query, [self.row(fen=311)], token=self.analyst)
            self.assertEqual((status, body["field"]), (400, query.split("=")[0]))
        status, body = self.req("POST", "/api/v1/prices/reports?dry_run=true", [self.row(fen=311)], token=self.analyst)
        self.assertEqual((status, body["stored"]), (200, 0))
        after = self.srv.request("GET", f"/api/v1/prices/points/demo-fm-3/day?date={TODAY}", token=self.analyst)[2]
        self.assertEqual(before, after)
        # Nothing is known of later days.
        tomorrow = (datetime.date.fromisoformat(TODAY) + datetime.timedelta(days=1)).isoformat()
        for path in (f"/api/v1/prices/commodities/potato?to={tomorrow}", f"/api/v1/prices/board?date={tomorrow}"):
            status, body = self.req("GET", path, token=self.analyst)
            self.assertEqual(status, 400, body)

    def test_the_weekly_bulletin_is_the_bureaus_in_json_and_xlsx(self):
        status, b = self.req("GET", "/api/v1/prices/bulletin", token=self.analyst)
        self.assertEqual(status, 200, b)
        last_week = datetime.date.fromisoformat(TODAY) - datetime.timedelta(days=7)
        year, week, _ = last_week.isocalendar()
        self.assertEqual(b["week"]["period"], f"{year}-W{week:02d}")  # the last complete week by default
        self.assertEqual(b["summary"]["compared"], b["summary"]["up"] + b["summary"]["down"] + b["summary"]["held"])
        self.assertNotIn("live_hog", [c["code"] for c in b["commodities"]])  # reference series are not listed
        for lang in ("zh", "en"):
            status, headers, raw = self.srv.request("GET", f"/api/v1/prices/bulletin.xlsx?week={b['week']['period']}&lang={lang}",
                                                    token=self.analyst)
            self.assertEqual((status, raw[:2]), (200, b"PK"))
            self.assertIn("attachment", headers["Content-Disposition"])
        for query, field in (("week=2026-W60", "week"), ("week=2026-13", "week"), ("week=" + "9" * 5000, "week"),
                             ("week=2999-W01", "week")):
            status, problem = self.req("GET", "/api/v1/prices/bulletin?" + query, token=self.analyst)
            self.assertEqual((status, problem.get("field")), (400, field), (query, problem))
        status, problem = self.req("GET", "/api/v1/prices/bulletin.xlsx?lang=fr", token=self.analyst)
        self.assertEqual((status, problem["field"]), (400, "lang"))
        # Enterprises do not read the bureau's bulletin (it lists the warnings).
        self.assertEqual(self.req("GET", "/api/v1/prices/bulletin", token=self.ent1)[0], 403)
        self.assertEqual(self.req("GET", "/api/v1/prices/bulletin.xlsx")[0], 401)

    def test_the_analyses_follow_the_research_note(self):
        status, out = self.req("POST", "/api/v1/prices/analysis/pig-grain", {"weeks": [
            {"week": "2023-W01", "hog_price": 5.93, "corn_price": 1}, {"week": "2023-W02", "hog_price": 5.7, "corn_price": 1},
            {"week": "2023-W03", "hog_price": 5.48, "corn_price": 1}]}, token=self.analyst)
        self.assertEqual(status, 200, out)
        self.assertEqual([w["level"] for w in out["weeks"]], [3, 3, 2])
        self.assertEqual(out["weeks"][2]["action"], "视情启动临时储备收储")


class Webhooks(unittest.TestCase):
    """Raised alerts reach the configured webhook, signed with HMAC-SHA256."""

    def test_an_opened_alert_is_posted_signed(self):
        received = []

        class Hook(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        secret = "hook-secret-for-the-test"
        srv = WcpServer(WCP, extra_env={"WCP_PRICES_WEBHOOK_URLS": f"http://127.0.0.1:{server.server_port}/hook",
                                        "WCP_PRICES_WEBHOOK_SECRET": secret})
        try:
            for _ in range(100):  # the demo's shock opened an alert; the worker posts it
                if received:
                    break
                time.sleep(0.1)
            self.assertTrue(received, "no webhook delivery within 10 s")
            headers, body = received[0]
            expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            self.assertEqual(headers["X-WCP-Signature"], expected)
            event = json.loads(body)
            self.assertEqual(event["event"], "price-alert.opened")
            self.assertIn(event["alert"]["rule"], ("qingdao_fluctuation", "pig_grain"))
            self.assertTrue(event["alert"]["recommended_action"])
            time.sleep(2.5)  # delivered once: the worker does not post it again
            self.assertEqual(len([1 for h, b in received if b == body]), 1)
        finally:
            srv.stop()
            server.shutdown()


if __name__ == "__main__":
    unittest.main(verbosity=2)
