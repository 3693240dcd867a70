#!/usr/bin/env python3
"""The indicators API end to end (label e2e): submission, the approval
workflow and its permissions, ledger receipts, and the CSV import that
stores nothing when any row is bad. Usage: indicators_api_test.py /path/to/wcp
"""
import io
import json
import os
import zipfile
import sys
import tempfile
import unittest

from wcp_server import WcpServer

WCP = sys.argv.pop(1)


def xlsx(rows):
    """A minimal .xlsx (inline strings, numbers as numbers) written by hand."""
    def cell(ref, v):
        if isinstance(v, (int, float)):
            return f'<c r="{ref}"><v>{v}</v></c>'
        esc = str(v).replace("&", "&amp;").replace("<", "&lt;")
        return f'<c r="{ref}" t="inlineStr"><is><t>{esc}</t></is></c>'
    body = "".join(f'<row r="{i + 1}">' + "".join(cell(f"{chr(65 + j)}{i + 1}", v) for j, v in enumerate(r) if v != "")
                   + "</row>" for i, r in enumerate(rows))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet><sheetData>{body}</sheetData></worksheet>')
    return buf.getvalue()


class IndicatorsApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = WcpServer(WCP)
        cls.a1 = cls.srv.login("demo-analyst", cls.srv.demo_passwords["demo-analyst"])
        cls.a2 = cls.srv.login("demo-analyst2", cls.srv.demo_passwords["demo-analyst2"])
        cls.ent = cls.srv.login("demo-ent1", cls.srv.demo_passwords["demo-ent1"])

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def req(self, method, path, body=None, token=None, raw=None, headers=None):
        status, _, data = self.srv.request(method, path, body, token=token, raw=raw, headers=headers)
        return status, json.loads(data) if data else None

    def test_detail_has_the_fixed_fields(self):
        status, d = self.req("GET", "/api/v1/indicators/retail_sales", token=self.a1)
        self.assertEqual(status, 200)
        for field in ["required_cagr", "actual_cagr", "status", "projection", "required_growth_remaining", "flags"]:
            self.assertIn(field, d["evaluation"])
        self.assertAlmostEqual(d["evaluation"]["required_cagr"], 0.07934, places=4)  # (1650/1126.4)^0.2 − 1
        _, exports = self.req("GET", "/api/v1/indicators/goods_exports", token=self.a1)
        self.assertEqual([f["type"] for f in exports["evaluation"]["flags"]], ["stated_growth_inconsistent"])
        # A flag is data: (1400/911.99)^0.2 − 1 = 0.0895 against a stated "超过9%".
        params = exports["evaluation"]["flags"][0]["params"]
        self.assertAlmostEqual(params["implied"], 0.0895, places=4)
        self.assertEqual((params["op"], params["stated_pct"]), ("over", 9))
        self.assertEqual(self.req("GET", "/api/v1/indicators/nope", token=self.a1)[0], 404)

    def test_as_of_is_a_year_of_the_plan_period(self):
        status, listed = self.req("GET", "/api/v1/indicators?as_of=2023", token=self.a1)
        self.assertEqual(status, 200)
        self.assertEqual(listed["plan_period"], {"first_year": 2021, "last_year": 2025, "mid_term_year": 2023})
        for bad in ["2020", "2026", "2023x", "-1", ""]:
            status, problem = self.req("GET", "/api/v1/indicators?as_of=" + bad, token=self.a1)
            self.assertEqual((status, problem["field"]), (400, "as_of"), bad)
            self.assertIn("2021–2025", problem["detail"])

    def test_workflow_and_receipt(self):
        status, created = self.req("POST", "/api/v1/indicators/fdi_utilized/observations",
                                   {"period": "2026-YTD03", "period_type": "ytd", "level": 4.2, "source": "商务局", "release": "快报"},
                                   token=self.a1)
        self.assertEqual(status, 201, created)
        o = created["observations"][0]
        self.assertEqual(o["state"], "submitted")
        self.assertEqual(o["period"], "2026-YTD03")
        self.assertEqual(self.req("POST", f"/api/v1/indicators/observations/{o['id']}/approve", token=self.a1)[0], 403)
        self.assertEqual(self.req("POST", f"/api/v1/indicators/observations/{o['id']}/approve", token=self.ent)[0], 403)
        status, approved = self.req("POST", f"/api/v1/indicators/observations/{o['id']}/approve", token=self.a2)
        self.assertEqual(status, 200)
        self.assertEqual(approved["state"], "approved")
        self.assertIsNotNone(approved["ledger_index"])
        self.assertEqual(self.req("POST", f"/api/v1/indicators/observations/{o['id']}/reject",
                                  {"reason": "late"}, token=self.a2)[0], 409)
        # The receipt verifies offline with only the public key.
        import time, urllib.request
        for _ in range(50):
            s, _, receipt = self.srv.request("GET", f"/api/v1/ledger/receipts/indicator_observation/{o['id']}")
            if s == 200:
                break
            time.sleep(0.2)
        self.assertEqual(s, 200)
        # The check online says the record is held and unchanged; a signed-in reader also sees which
        # record and values it certifies, the approver's name for the bureau only.
        def check(token):
            status, _, raw = self.srv.request("POST", "/api/v1/ledger/verify-receipt", raw=receipt, token=token,
                                              headers={"Content-Type": "text/plain"})
            verdict = json.loads(raw)
            self.assertEqual((status, verdict["valid"]), (200, True), verdict)
            self.assertEqual((verdict["certifies"]["found"], verdict["certifies"]["matches"]), (True, True))
            return verdict["certifies"]["record"]
        self.assertIsNone(check(None))
        bureau = check(self.a1)
        self.assertEqual((bureau["indicator"], bureau["period"], bureau["level"], bureau["approved_by"]),
                         ("fdi_utilized", "2026-YTD03", "4.2", "demo-analyst2"))
        enterprise = check(self.ent)
        self.assertEqual(enterprise["level"], "4.2")
        self.assertNotIn("approved_by", enterprise)
        key = urllib.request.urlopen(self.srv.base + "/ledger/public-key").read().decode().strip()
        with tempfile.NamedTemporaryFile("wb", suffix=".tlog-proof", delete=False) as f:
            f.write(receipt)
        r = self.srv.cli("ledger", "verify-receipt", f.name, "--key", key, check=False)
        self.assertEqual(r.returncode, 0, r.stderr)
        tampered = receipt.replace(b"index ", b"index 9")
        with open(f.name, "wb") as g:
            g.write(tampered)
        self.assertEqual(self.srv.cli("ledger", "verify-receipt", f.name, "--key", key, check=False).returncode, 6)

    def test_entry_warns_about_outliers_but_stores(self):
        # The demo history grows a few percent a year; 90 % stands far outside it.
        status, created = self.req("POST", "/api/v1/indicators/wholesale_above_size/observations",
                                   {"period": "2026", "period_type": "year", "level": 9000, "yoy_growth": 0.9},
                                   token=self.a1)
        self.assertEqual(status, 201)
        self.assertEqual([w["type"] for w in created["warnings"]], ["outlier"])
        self.assertEqual(created["observations"][0]["state"], "submitted")

    def test_xlsx_upload_of_a_year_of_statistics(self):
        header = ["indicator", "period", "period_type", "level", "yoy_growth", "source", "release"]
        rows = [header, ["goods_trade", "2026", "year", 3350.5, 0.041, "海关 & 统计局", "年报"],
                ["goods_exports", "2026", "year", 1480, 0.05, "海关", "年报"]]
        status, preview = self.req("POST", "/api/v1/indicators/import?dry_run=true", raw=xlsx(rows), token=self.a1)
        self.assertEqual(status, 200, preview)
        self.assertEqual(preview["rows"][0]["observation"]["level"], "3350.5")
        self.assertEqual(preview["rows"][0]["observation"]["source"], "海关 & 统计局")
        bad = rows + [["goods_imports", "2026", "year", "lots", "", "海关", "年报"]]
        status, problem = self.req("POST", "/api/v1/indicators/import", raw=xlsx(bad), token=self.a1)
        self.assertEqual(status, 400)
        self.assertEqual(problem["rows"][2]["line"], 4)
        self.assertEqual(problem["field"], "level")
        status, done = self.req("POST", "/api/v1/indicators/import", raw=xlsx(rows), token=self.a1)
        self.assertEqual((status, done["stored"]), (201, 2))

    def test_derived_indicator_proposed_and_approved(self):
        body = {"code": "goods_export_share", "name_zh": "出口占货物进出口比重", "name_en": "Exports' share of goods trade",
                "unit_zh": "%", "unit_en": "percent", "kind": "ratio", "formula": "goods_exports / goods_trade * 100"}
        status, bad = self.req("POST", "/api/v1/indicators", dict(body, formula="goods_exports / nothing"), token=self.a1)
        self.assertEqual((status, bad["field"]), (400, "formula"))
        status, created = self.req("POST", "/api/v1/indicators", body, token=self.a1)
        self.assertEqual(status, 201, created)
        self.assertEqual(created["state"], "proposed")
        self.assertEqual(self.req("POST", "/api/v1/indicators/goods_export_share/definition/approve", token=self.a1)[0], 403)
        status, approved = self.req("POST", "/api/v1/indicators/goods_export_share/definition/approve", token=self.a2)
        self.assertEqual((status, approved["state"]), (200, "approved"))
        _, d = self.req("GET", "/api/v1/indicators/goods_export_share", token=self.a1)
        _, exports = self.req("GET", "/api/v1/indicators/goods_exports", token=self.a1)
        _, trade = self.req("GET", "/api/v1/indicators/goods_trade", token=self.a1)
        level = {p["year"]: p["level"] for p in exports["series"]}
        total = {p["year"]: p["level"] for p in trade["series"]}
        for p in d["series"]:  # exports / total · 100, year by year
            self.assertAlmostEqual(p["level"], level[p["year"]] / total[p["year"]] * 100, places=9)
        self.assertEqual(len(d["series"]), len(exports["series"]))
        status, problem = self.req("POST", "/api/v1/indicators/goods_export_share/observations",
                                   {"period": "2026", "period_type": "year", "level": 40}, token=self.a1)
        self.assertEqual((status, problem["field"]), (400, "formula"))
        # The upload goes through the same rules: a derived or unknown indicator is a row error in the
        # preview (not "valid" there and refused at the commit), and nothing is stored.
        csv = ("indicator,period,period_type,level\n"
               "goods_trade,2027,year,3500\n"
               "goods_export_share,2027,year,41\n"
               "retail_salez,2027,year,1800\n").encode()
        for query in ["?dry_run=true", ""]:
            status, problem = self.req("POST", "/api/v1/indicators/import" + query, raw=csv, token=self.a1)
            self.assertEqual(status, 400, problem)
            self.assertEqual([(e["line"], e["field"]) for e in problem["errors"]], [(3, "indicator"), (4, "indicator")])
        _, trade = self.req("GET", "/api/v1/indicators/goods_trade", token=self.a1)
        self.assertNotIn("2027", [o["period"] for o in trade["observations"]])

    def test_the_list_follows_every_approval(self):
        # The evaluated list is computed once per data version: it must still change with every approval.
        def latest(code):
            _, listed = self.req("GET", "/api/v1/indicators", token=self.ent)
            return next(i["evaluation"]["latest_year"] for i in listed["indicators"] if i["code"] == code)
        before = latest("fdi_utilized")
        self.assertLess(before, 2027)  # the demo series ends in 2025 (another test may approve 2026)
        status, created = self.req("POST", "/api/v1/indicators/fdi_utilized/observations",
                                   {"period": "2027", "period_type": "year", "level": 25}, token=self.a1)
        self.assertEqual(status, 201, created)
        self.assertEqual(latest("fdi_utilized"), before)  # submitted, not approved: not evaluated
        oid = created["observations"][0]["id"]
        self.assertEqual(self.req("POST", f"/api/v1/indicators/observations/{oid}/approve", token=self.a2)[0], 200)
        self.assertEqual(latest("fdi_utilized"), 2027)

    def test_draft_then_submit_then_approve(self):
        status, created = self.req("POST", "/api/v1/indicators/fdi_utilized/observations?draft=true",
                                   {"period": "2026", "period_type": "year", "level": 19.1}, token=self.a1)
        self.assertEqual((status, created["observations"][0]["state"]), (201, "draft"))
        oid = created["observations"][0]["id"]
        self.assertEqual(self.req("POST", f"/api/v1/indicators/observations/{oid}/approve", token=self.a2)[0], 409)
        self.assertEqual(self.req("POST", f"/api/v1/indicators/observations/{oid}/submit", token=self.a2)[0], 403)
        status, submitted = self.req("POST", f"/api/v1/indicators/observations/{oid}/submit", token=self.a1)
        self.assertEqual((status, submitted["state"]), (200, "submitted"))
        self.assertEqual(self.req("POST", f"/api/v1/indicators/observations/{oid}/approve", token=self.a2)[0], 200)

    def test_enterprise_cannot_submit_statistics(self):
        status, _ = self.req("POST", "/api/v1/indicators/retail_sales/observations",
                             {"period": "2024", "period_type": "year", "level": 1}, token=self.ent)
        self.assertEqual(status, 403)

    def test_bad_list_stores_nothing_and_names_the_row(self):
        _, before = self.req("GET", "/api/v1/indicators/catering_above_size", token=self.a1)
        status, problem = self.req("POST", "/api/v1/indicators/catering_above_size/observations",
                                   [{"period": "2024", "period_type": "year", "level": 20},
                                    {"period": "2024-13", "period_type": "month", "level": 1}], token=self.a1)
        self.assertEqual(status, 400)
        self.assertEqual(problem["field"], "[1].period")
        _, after = self.req("GET", "/api/v1/indicators/catering_above_size", token=self.a1)
        self.assertEqual(len(after["observations"]), len(before["observations"]))

    def test_csv_import_preview_and_all_or_nothing(self):
        _, before = self.req("GET", "/api/v1/indicators/malls_count", token=self.a1)
        bad = ("indicator,period,period_type,level,source\n"
               "malls_count,2026,year,38,商务局\n"
               "malls_count,2026-Q5,quarter,39,商务局\n"
               "no_such,2026,year,1,x\n").encode()
        status, problem = self.req("POST", "/api/v1/indicators/import", raw=bad, token=self.a1,
                                   headers={"Content-Type": "text/csv"})
        self.assertEqual(status, 400)
        self.assertIn("2 of 3 rows are invalid", problem["detail"])  # the unknown indicator is a row error too
        self.assertEqual(problem["rows"][1]["line"], 3)
        self.assertEqual(problem["rows"][1]["field"], "period")
        good = bad.replace(b"2026-Q5,quarter", b"2026-Q3,quarter").replace(b"no_such,2026,year,1,x\n", b"")
        status, preview = self.req("POST", "/api/v1/indicators/import?dry_run=true", raw=good, token=self.a1)
        self.assertEqual((status, preview["valid"], preview["stored"]), (200, True, 0))
        _, mid = self.req("GET", "/api/v1/indicators/malls_count", token=self.a1)
        self.assertEqual(len(mid["observations"]), len(before["observations"]))
        status, done = self.req("POST", "/api/v1/indicators/import", raw=good, token=self.a1)
        self.assertEqual((status, done["stored"]), (201, 2))
        # A file whose rows parse but name an unknown indicator stores nothing either, and says which row.
        unknown = b"indicator,period,period_type,level\nmalls_count,2027,year,40\nno_such,2027,year,1\n"
        status, problem = self.req("POST", "/api/v1/indicators/import", raw=unknown, token=self.a1)
        self.assertEqual((status, problem["errors"][0]["line"], problem["field"]), (400, 3, "indicator"))
        _, after = self.req("GET", "/api/v1/indicators/malls_count", token=self.a1)
        self.assertEqual(len(after["observations"]), len(before["observations"]) + 2)


    def test_template_round_trip_gbk_names_and_duplicates(self):
        # The template names every indicator that takes values; filled in, it imports as it is.
        status, _, raw = self.srv.request("GET", "/api/v1/indicators/import-template", token=self.a1)
        self.assertEqual(status, 200)
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"))  # Excel reads UTF-8 with its BOM
        lines = raw.decode("utf-8-sig").splitlines()
        self.assertEqual(lines[0], "indicator,name,period,period_type,level,yoy_growth,source,release")
        exports = next(line for line in lines if line.startswith("goods_exports,"))
        self.assertIn("货物进出口总额 其中：出口额", exports)
        filled = "\n".join([lines[0], exports.replace(",,year,", ",2027,year,1500.5")]) + "\n"
        status, preview = self.req("POST", "/api/v1/indicators/import?dry_run=true", raw=filled.encode(), token=self.a1)
        self.assertEqual((status, preview["valid"], preview["encoding"]), (200, True, "UTF-8"), preview)
        status, _, xlsx_bytes = self.srv.request("GET", "/api/v1/indicators/import-template?format=xlsx&lang=en",
                                                 token=self.a1)
        self.assertEqual((status, xlsx_bytes[:2]), (200, b"PK"))
        # Excel's plain "CSV" on Chinese Windows is GB18030: converted, indicators named in Chinese.
        gbk = ("indicator,period,period_type,level\n社会消费品零售额,2027,year,1500\n"
               "货物进出口总额 其中：出口额,2027,year,1500\n").encode("gb18030")
        status, preview = self.req("POST", "/api/v1/indicators/import?dry_run=true", raw=gbk, token=self.a1)
        self.assertEqual((status, preview["encoding"], preview["valid"]), (200, "GB18030", True), preview)
        self.assertEqual([r["observation"]["indicator"] for r in preview["rows"]], ["retail_sales", "goods_exports"])
        # A name two indicators share, a name no indicator has and a repeated row: each named, nothing stored.
        bad = ("indicator,period,period_type,level\n其中出口额,2027,year,1\n社会消费品零售额z,2027,year,1\n"
               "retail_sales,2027,year,1\nretail_sales,2027,year,2\n").encode()
        status, problem = self.req("POST", "/api/v1/indicators/import?dry_run=true", raw=bad, token=self.a1)
        self.assertEqual(status, 400)
        codes = {e["line"]: e["code"] for e in problem["errors"]}
        self.assertEqual(codes, {2: "ambiguous-indicator", 3: "unknown-indicator", 5: "duplicate-row"})
        # Bytes that are neither UTF-8 nor GB18030 are refused, not stored garbled.
        status, problem = self.req("POST", "/api/v1/indicators/import?dry_run=true",
                                   raw=b"indicator,period,period_type,level\n\xff\xfe,2027,year,1\n", token=self.a1)
        self.assertEqual((status, problem["code"]), (400, "not-text"))


