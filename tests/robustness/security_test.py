#!/usr/bin/env python3
"""Security properties against a running wcp (label e2e): authentication,
roles, enterprise scoping, CSRF, throttling, SQL metacharacters, and secrets
never echoed or logged. Usage: security_test.py /path/to/wcp
"""
import json
import sys
import unittest
import urllib.request

from wcp_server import WcpServer

WCP = sys.argv.pop(1)


class Security(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = WcpServer(WCP)
        cls.admin = cls.srv.login("admin", cls.srv.admin_password)
        cls.analyst = cls.srv.login("demo-analyst", cls.srv.demo_passwords["demo-analyst"])
        cls.ent1 = cls.srv.login("demo-ent1", cls.srv.demo_passwords["demo-ent1"])
        cls.ent2 = cls.srv.login("demo-ent2", cls.srv.demo_passwords["demo-ent2"])
        cls.secrets = [cls.srv.admin_password, *cls.srv.demo_passwords.values(), cls.admin, cls.analyst]

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def req(self, method, path, body=None, token=None, **kw):
        status, headers, raw = self.srv.request(method, path, body, token=token, **kw)
        return status, (json.loads(raw) if raw and raw[:1] in (b"{", b"[") else raw)

    def test_admin_disables_enables_and_resets_a_user(self):
        status, created = self.req("POST", "/api/v1/admin/users",
                                   {"username": "zz-temp-analyst", "role": "analyst", "password": "first-password-1"},
                                   token=self.admin)
        self.assertEqual(status, 201, created)
        status, users = self.req("GET", "/api/v1/admin/users", token=self.admin)
        me = next(u for u in users["users"] if u["username"] == "admin")
        status, problem = self.req("POST", f"/api/v1/admin/users/{me['id']}/disable", token=self.admin)
        self.assertEqual((status, problem["code"]), (409, "own-account"))
        token = self.srv.login("zz-temp-analyst", "first-password-1")
        status, body = self.req("POST", f"/api/v1/admin/users/{created['id']}/disable", token=self.admin)
        self.assertEqual((status, body["disabled"]), (200, True))
        self.assertEqual(self.srv.request("GET", "/api/v1/auth/me", token=token)[0], 401)  # its session ended
        self.assertEqual(self.req("POST", f"/api/v1/admin/users/{created['id']}/enable", token=self.admin)[0], 200)
        status, problem = self.req("POST", f"/api/v1/admin/users/{created['id']}/password", {"password": "short"},
                                   token=self.admin)
        self.assertEqual((status, problem["field"]), (400, "password"))
        self.assertEqual(self.req("POST", f"/api/v1/admin/users/{created['id']}/password",
                                  {"password": "a-new-password-7"}, token=self.admin)[0], 200)
        self.srv.login("zz-temp-analyst", "a-new-password-7")  # asserts 200
        self.assertEqual(self.req("POST", f"/api/v1/admin/users/{created['id']}/disable", token=self.analyst)[0], 403)

    def test_unauthenticated_writes_get_401(self):
        for path, body in [("/api/v1/admin/users", {"username": "x"}), ("/api/v1/admin/enterprises", {}),
                           ("/api/v1/admin/api-keys", {"name": "k"}), ("/api/v1/auth/logout", None)]:
            with self.subTest(path=path):
                status, problem = self.req("POST", path, body)
                self.assertEqual(status, 401)
                self.assertEqual(problem["status"], 401)
        status, _ = self.req("POST", "/api/v1/admin/users", {}, token="not-a-token")
        self.assertEqual(status, 401)

    def test_wrong_role_gets_403(self):
        status, _ = self.req("POST", "/api/v1/admin/users",
                             {"username": "evil", "role": "admin", "password": "abcdefgh12"}, token=self.analyst)
        self.assertEqual(status, 403)
        self.assertEqual(self.req("GET", "/api/v1/admin/users", token=self.ent1)[0], 403)
        self.assertEqual(self.req("GET", "/api/v1/admin/audit", token=self.analyst)[0], 403)
        self.assertEqual(self.req("POST", "/api/v1/admin/enterprises",
                                  {"name": "x", "credit_code": "91330100716105852F"}, token=self.ent1)[0], 403)

    def test_enterprise_sees_and_changes_only_its_own_data(self):
        _, me1 = self.req("GET", "/api/v1/auth/me", token=self.ent1)
        _, me2 = self.req("GET", "/api/v1/auth/me", token=self.ent2)
        _, listed = self.req("GET", "/api/v1/admin/enterprises", token=self.ent1)
        self.assertEqual([e["id"] for e in listed["enterprises"]], [me1["enterprise_id"]])
        # ent1 creates a key for itself; ent2 can neither see nor revoke it, nor mint one for ent1.
        status, created = self.req("POST", "/api/v1/admin/api-keys", {"name": "erp", "permissions": ["enterprises:read"]},
                                   token=self.ent1)
        self.assertEqual(status, 201)
        _, keys2 = self.req("GET", "/api/v1/admin/api-keys", token=self.ent2)
        self.assertNotIn(created["id"], [k["id"] for k in keys2["api_keys"]])
        self.assertEqual(self.req("DELETE", "/api/v1/admin/api-keys/" + created["id"], token=self.ent2)[0], 404)
        status, _ = self.req("POST", "/api/v1/admin/api-keys",
                             {"name": "steal", "enterprise_id": me1["enterprise_id"]}, token=self.ent2)
        self.assertEqual(status, 403)
        # The key authenticates as ent1's system and is scoped to ent1.
        _, as_key = self.req("GET", "/api/v1/admin/enterprises", token=created["key"])
        self.assertEqual([e["id"] for e in as_key["enterprises"]], [me1["enterprise_id"]])
        self.assertNotEqual(me1["enterprise_id"], me2["enterprise_id"])
        # Revoked by its owner, it stops working.
        self.assertEqual(self.req("DELETE", "/api/v1/admin/api-keys/" + created["id"], token=self.ent1)[0], 200)
        self.assertEqual(self.req("GET", "/api/v1/admin/enterprises", token=created["key"])[0], 401)
        self.secrets.append(created["key"])

    def test_api_keys_are_shown_once_and_never_listed(self):
        _, me1 = self.req("GET", "/api/v1/auth/me", token=self.ent1)
        status, created = self.req("POST", "/api/v1/admin/api-keys",
                                   {"name": "once", "enterprise_id": me1["enterprise_id"]}, token=self.admin)
        self.assertEqual(status, 201)
        self.secrets.append(created["key"])
        _, raw = self.srv.request("GET", "/api/v1/admin/api-keys", token=self.admin)[::2]
        self.assertNotIn(created["key"].encode(), raw)
        self.assertNotIn(created["key"].split("_")[2].encode(), raw)

    def test_cookie_writes_need_the_csrf_token(self):
        body = json.dumps({"username": "demo-analyst", "password": self.srv.demo_passwords["demo-analyst"]}).encode()
        with urllib.request.urlopen(urllib.request.Request(self.srv.base + "/api/v1/auth/login", data=body,
                                                           headers={"Content-Type": "application/json"},
                                                           method="POST"), timeout=10) as r:
            cookie = r.headers["Set-Cookie"].split(";")[0]
            csrf = json.loads(r.read())["csrf_token"]
            self.assertIn("HttpOnly", r.headers["Set-Cookie"])
            self.assertIn("SameSite=Strict", r.headers["Set-Cookie"])
        new_pw = {"old_password": "wrong-password-x", "new_password": "another-password-1"}
        status, problem = self.req("POST", "/api/v1/auth/password", new_pw, headers={"Cookie": cookie})
        self.assertEqual(status, 403)
        self.assertEqual(problem["type"], "https://wcp.example/problems/csrf")
        status, problem = self.req("POST", "/api/v1/auth/password", new_pw,
                                   headers={"Cookie": cookie, "X-CSRF-Token": csrf})
        self.assertEqual(status, 400)  # past CSRF; the old password is wrong
        self.assertEqual(problem["field"], "old_password")

    def test_sql_metacharacters_are_stored_verbatim(self):
        nasty = "Robert'); DROP TABLE users;-- \" \\ % _ 𝒳 '' ; SELECT 1"
        status, created = self.req("POST", "/api/v1/admin/enterprises",
                                   {"name": nasty, "credit_code": "914403001922038216", "street": nasty},
                                   token=self.admin)
        self.assertEqual(status, 201, created)
        _, listed = self.req("GET", "/api/v1/admin/enterprises", token=self.admin)
        found = [e for e in listed["enterprises"] if e["credit_code"] == "914403001922038216"]
        self.assertEqual(found[0]["name"], nasty)
        self.assertEqual(found[0]["street"], nasty)
        self.assertEqual(self.req("GET", "/api/v1/admin/users", token=self.admin)[0], 200)  # table intact
        status, problem = self.req("GET", "/api/v1/places/centres'%20OR%201=1--", token=self.admin)
        self.assertEqual(status, 400)
        self.assertEqual(problem["field"], "kind")

    def test_invalid_credit_code_names_the_field(self):
        status, problem = self.req("POST", "/api/v1/admin/enterprises",
                                   {"name": "x", "credit_code": "91330100716105852G"}, token=self.admin)
        self.assertEqual(status, 400)
        self.assertEqual(problem["field"], "credit_code")

    def test_login_is_throttled_with_back_off(self):
        # Three free failures, then an exponential back-off: the 5th attempt waits.
        codes = [self.srv.request("POST", "/api/v1/auth/login",
                                  {"username": "demo-inspector", "password": "wrong-%d" % i}) for i in range(5)]
        self.assertEqual([c[0] for c in codes], [401, 401, 401, 401, 429])
        self.assertEqual(codes[4][1]["Retry-After"], "1")
        # Even the right password is refused from this address while it waits.
        status, _, _ = self.srv.request("POST", "/api/v1/auth/login",
                                        {"username": "demo-inspector",
                                         "password": self.srv.demo_passwords["demo-inspector"]})
        self.assertEqual(status, 429)

    def test_responses_never_carry_password_hashes(self):
        _, _, raw = self.srv.request("GET", "/api/v1/admin/users", token=self.admin)
        self.assertNotIn(b"argon2", raw)
        self.assertNotIn(b"password", raw)

    def test_zz_secrets_never_appear_in_logs(self):
        import time
        for _ in range(40):  # info lines are flushed within a second
            logs = self.srv.logs()
            if "POST /api/v1/auth/login" in logs:
                break
            time.sleep(0.1)
        self.assertIn("POST /api/v1/auth/login", logs)  # the access log is there
        for secret in self.secrets:
            self.assertNotIn(secret, logs)


if __name__ == "__main__":
    unittest.main(verbosity=2)
