"""Who may use the console: the first administrator from the setup code,
sign-in and its throttle, what a viewer sees and may do, forged requests,
and an expired session that returns to the same page."""

import http.server
import threading
import unittest

from harness import PASSWORD, ConsoleTestCase, Terminal, eventually, request


class Access(ConsoleTestCase):
    def test_the_setup_code_from_the_log_creates_the_first_administrator(self):
        server = self.server()
        b = self.browser
        b.open(server.url + "/")
        b.wait_text("h1", "Welcome to zkpush")
        b.screenshot("setup")
        b.fill("input[name=code]", "AAAA-BBBB-CCCC")  # not the code
        b.fill("input[name=name]", "ana")
        b.fill("input[name=password]", PASSWORD)
        b.fill("input[name=again]", PASSWORD)
        b.click("button[type=submit]")
        self.assertIn("not the setup code", b.text_of("input[name=code] ~ .invalid-feedback"))
        b.fill("input[name=code]", server.setup_code().lower())  # case does not matter
        b.click("button[type=submit]")
        b.wait_text("#account-menu", "ana (admin)")
        self.assertTrue(b.driver.current_url.endswith("#/overview"))
        # The code is used up: the setup form is gone, and the API refuses a second administrator.
        self.assertEqual(server.api("GET", "/api/v1/setup").json(), {"needed": False})
        again = server.api("POST", "/api/v1/setup", {"code": server.setup_code(), "name": "eve", "password": PASSWORD})
        self.assertEqual(again.status, 409)
        audit = server.api("GET", "/api/v1/audit?limit=100", token=server.token()).json()["items"]
        self.assertTrue(any(a["path"] == "/api/v1/setup" and a["status"] == 201 and "***" in a["detail"] for a in audit))
        self.assertFalse(any(server.setup_code() in a["detail"] or PASSWORD in a["detail"] for a in audit))

    def test_a_wrong_password_is_refused_and_repeated_tries_are_throttled(self):
        server = self.server()
        server.create_user("ana", "admin")
        b = self.browser
        b.open(server.url + "/#/signin")
        for attempt in range(5):
            b.fill("input[name=name]", "ana")
            b.fill("input[name=password]", "wrong password")
            b.click("button[type=submit]")
            b.wait_text(".form-error", "Wrong name or password")
            b.driver.execute_script("document.querySelector('.form-error').remove()")
        b.screenshot("signin-refused")
        # The sixth try is throttled, even with the right password.
        b.fill("input[name=name]", "ana")
        b.fill("input[name=password]", PASSWORD)
        b.click("button[type=submit]")
        b.wait_text(".form-error", "Too many failed attempts")
        r = server.api("POST", "/api/v1/session", {"name": "ana", "password": PASSWORD})
        self.assertEqual(r.status, 429)
        self.assertEqual(r.headers["retry-after"], "900")
        # Another account from the same address is not locked by ana's failures.
        server.create_user("bo", "viewer")
        self.assertEqual(server.api("POST", "/api/v1/session", {"name": "bo", "password": PASSWORD}).status, 200)

    def test_a_viewer_sees_no_action_and_the_api_refuses_it_anyway(self):
        server = self.server()
        server.create_user("vic", "viewer")
        t = Terminal(server, "VIEW001")
        t.handshake()
        b = self.browser
        b.sign_in(server, "vic", page="#/terminals/VIEW001")
        b.wait_text("h1", "VIEW001")
        self.assertEqual(b.all("#terminal-actions"), [])
        self.assertNotIn("Integrations", b.text_of("nav"))
        b.click("a[href$='tab=settings']")
        self.assertFalse(b.find("#setting-Delay").is_enabled())
        self.assertEqual(b.all("#terminal-tab button[type=submit]"), [])
        csrf = b.driver.execute_script("return (await import('/console/api.js')).session.csrf")
        r = b.fetch("POST", "/api/v1/devices/VIEW001/commands/reboot", {}, {"X-CSRF-Token": csrf})
        self.assertEqual(r["status"], 403)
        self.assertIn("viewer", r["body"])

    def test_a_change_without_the_anti_forgery_token_or_from_another_site_is_refused(self):
        server = self.server()
        server.create_user("ana", "admin")
        b = self.browser
        b.sign_in(server, "ana")
        # The page's own request with the token is accepted ...
        csrf = b.driver.execute_script("return (await import('/console/api.js')).session.csrf")
        ok = b.fetch("POST", "/api/v1/device-groups", {"name": "with token"}, {"X-CSRF-Token": csrf})
        self.assertEqual(ok["status"], 201)
        # ... the same request without it is not.
        refused = b.fetch("POST", "/api/v1/device-groups", {"name": "without token"})
        self.assertEqual(refused["status"], 403)

        # A page of another origin posts a form to the console's API with
        # the browser's cookie.
        target = server.url + "/api/v1/device-groups"
        page = f"""<form id=f method=post action="{target}" enctype="text/plain">
<input name='{{"name": "forged", "x": "' value='"}}'></form><script>document.getElementById('f').submit()</script>"""
        # Threads: Chromium opens speculative connections that send nothing.
        evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _page_handler(page))
        evil.daemon_threads = True
        threading.Thread(target=evil.serve_forever, daemon=True).start()
        self.addCleanup(evil.server_close)
        self.addCleanup(evil.shutdown)
        b.open(f"http://127.0.0.1:{evil.server_address[1]}/")
        eventually(lambda: "/api/v1/device-groups" in b.driver.current_url)
        self.assertIn("anti-forgery token", b.driver.page_source)
        groups = server.api("GET", "/api/v1/device-groups", token=server.token("read")).json()["items"]
        self.assertEqual([g["name"] for g in groups], ["with token"])

    def test_an_expired_session_signs_in_again_and_returns_to_the_same_page(self):
        server = self.server()
        server.create_user("ana", "operator")
        Terminal(server, "BACK001").handshake()
        b = self.browser
        b.sign_in(server, "ana", page="#/terminals")
        b.wait_text("#main", "BACK001")
        token = server.token()
        self.assertEqual(server.api("DELETE", "/api/v1/accounts/ana/sessions", token=token).json(), {"revoked": 1})
        b.open(server.url + "/#/terminals/BACK001?tab=commands")
        b.wait_text("h1", "Sign in")
        self.assertIn("next=", b.driver.current_url)
        b.fill("input[name=name]", "ana")
        b.fill("input[name=password]", PASSWORD)
        b.click("button[type=submit]")
        b.wait_text("h1", "BACK001")
        self.assertTrue(b.driver.current_url.endswith("#/terminals/BACK001?tab=commands"))


def _page_handler(page):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass
    return Handler


if __name__ == "__main__":
    unittest.main()