class EnterpriseReports(unittest.TestCase):
    """The enterprises' monthly report: own scope, one live report a month,
    the bureau's review, and the home's tasks."""

    @classmethod
    def setUpClass(cls):
        cls.srv = WcpServer(WCP)
        cls.a1 = cls.srv.login("demo-analyst", cls.srv.demo_passwords["demo-analyst"])
        cls.ent1 = cls.srv.login("demo-ent1", cls.srv.demo_passwords["demo-ent1"])
        cls.ent3 = cls.srv.login("demo-ent3", cls.srv.demo_passwords["demo-ent3"])

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def req(self, method, path, body=None, token=None):
        status, _, raw = self.srv.request(method, path, body, token=token)
        return status, (json.loads(raw) if raw[:1] in (b"{", b"[") else raw)

    def test_tasks_show_the_overdue_month_and_the_report_clears_it(self):
        status, tasks = self.req("GET", "/api/v1/me/tasks", token=self.ent3)
        self.assertEqual(status, 200, tasks)
        # The demo leaves every third enterprise's latest month unreported.
        first = tasks["tasks"][0]
        self.assertIn(first["state"], ("overdue", "to_do"))
        self.assertEqual(first["form"], "enterprise_monthly")
        # Empty only when the holiday calendar does not cover the due date yet (early in a new year).
        self.assertRegex(first["due"], r"^(\d{4}-\d{2}-\d{2})?$")
        status, sent = self.req("POST", "/api/v1/indicators/enterprise-reports",
                                {"period": first["period"], "sales": "1234.5", "sales_last_year": "1100"}, token=self.ent3)
        self.assertEqual(status, 201, sent)
        self.assertNotIn("submitted_by", sent)  # the enterprise's view has no staff names
        status, problem = self.req("POST", "/api/v1/indicators/enterprise-reports",
                                   {"period": first["period"], "sales": "1", "sales_last_year": "1"}, token=self.ent3)
        self.assertEqual((status, problem["code"]), (409, "report-exists"))
        after = self.req("GET", "/api/v1/me/tasks", token=self.ent3)[1]["tasks"]
        self.assertEqual(next(t for t in after if t["period"] == first["period"])["state"], "submitted")
        # The bureau rejects it with a reason; the enterprise sees the reason, not who.
        status, rejected = self.req("POST", f"/api/v1/indicators/enterprise-reports/{sent['id']}/reject",
                                    {"reason": "单位应为万元"}, token=self.a1)
        self.assertEqual((status, rejected["state"]), (200, "rejected"))
        mine = self.req("GET", "/api/v1/indicators/enterprise-reports", token=self.ent3)[1]["reports"]
        back = next(r for r in mine if r["id"] == sent["id"])
        self.assertEqual((back["state"], back["reason"]), ("rejected", "单位应为万元"))
        self.assertNotIn("decided_by", back)
        status, again = self.req("POST", "/api/v1/indicators/enterprise-reports",
                                 {"period": first["period"], "sales": "12.3", "sales_last_year": "11"}, token=self.ent3)
        self.assertEqual(status, 201, again)

    def test_an_enterprise_sees_only_its_own_and_cannot_decide(self):
        mine = self.req("GET", "/api/v1/indicators/enterprise-reports", token=self.ent1)[1]["reports"]
        theirs = self.req("GET", "/api/v1/indicators/enterprise-reports", token=self.ent3)[1]["reports"]
        self.assertTrue(mine and theirs)
        self.assertEqual(len({r["enterprise_id"] for r in mine}), 1)
        self.assertFalse({r["id"] for r in mine} & {r["id"] for r in theirs})
        everyone = self.req("GET", "/api/v1/indicators/enterprise-reports", token=self.a1)[1]["reports"]
        self.assertGreater(len({r["enterprise_id"] for r in everyone}), 2)
        self.assertIn("submitted_by", everyone[0])
        pending = next(r for r in mine if r["state"] == "submitted")
        self.assertEqual(self.req("POST", f"/api/v1/indicators/enterprise-reports/{pending['id']}/approve",
                                  token=self.ent1)[0], 403)
        # The bureau does not send enterprises' reports.
        self.assertEqual(self.req("POST", "/api/v1/indicators/enterprise-reports",
                                  {"period": "2026-01", "sales": 1, "sales_last_year": 1}, token=self.a1)[0], 403)

    def test_bad_reports_name_the_field_and_store_nothing(self):
        before = len(self.req("GET", "/api/v1/indicators/enterprise-reports", token=self.ent1)[1]["reports"])
        for body, field, code in [({"period": "2999-01", "sales": 1, "sales_last_year": 1}, "period", "month-not-ended"),
                                  ({"period": "2026-1", "sales": 1, "sales_last_year": 1}, "period", "invalid-period"),
                                  ({"period": "2025-01", "sales": "-5", "sales_last_year": 1}, "sales", "not-an-amount"),
                                  ({"period": "2025-01", "sales": "1e9", "sales_last_year": 1}, "sales", "not-a-decimal"),
                                  ({"period": "2025-01", "sales": 1}, "sales_last_year", "required")]:
            with self.subTest(body=body):
                status, problem = self.req("POST", "/api/v1/indicators/enterprise-reports", body, token=self.ent1)
                self.assertEqual((status, problem.get("field"), problem.get("code")), (400, field, code), problem)
        status, _, _ = self.srv.request("POST", "/api/v1/indicators/enterprise-reports", raw=b"[" * 100000,
                                        token=self.ent1, headers={"Content-Type": "application/json"})
        self.assertIn(status, (400, 413))
        after = len(self.req("GET", "/api/v1/indicators/enterprise-reports", token=self.ent1)[1]["reports"])
        self.assertEqual(before, after)


