"""Connectors and punch direction: an ERPNext connector added through the
console's form against an ERPNext stand-in (a refusal of the form shown by
its field, the test button's answer, a punch delivered and the status and
delivery log that say so, an edit that keeps the secrets, delete), and a
terminal made an exit terminal from its page."""

import http.server
import json
import threading
import unittest

from selenium.webdriver.support.ui import Select

from harness import ConsoleTestCase, Terminal, eventually

CHECKIN = "/api/method/hrms.hr.doctype.employee_checkin.employee_checkin.add_log_based_on_employee_field"


class Erpnext:
    """An ERPNext site as far as the connector sees it: who the token signs
    in as, and Employee Checkins created from punches (kept here)."""

    def __init__(self):
        checkins = self.checkins = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path == "/api/method/frappe.auth.get_logged_user":
                    return self.answer(200, {"message": "Administrator"})
                self.answer(404, {"exc_type": "DoesNotExistError"})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path != CHECKIN:
                    return self.answer(404, {"exc_type": "DoesNotExistError"})
                checkins.append((dict(self.headers), body))
                self.answer(200, {"message": {"name": f"EMP-CKIN-{len(checkins):05d}", "employee": "HR-EMP-00001",
                                              "time": body["timestamp"], "log_type": body.get("log_type"),
                                              "device_id": body["device_id"], "doctype": "Employee Checkin"}})

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Connectors(ConsoleTestCase):
    def test_an_erpnext_connector_is_added_tested_delivers_punches_and_is_edited_and_deleted(self):
        server = self.server()
        server.create_user("ana", "admin")
        token = server.token()
        erpnext = Erpnext()
        self.addCleanup(erpnext.close)
        t = Terminal(server, "ERP001")
        t.handshake()
        b = self.browser
        b.sign_in(server, "ana", page="#/integrations?section=connectors")
        b.wait_text("#integration", "No connectors yet")

        # A URL the server refuses: the reason is shown by the field.
        b.fill("#connector-name", "HR site")
        b.fill("#connector-url", "ftp://erp.example.com")
        b.fill("#connector-api_key", "k3y")
        b.fill("#connector-api_secret", "s3cret")
        self.assertEqual(b.find("#connector-employee_field").get_attribute("value"), "attendance_device_id")
        b.click("#connector-form button[type=submit]")
        b.wait_text("#connector-form .invalid-feedback.from-server", "config.url: an http:// or https:// URL is required")
        self.assertIn("is-invalid", b.find("#connector-url").get_attribute("class"))
        self.assertEqual(server.api("GET", "/api/v1/connectors", token=token).json()["items"], [])

        b.fill("#connector-url", erpnext.url)
        b.fill("#connector-terminals", "ERP001")
        b.click("#connector-form button[type=submit]")
        b.wait_text("#connectors", "HR site")
        [connector] = server.api("GET", "/api/v1/connectors", token=token).json()["items"]
        self.assertEqual(connector["target"], "erpnext")
        self.assertEqual(connector["config"], {"url": erpnext.url, "api_key": "********", "api_secret": "********",
                                               "employee_field": "attendance_device_id", "device_id": "sn",
                                               "scope": {"terminals": ["ERP001"]}})
        self.assertNotIn("s3cret", b.driver.page_source)
        row = f"#connectors tr[data-connector='{connector['id']}']"
        self.assertEqual(b.cells(row)[0][:6], ["HR site", "ERPNext", erpnext.url, "never", "0", "none"])

        b.click(f"button[data-test='{connector['id']}']")
        b.wait_text("#connector-test-result", "ERPNext answered: signed in as Administrator.")

        # A punch of the terminal becomes an Employee Checkin; the status and the log say so.
        t.punch("7", "2026-12-07 08:00:00", status=0)
        eventually(lambda: erpnext.checkins)
        headers, checkin = erpnext.checkins[0]
        self.assertEqual(headers["Authorization"], "token k3y:s3cret")
        self.assertEqual(checkin, {"employee_field_value": "7", "timestamp": "2026-12-07 08:00:00", "device_id": "ERP001",
                                   "log_type": "IN", "skip_auto_attendance": 0, "employee_fieldname": "attendance_device_id"})
        eventually(lambda: b.cells(row)[0][3] not in ("", "never"))
        b.wait_text("#connector-log tbody", "delivered")
        self.assertEqual(b.cells("#connector-log tbody tr")[0][:5], ["att-1", "attendance.created", "delivered", "1", "200"])
        eventually(lambda: not b.all("#toasts .toast"))  # the toast of the creation has gone
        b.screenshot("connectors")

        # An edit sends only what changed: the secrets on file stay.
        b.click(f"a[data-edit='{connector['id']}']")
        b.wait_text("#integration .card-header", "Edit HR site (ERPNext)")
        self.assertEqual(b.find("#connector-api_secret").get_attribute("value"), "")
        b.fill("#connector-employee_field", "custom_badge")
        b.click("#connector-skip_auto_attendance")
        b.driver.execute_script("window.sent = []; const f = window.fetch;"
                                "window.fetch = (path, o) => { window.sent.push([o.method, path, o.body]); return f(path, o); };")
        b.click("#connector-form button[type=submit]")
        b.wait_text("#integration .card-header", "New connector")
        method, path, body = b.driver.execute_script("return window.sent")[0]
        self.assertEqual((method, path), ("PATCH", f"/api/v1/connectors/{connector['id']}"))
        self.assertEqual(json.loads(body), {"config": {"employee_field": "custom_badge", "skip_auto_attendance": True}})
        config = server.api("GET", f"/api/v1/connectors/{connector['id']}", token=token).json()["config"]
        self.assertEqual((config["employee_field"], config["skip_auto_attendance"], config["api_secret"]),
                         ("custom_badge", True, "********"))
        t.punch("8", "2026-12-07 08:01:00", status=1)
        eventually(lambda: len(erpnext.checkins) == 2)
        headers, checkin = erpnext.checkins[1]
        self.assertEqual(headers["Authorization"], "token k3y:s3cret")
        self.assertEqual((checkin["employee_fieldname"], checkin["skip_auto_attendance"], checkin["log_type"]),
                         ("custom_badge", 1, "OUT"))

        b.click(f"button[data-delete='{connector['id']}']")
        b.click(".modal-footer .btn-danger")
        b.wait_text("#integration", "No connectors yet")
        self.assertEqual(server.api("GET", "/api/v1/connectors", token=token).json()["items"], [])

    def test_an_operator_makes_a_terminal_an_exit_terminal_and_maps_its_keys(self):
        server = self.server()
        server.create_user("olga", "operator")
        token = server.token()
        t = Terminal(server, "EXIT01")
        t.handshake()
        direction = lambda: server.api("GET", "/api/v1/devices/EXIT01", token=token).json()["punch_direction"]
        self.assertEqual(direction(), "status")
        b = self.browser
        b.sign_in(server, "olga", page="#/terminals/EXIT01?tab=settings")
        self.assertTrue(b.find("#punch-direction-status").is_selected())
        self.assertIn("from now on", b.text_of("#punch-direction"))
        b.click("#punch-direction-out")
        b.click("#punch-direction button[type=submit]")
        eventually(lambda: direction() == "out")
        t.punch("7", "2026-12-07 17:00:00", status=0)
        punches = lambda: server.api("GET", "/api/v1/devices/EXIT01/attendance", token=token).json()["items"]
        self.assertEqual(eventually(punches)[0]["direction"], "out")

        # A custom mapping of the status keys; one the server refuses is shown by the field.
        b.click("#punch-direction-custom")
        b.fill("#punch-direction-mapping", "0=in, 1=sideways")
        b.click("#punch-direction button[type=submit]")
        b.wait_text("#punch-direction .invalid-feedback.from-server", "punch_direction:")
        self.assertEqual(direction(), "out")
        b.fill("#punch-direction-mapping", "0=out, 1=in")
        b.click("#punch-direction button[type=submit]")
        eventually(lambda: direction() == "status:0=out,1=in")
        b.open(server.url + "/#/terminals/EXIT01?tab=reported")  # away and back: read again
        b.open(server.url + "/#/terminals/EXIT01?tab=settings")
        self.assertTrue(b.find("#punch-direction-custom").is_selected())
        self.assertEqual(b.find("#punch-direction-mapping").get_attribute("value"), "0=out,1=in")
        b.driver.execute_script("document.getElementById('punch-direction').scrollIntoView({block: 'center', behavior: 'instant'})")
        b.screenshot("terminal-punch-direction")

    def test_an_odoo_connector_takes_odoo_s_fields(self):
        server = self.server()
        server.create_user("ana", "admin")
        token = server.token()
        group = server.api("POST", "/api/v1/device-groups", {"name": "Plant 2"}, token=token).json()
        b = self.browser
        b.sign_in(server, "ana", page="#/integrations?section=connectors")
        Select(b.find("#connector-target")).select_by_value("odoo")
        b.fill("#connector-name", "Odoo")
        b.fill("#connector-url", "https://mycompany.odoo.com")
        b.fill("#connector-database", "mycompany")
        b.fill("#connector-login", "zkpush@mycompany.com")
        b.fill("#connector-api_key", "0d00k3y")
        Select(b.find("#connector-employee_field")).select_by_value("pin")
        b.fill("#connector-time_zone", "east")
        Select(b.find("#connector-groups")).select_by_visible_text("Plant 2")
        self.assertEqual(b.all("#connector-api_secret"), [])
        b.click("#connector-form button[type=submit]")
        b.wait_text("#connector-form .invalid-feedback.from-server", "config.time_zone: hours")
        b.fill("#connector-time_zone", "330")
        b.click("#connector-form button[type=submit]")
        b.wait_text("#connectors", "Odoo")
        [connector] = server.api("GET", "/api/v1/connectors", token=token).json()["items"]
        self.assertEqual((connector["target"], connector["name"]), ("odoo", "Odoo"))
        self.assertEqual(connector["config"], {"url": "https://mycompany.odoo.com", "database": "mycompany",
                                               "login": "zkpush@mycompany.com", "api_key": "********",
                                               "employee_field": "pin", "time_zone": "330",
                                               "scope": {"groups": [group["id"]]}})


if __name__ == "__main__":
    unittest.main()
