"""Integrations: a webhook's test button and delivery log against a real
receiver, API tokens shown once and revoked, and users an administrator
creates and disables."""

import hashlib
import hmac
import http.server
import json
import threading
import unittest

from harness import PASSWORD, ConsoleTestCase, Terminal, eventually


class Receiver:
    """An HTTP server the webhooks post to; keeps what it got."""

    def __init__(self):
        received = self.received = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Integrations(ConsoleTestCase):
    def test_a_webhook_is_created_tested_and_its_deliveries_listed(self):
        server = self.server()
        server.create_user("ana", "admin")
        receiver = Receiver()
        self.addCleanup(receiver.close)
        b = self.browser
        b.sign_in(server, "ana", page="#/integrations")
        b.fill("#webhook-url", receiver.url)
        b.fill("#webhook-kinds", "attendance.created")
        b.click("#integration form button[type=submit]")
        secret = b.text_of("#shown-once")
        b.click("button[data-test]")
        b.wait_text("#webhook-test-result", "delivered: HTTP 204")
        headers, body = receiver.received[0]
        self.assertEqual(headers["X-Zkpush-Event"], "webhook.test")
        signed = headers["X-Zkpush-Timestamp"] + "." + body.decode()
        self.assertEqual(headers["X-Zkpush-Signature"],
                         "sha256=" + hmac.new(secret.encode(), signed.encode(), hashlib.sha256).hexdigest())

        t = Terminal(server, "HOOK001")
        t.handshake()
        t.punch("5", "2026-12-07 10:00:00")
        eventually(lambda: len(receiver.received) == 2)
        self.assertEqual(json.loads(receiver.received[1][1])["data"]["pin"], "5")
        b.open(server.url + "/#/integrations?section=tokens")  # away and back: the log is read again
        b.open(server.url + "/#/integrations?section=webhooks")
        b.wait_text("#delivery-log tbody", "attendance.created")
        self.assertEqual(b.cells("#delivery-log tbody tr")[0][:5], ["att-1", "attendance.created", "delivered", "1", "204"])
        b.screenshot("integrations")

    def test_a_token_is_shown_once_and_revoked(self):
        server = self.server()
        server.create_user("ana", "admin")
        b = self.browser
        b.sign_in(server, "ana", page="#/integrations?section=tokens")
        b.fill("#token-name", "payroll")
        b.click("#integration form button[type=submit]")
        token = b.text_of("#shown-once")
        self.assertEqual(server.api("GET", "/api/v1/devices", token=token).status, 200)
        self.assertNotIn(token, b.text_of("#tokens"))
        b.click("#tokens button.btn-outline-danger")
        b.click(".modal-footer .btn-danger")
        b.wait_text("#tokens", "revoked")
        eventually(lambda: server.api("GET", "/api/v1/devices", token=token).status == 401)

    def test_an_administrator_creates_a_user_who_signs_in_and_disables_them(self):
        server = self.server()
        server.create_user("ana", "admin")
        b = self.browser
        b.sign_in(server, "ana", page="#/integrations?section=users")
        b.fill("#user-name", "vic")
        b.fill("#user-password", "short")
        b.click("#integration form button[type=submit]")
        self.assertEqual(server.api("POST", "/api/v1/session", {"name": "vic", "password": "short"}).status, 401)
        b.fill("#user-password", PASSWORD)
        b.click("#integration form button[type=submit]")
        b.wait_text("#accounts", "vic")
        b.screenshot("users")
        signed_in = server.api("POST", "/api/v1/session", {"name": "vic", "password": PASSWORD})
        self.assertEqual(signed_in.status, 200)
        self.assertEqual(signed_in.json()["role"], "viewer")
        cookie = signed_in.headers["set-cookie"].split(";")[0]
        self.assertEqual(server.api("GET", "/api/v1/session", headers={"Cookie": cookie}).status, 200)
        b.click("tr[data-account=vic] .btn-outline-danger")
        b.click(".modal-footer .btn-danger")
        b.wait_text("tr[data-account=vic]", "disabled")
        self.assertEqual(server.api("GET", "/api/v1/session", headers={"Cookie": cookie}).status, 401)
        self.assertEqual(server.api("POST", "/api/v1/session", {"name": "vic", "password": PASSWORD}).status, 401)
        audit = server.api("GET", "/api/v1/audit?limit=100", token=server.token()).json()["items"]
        self.assertTrue(any(a["token"] == "ana" and a["path"] == "/api/v1/accounts/vic" for a in audit))


if __name__ == "__main__":
    unittest.main()