class AuditTrail(unittest.TestCase):
    """The audit trail names the record touched, records failed logins with
    the user attempted, and leaves out previews."""

    @classmethod
    def setUpClass(cls):
        cls.srv = WcpServer(WCP)
        cls.admin = cls.srv.login("admin", cls.srv.admin_password)
        cls.a1 = cls.srv.login("demo-analyst", cls.srv.demo_passwords["demo-analyst"])

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def entries(self, action):
        status, _, raw = self.srv.request("GET", "/api/v1/admin/audit?action=" + action, token=self.admin)
        self.assertEqual(status, 200)
        return json.loads(raw)["entries"]

    def test_names_records_records_failed_logins_and_skips_previews(self):
        status, _, raw = self.srv.request("POST", "/api/v1/indicators/retail_sales/observations",
                                          {"period": "2026-YTD09", "period_type": "ytd", "level": "1200.5"},
                                          token=self.a1)
        self.assertEqual(status, 201, raw)
        created = json.loads(raw)["observations"][0]
        entry = self.entries("/observations")[0]
        self.assertEqual(entry["record"], {"kind": "observation", "id": created["id"],
                                           "name": "retail_sales 2026-YTD09 (ytd)"})
        self.assertEqual(entry["actor"], "demo-analyst")
        status, _, _ = self.srv.request("POST", "/api/v1/auth/login", {"username": "demo-analyst2", "password": "wrong-one"})
        self.assertEqual(status, 401)
        failed = self.entries("/auth/login")[0]
        self.assertEqual((failed["status"], failed["record"]["kind"], failed["record"]["name"]),
                         (401, "login", "demo-analyst2"))
        # Text that names no account is not kept (it is often a password typed in the wrong field).
        status, _, _ = self.srv.request("POST", "/api/v1/auth/login", {"username": "Secret-Pass-123", "password": "x1"})
        self.assertEqual(status, 401)
        unknown = self.entries("/auth/login")[0]
        self.assertEqual((unknown["status"], unknown["record"]["name"]), (401, "(unknown account)"))
        csv = "indicator,period,period_type,level\nretail_sales,2026-08,ytd,1100\n".encode()
        before = len(self.entries("/import"))
        status, _, _ = self.srv.request("POST", "/api/v1/indicators/import?dry_run=true", raw=csv, token=self.a1,
                                        headers={"Content-Type": "text/csv"})
        self.assertEqual(status, 200)
        self.assertEqual(len(self.entries("/import")), before)  # a preview is not a write

if __name__ == "__main__":
    unittest.main(verbosity=2)
