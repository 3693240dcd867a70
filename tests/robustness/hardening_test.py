#!/usr/bin/env python3
"""Regression tests for the security review's findings (issue 8), against a
real server. Each test fails on the code before its fix.
Usage: hardening_test.py /path/to/wcp
"""
import io
import json
import sys
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
    lines += [f"retail_sales,{2000 + i % 26},year,{1000 + i}" for i in range(n_rows)]
    return ("\n".join(lines) + "\n").encode()


class Hardening(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = WcpServer(WCP, extra_env={"WCP_IMPORT_MAX_ROWS": "300"})
        cls.analyst = cls.srv.login("demo-analyst", cls.srv.demo_passwords["demo-analyst"])

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


if __name__ == "__main__":
    unittest.main(verbosity=2)
